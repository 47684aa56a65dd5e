// ClassifyLine and RemoveBoilerplate against their original code (kept
// below as the reference, as it was before the fast paths: no pattern
// prefilters, a scan of the tool word list, absl::StrReplaceAll for the
// spaces) on generated lines: every kind of line the patterns look for,
// their near misses, separators, Unicode spaces, combining marks, CRLF,
// controls and long prose.

#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/normalize/boilerplate.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "re2/re2.h"

namespace dragoman::normalize {
namespace reference {
// clang-format off

namespace {

// Lines longer than this are prose, whatever they contain.
constexpr size_t kMaxBoilerplateLine = 300;

// Interface words found on article pages (folded: lower case, no accents).
// An entry ending in '*' matches any item starting with it.
// clang-format off
constexpr const char* kToolWords[] = {
    "imprimer", "imprimer cette page", "imprimer l'article", "version imprimable", "print",
    "print this page", "partager", "partager sur*", "partager cet article", "partagez", "share",
    "share this", "share this article", "share on*", "recommander", "recommander a",
    "recommander a un ami", "envoyer", "envoyer a un ami", "envoyer par*", "email", "e-mail",
    "courriel", "mail", "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "wechat",
    "weibo", "vk", "viber", "pinterest", "reddit", "rss", "flipboard", "haut de page",
    "retour en haut*", "back to top", "top", "retour", "back", "accueil", "home", "rechercher",
    "recherche", "search", "se connecter", "connexion", "login", "log in", "sign in", "s'abonner*",
    "abonnez-vous*", "subscribe*", "newsletter", "s'inscrire*", "english", "francais", "espanol",
    "deutsch", "русский", "中文", "aller au contenu*", "skip to*", "aller au menu", "menu", "fermer",
    "close", "plan du site", "sitemap", "site map", "mentions legales", "legal notice",
    "accessibilite", "accessibility", "contact", "contacts", "contactez-nous", "nous contacter",
    "contact us", "a propos", "a propos de nous", "qui sommes-nous", "about", "about us",
    "taille du texte", "a+", "a-", "commentaires", "comments", "j'accepte", "je refuse",
    "accepter", "refuser", "tout accepter", "tout refuser", "parametrer les cookies",
    "copier le lien", "copy link", "lien copie", "telecharger", "download", "suivez-nous*",
    "follow us*", "politique de confidentialite", "privacy policy", "donnees personnelles",
    "cookies", "gestion des cookies", "credits", "faq", "aide", "help", "precedent", "suivant",
    "previous", "next", "lire la suite", "read more", "en savoir plus", "voir plus", "plus",
    "video", "videos", "photos", "tweet", "like", "j'aime"};
// clang-format on

std::string StripTrailingColon(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  while (absl::ConsumeSuffix(&s, ":")) s = absl::StripAsciiWhitespace(s);
  return std::string(s);
}

bool IsToolWord(absl::string_view item) {
  for (absl::string_view word : kToolWords) {
    if (absl::EndsWith(word, "*")) {
      if (absl::StartsWith(item, word.substr(0, word.size() - 1))) return true;
    } else if (item == word) {
      return true;
    }
  }
  return false;
}

// Spaces of every kind become ' ' so that splitting and regexes see them.
std::string PlainSpaces(absl::string_view line) {
  return absl::StrReplaceAll(line, {{"\t", "  "},
                                    {"\r", " "},
                                    {"\xC2\xA0", " "},
                                    {"\xE2\x80\xAF", " "},
                                    {"\xE2\x80\x87", " "},
                                    {"\xE2\x80\x89", " "},
                                    {"\xE3\x80\x80", "  "}});
}

struct Items {
  std::vector<std::string> raw;     // as written, trimmed, non-empty
  std::vector<std::string> folded;  // Fold() of each
  bool arrows = false;              // separated by '>' or '»' (breadcrumbs)
};

// Splits a line into the items of a menu or tool bar: pipes, spaced arrows
// and slashes, middle dots, bullets and runs of two or more spaces.
Items SplitItems(absl::string_view line) {
  static const RE2 kSeparator(R"(\s*(?:\||·|•|◦|▪)\s*|\s+(?:>|»|›|/)\s+|\s{2,})");
  static const RE2 kArrow(R"(\s(?:>|»|›)\s)");
  Items out;
  std::string s = PlainSpaces(line);
  out.arrows = RE2::PartialMatch(s, kArrow);
  RE2::GlobalReplace(&s, kSeparator, "\x1F");
  for (absl::string_view item : absl::StrSplit(s, '\x1F')) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) continue;
    std::string folded(absl::StripAsciiWhitespace(text::Fold(item)));
    if (folded.empty()) continue;  // only marks or invisible characters
    out.raw.emplace_back(item);
    out.folded.push_back(std::move(folded));
  }
  return out;
}

bool IsShortLabel(absl::string_view item, size_t max_words) {
  if (item.empty() || text::CodePointCount(item) > 40) return false;
  size_t words = 1;
  for (char c : item) {
    if (c == ' ') ++words;
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  if (words > max_words) return false;
  const char last = item.back();
  return last != '.' && last != '!' && last != '?' && last != ',' && last != ';';
}

// "FR", "EN", "ҚАЗ", "РУС": up to three letters, upper case.
bool IsLanguageCode(absl::string_view raw_item) {
  const size_t n = text::CodePointCount(raw_item);
  return n > 0 && n <= 3 && text::Fold(raw_item) != std::string(raw_item);
}

// A folded item made only of interface words: "imprimer",
// "partager : facebook", or single-spaced runs such as
// "recommander a imprimer".
bool IsToolPhrase(absl::string_view item) {
  const std::string whole = StripTrailingColon(item);
  if (IsToolWord(whole)) return true;
  std::vector<std::string> words;
  for (absl::string_view part : absl::StrSplit(whole, ':')) {
    for (absl::string_view w : absl::StrSplit(part, ' ', absl::SkipEmpty())) {
      words.emplace_back(w);
    }
    words.emplace_back(":");  // phrases never span a colon
  }
  // Greedy longest match, phrases of up to five words.
  size_t i = 0;
  while (i < words.size()) {
    if (words[i] == ":") {
      ++i;
      continue;
    }
    size_t best = 0;
    std::string phrase;
    for (size_t j = i; j < words.size() && j < i + 5 && words[j] != ":"; ++j) {
      phrase += (j == i ? "" : " ") + words[j];
      if (IsToolWord(phrase)) best = j - i + 1;
    }
    if (best == 0) return false;
    i += best;
  }
  return true;
}

bool IsToolLine(const Items& items) {
  if (items.folded.empty()) return false;
  for (size_t i = 0; i < items.folded.size(); ++i) {
    const bool language_switch = items.folded.size() >= 2 && IsLanguageCode(items.raw[i]);
    if (!language_switch && !IsToolPhrase(items.folded[i])) return false;
  }
  return true;
}

bool IsMenuLine(const Items& items) {
  const auto& v = items.folded;
  if (v.size() >= 3) {
    for (const std::string& item : v) {
      if (!IsShortLabel(item, 5)) return false;
    }
    return true;
  }
  // "Accueil > Chine", "Actualités > Monde": a breadcrumb trail.
  if (items.arrows && v.size() >= 2) {
    static const RE2 kHere(R"(^(?:vous etes ici|you are here)\s*:?\s*)");
    std::string first = v[0];
    RE2::Replace(&first, kHere, "");
    if (!IsShortLabel(first, 4)) return false;
    for (size_t i = 1; i < v.size(); ++i) {
      if (!IsShortLabel(v[i], 4)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

LineKind ClassifyLine(absl::string_view line) {
  const std::string plain(absl::StripAsciiWhitespace(PlainSpaces(line)));
  if (plain.empty()) return LineKind::kText;
  const size_t length = text::CodePointCount(plain);
  if (length > 600) return LineKind::kText;
  const std::string f = text::Fold(plain);

  static const RE2 kCookie(R"(\b(?:cookies?|traceurs)\b)");
  static const RE2 kCookieAction(
      R"(accept|utilis|navigat|consent|parametr|refus|privacy|confidentialite|experience)");
  if (RE2::PartialMatch(f, kCookie) && RE2::PartialMatch(f, kCookieAction)) {
    return LineKind::kCookieBanner;
  }
  if (length > kMaxBoilerplateLine) return LineKind::kText;

  static const RE2 kRelated(
      R"(^(?:(?:a |a\s)?(?:lire|voir) (?:aussi|egalement|encore)|)"
      R"((?:articles?|sujets?|contenus?|actualites?) (?:lies|liees|similaires|connexes|associes|recommandes)|)"
      R"(sur le meme (?:sujet|theme)|dans la meme rubrique|(?:les )?plus lus|)"
      R"((?:related|recommended)(?: articles?| stories| news| content| links)?|)"
      R"((?:read|see) (?:also|more)|more (?:on this|stories|news)|you may also like))"
      R"(\s*:?$)");
  if (RE2::FullMatch(f, kRelated)) return LineKind::kRelatedHeader;

  static const RE2 kTags(R"(^(?:mots[- ]cles?|tags?|keywords|themes?|etiquettes?)\s*:)");
  if (RE2::PartialMatch(f, kTags)) return LineKind::kTags;

  static const RE2 kCredit(
      R"(^(?:(?:photo|photos|foto|image|images|illustration|video|infographie|credits?)(?: photos?)?)"
      R"(|photo credit|source photo)\s*[:/\-–—])");
  static const RE2 kCopyright(R"(^(?:©|\(c\)\s|copyright\b))");
  static const RE2 kRights(R"(\b(?:tous droits reserves|all rights reserved)\b)");
  static const RE2 kAgencyCredit(
      R"(\((?:photo|photos|foto|video|image|xinhua|afp|reuters|ap|epa|ria novosti|tass)\s*[/:][^)]{0,60}\)\s*$)");
  static const RE2 kByline(
      R"(^(?:redaction|redacteur|redactrice|edite par|edition|editor|editeur|editrice|auteur|author|)"
      R"(traduction|traduit par|source)\s*:)");
  // "Deux ministres Photo:Agence": a caption ending in its credit.
  static const RE2 kTrailingCredit(R"(\b(?:photos?|credit photo)\s*:\s*[^\s]{1,40}$)");
  if (length <= 120 && RE2::PartialMatch(f, kTrailingCredit)) return LineKind::kCredit;
  if (RE2::PartialMatch(f, kCredit) || RE2::PartialMatch(f, kCopyright) ||
      RE2::PartialMatch(f, kRights) || RE2::PartialMatch(f, kAgencyCredit)) {
    return LineKind::kCredit;
  }
  static const RE2 kDigit(R"(\d)");
  if (length <= 80 && RE2::PartialMatch(f, kByline) && !RE2::PartialMatch(f, kDigit)) {
    return LineKind::kCredit;
  }

  static const RE2 kAddress(R"(^(?:l'adresse|adresse|address|addr\.?|adr\.?)\s*:)");
  static const RE2 kPhone(
      R"(\b(?:tel|telephone|phone|fax|telecopie|mobile)\b[^0-9+\n]{0,25}\+?\(?\d[\d ().\-/]{5,})");
  static const RE2 kPostalCode(R"(\bcode postal\b|\bp\.?\s?o\.? box\b|\bb\.?p\.? \d)");
  static const RE2 kStreet(
      R"(\d+(?:\s?(?:bis|ter))?,?\s+(?:rue|quai|boulevard|bd|avenue|av\.|place|allee|chemin|route|)"
      R"(impasse|cours|square|street|road|lane|drive)\b)");
  static const RE2 kPostalTown(R"(\b\d{4,6}\s+\p{L})");
  if (RE2::PartialMatch(f, kAddress) || RE2::PartialMatch(f, kPhone) ||
      RE2::PartialMatch(f, kPostalCode)) {
    return LineKind::kContact;
  }
  const char last = plain.back();
  if (RE2::PartialMatch(f, kStreet) && RE2::PartialMatch(f, kPostalTown) && last != '.' &&
      length <= 160) {
    return LineKind::kContact;
  }

  const Items items = SplitItems(plain);
  if (IsToolLine(items)) return LineKind::kPageTool;
  if (IsMenuLine(items)) return LineKind::kMenu;
  return LineKind::kText;
}

namespace {

struct Line {
  size_t begin;  // text offset of the first byte
  size_t end;    // offset of the '\n' ending it (or text end)
  bool keep = true;
};

bool IsBlank(absl::string_view s) { return absl::StripAsciiWhitespace(PlainSpaces(s)).empty(); }

// A link in a "read also" list: short and not a sentence, or bulleted.
bool IsListItem(absl::string_view raw) {
  const std::string s(absl::StripAsciiWhitespace(PlainSpaces(raw)));
  if (s.empty()) return true;
  static const RE2 kBullet(R"(^(?:[-*•·◦▪►▸●○–—>]|\d+[.)])\s*)");
  if (RE2::PartialMatch(s, kBullet)) return text::CodePointCount(s) <= 250;
  const char last = s.back();
  return text::CodePointCount(s) <= 160 && last != '.' && last != ':' && last != ';';
}

}  // namespace

AlignedText RemoveBoilerplate(const AlignedText& text) {
  const std::string& t = text.text();
  std::vector<Line> lines;
  for (size_t at = 0; at <= t.size();) {
    size_t nl = t.find('\n', at);
    if (nl == std::string::npos) nl = t.size();
    lines.push_back(Line{at, nl});
    at = nl + 1;
  }

  bool in_related = false;
  for (Line& line : lines) {
    const absl::string_view raw(t.data() + line.begin, line.end - line.begin);
    if (IsBlank(raw)) continue;
    if (in_related) {
      if (IsListItem(raw)) {
        line.keep = false;
        continue;
      }
      in_related = false;
    }
    const LineKind kind = ClassifyLine(raw);
    if (kind == LineKind::kRelatedHeader) in_related = true;
    line.keep = kind == LineKind::kText;
  }

  // A wire end marker after the last sentence: "... a-t-il dit. Fin".
  size_t last_end_override = std::string::npos;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (!it->keep) continue;
    const absl::string_view raw(t.data() + it->begin, it->end - it->begin);
    if (IsBlank(raw)) continue;
    static const RE2 kAlone(R"(^\s*\(?(?:Fin|FIN|Enditem|ENDITEM|END|End)\)?\s*$)");
    static const RE2 kTrailing(R"(^(.*[.!?»"”)])\s+\(?(?:Fin|FIN|Enditem|ENDITEM)\)?\s*$)");
    std::string kept;
    const re2::StringPiece piece(raw.data(), raw.size());
    if (RE2::FullMatch(piece, kAlone)) {
      it->keep = false;
    } else if (RE2::FullMatch(piece, kTrailing, &kept)) {
      last_end_override = it->begin + kept.size();
    }
    break;
  }

  AlignedText out;
  for (const Line& line : lines) {
    if (!line.keep) continue;
    size_t end = line.end;
    if (last_end_override != std::string::npos && line.begin < last_end_override &&
        last_end_override <= line.end) {
      end = last_end_override;
    }
    out.AppendFrom(text, line.begin, end);
    if (line.end < t.size()) out.AppendFrom(text, line.end, line.end + 1);
  }
  return out;
}

// clang-format on
}  // namespace reference

namespace {

// Pieces of boilerplate and of prose, and what may stand between them.
const std::vector<std::string>& Pieces() {
  static const auto* pieces = new std::vector<std::string>{
      "Imprimer", "imprimer cette page", "Partager", "Partager sur Facebook", "Share on X",
      "Haut de page", "Retour en haut de la page", "Accueil", "Home", "English", "FR", "EN",
      "\xD0\xA0\xD0\xA3\xD0\xA1", "ESP", "Espa\xC3\xB1ol", "S'abonner \xC3\xA0 la lettre",
      "T\xC3\xA9l\xC3\xA9" "charger", "Pr\xC3\xA9" "c\xC3\xA9" "dent", "Suivant", "Recommander \xC3\xA0",
      "un ami", "Envoyer par courriel", "Vous \xC3\xAAtes ici", "You are here", "Monde",
      "\xC3\x89" "conomie", "Vid\xC3\xA9os", "Actualit\xC3\xA9s", "Chine", "Asie centrale",
      "Photo", "Photos", "photo", "Cr\xC3\xA9" "dit photo", "Credits", "Source photo", "Image",
      "Illustration", "Infographie", "Foto", "Video", "\xC2\xA9", "(c) ", "Copyright",
      "Tous droits r\xC3\xA9serv\xC3\xA9s", "All Rights Reserved", "(Photo/Xinhua)", "(AFP)",
      "(photo : Agence)", "(Reuters)", "R\xC3\xA9" "daction", "R\xC3\xA9" "dacteur", "Source",
      "Auteur", "Author", "Traduction", "Traduit par", "Edit\xC3\xA9 par", "Editor",
      "T\xC3\xA9l.", "T\xC3\xA9l\xC3\xA9phone", "Tel", "Phone", "Fax", "T\xC3\xA9l\xC3\xA9" "copie",
      "Mobile", "+33 (0)1 23 45 67 89", "00-11-22334455", "12", "4 bis,", "rue", "avenue",
      "quai", "Street", "Road", "75008 Paris", "99000 Portville", "Code postal", "BP 12",
      "B.P. 7", "P.O. Box", "Adresse", "L'adresse", "Address", "Adr.", "A lire \xC3\xA9galement",
      "\xC3\x80 lire aussi", "Voir aussi", "Articles li\xC3\xA9s", "Sujets similaires",
      "Read also", "See more", "More stories", "Related", "Recommended articles",
      "You may also like", "Sur le m\xC3\xAAme sujet", "Dans la m\xC3\xAAme rubrique",
      "Les plus lus", "Plus lus", "Mots-cl\xC3\xA9s", "Mots cl\xC3\xA9s", "Tags", "Tag",
      "Keywords", "Th\xC3\xA8mes", "\xC3\x89tiquettes", "Ce site utilise des cookies",
      "cookie", "Cookies", "traceurs", "accepter", "refuser", "navigation", "exp\xC3\xA9rience",
      "confidentialit\xC3\xA9", "Le ministre", "a re\xC3\xA7u", "son homologue", "du Kazakhstan",
      "pour parler de la coop\xC3\xA9ration r\xC3\xA9gionale", "C\xC3\xB4te d\xE2\x80\x99Ivoire",
      "le 3 mai 2024", "2024-05-02 21:40", "Paris, le 2 mai 2024", "Kou\xC3\xA9v", "Koue\xCC\x81v",
      "\xCC\x81", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91\xCE\xA3", "\xE4\xB8\xAD\xE6\x96\x87",
      "\xE2\x84\xAA", "\xEF\xBB\xBF", "\xE2\x80\x8B", "\xC2\xAD", "Fin", "FIN", "Enditem", "ENDITEM",
      "END", "End", "(Fin)", "fin", "a dit.", "\xC2\xBB.", "\xE2\x80\x9D", "!", "?", ";", ",", ".",
      "3 > 2", "1/2", "Entretien (Paris, 2 mai 2024)"};
  return *pieces;
}

const std::vector<std::string>& Joints() {
  static const auto* joints = new std::vector<std::string>{
      " ", " ", " ", " ", "", " | ", "|", " \xC2\xB7 ", "\xC2\xB7", " \xE2\x80\xA2 ", " \xE2\x97\xA6 ",
      " \xE2\x96\xAA ", " > ", ">", " \xC2\xBB ", " \xE2\x80\xBA ", " / ", "/", "  ", "   ", "\t", " \t ",
      "\xC2\xA0", " \xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x87", "\xE2\x80\x89", "\xE3\x80\x80", " : ",
      ":", ": ", " :", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", "-", "\x1F", "\r", "\f", "\v", " \r",
      "\xC2\xA0:", ", ", "(", ")", " (", ") "};
  return *joints;
}

std::string GeneratedLine(std::mt19937& rng) {
  const auto& pieces = Pieces();
  const auto& joints = Joints();
  std::string line;
  const int leading = static_cast<int>(rng() % 8);
  if (leading == 0) line += joints[rng() % joints.size()];
  const int n = 1 + static_cast<int>(rng() % (rng() % 4 == 0 ? 60 : 8));
  for (int i = 0; i < n; ++i) {
    if (i > 0) line += joints[rng() % joints.size()];
    line += pieces[rng() % pieces.size()];
  }
  if (rng() % 6 == 0) line += joints[rng() % joints.size()];
  return line;
}

TEST(BoilerplateFastPathTest, ClassifyLineEqualsTheReferenceOnGeneratedLines) {
  std::mt19937 rng(20250601);
  int boilerplate = 0;
  for (int i = 0; i < 40000; ++i) {
    const std::string line = GeneratedLine(rng);
    const LineKind kind = ClassifyLine(line);
    ASSERT_EQ(static_cast<int>(kind), static_cast<int>(reference::ClassifyLine(line)))
        << "line: " << line;
    boilerplate += kind != LineKind::kText;
  }
  // The generator reaches the patterns, not only prose.
  EXPECT_GT(boilerplate, 4000);
}

TEST(BoilerplateFastPathTest, ClassifyLineEqualsTheReferenceOnEveryPieceAndPair) {
  for (const std::string& a : Pieces()) {
    ASSERT_EQ(static_cast<int>(ClassifyLine(a)), static_cast<int>(reference::ClassifyLine(a)))
        << a;
    for (const std::string& joint : {std::string(" "), std::string(" | "), std::string(": ")}) {
      for (const std::string& b : Pieces()) {
        const std::string line = a + joint + b;
        ASSERT_EQ(static_cast<int>(ClassifyLine(line)),
                  static_cast<int>(reference::ClassifyLine(line)))
            << line;
      }
    }
  }
}

AlignedText Mixed(const std::string& text, std::mt19937& rng) {
  // Linear runs and replacement runs, as HTML extraction leaves them.
  AlignedText t;
  size_t at = 0;
  while (at < text.size()) {
    const size_t n = std::min<size_t>(text.size() - at, 1 + rng() % 40);
    if (rng() % 5 == 0) {
      t.AppendReplacement(absl::string_view(text).substr(at, n), at * 2, at * 2 + 3);
    } else {
      t.AppendLinear(absl::string_view(text).substr(at, n), at * 2);
    }
    at += n;
  }
  return t;
}

TEST(BoilerplateFastPathTest, RemoveBoilerplateEqualsTheReferenceOnGeneratedDocuments) {
  std::mt19937 rng(7);
  const std::vector<std::string> breaks = {"\n", "\n", "\n\n", "\r\n", "\n \n", "\n\xC2\xA0\n",
                                           "\n\t\n\n"};
  const std::vector<std::string> endings = {"", "", " Fin", ". Fin", ". (Fin)", ". Fin )",
                                            "\xC2\xBB Enditem", ". ENDITEM  ", "\nFin", "\nEND\n",
                                            "\n(End)", ". Fin\f", ". Fin\v", "\n  FIN \t"};
  for (int i = 0; i < 3000; ++i) {
    std::string doc;
    const int lines = 1 + static_cast<int>(rng() % 14);
    for (int k = 0; k < lines; ++k) {
      if (k > 0) doc += breaks[rng() % breaks.size()];
      doc += GeneratedLine(rng);
    }
    doc += endings[rng() % endings.size()];
    const AlignedText in = Mixed(doc, rng);
    const AlignedText got = RemoveBoilerplate(in);
    const AlignedText want = reference::RemoveBoilerplate(in);
    ASSERT_EQ(got.text(), want.text()) << "document: " << doc;
    ASSERT_EQ(got.segments(), want.segments()) << "document: " << doc;
  }
}

}  // namespace
}  // namespace dragoman::normalize
