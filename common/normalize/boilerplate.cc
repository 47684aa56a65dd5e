#include "common/normalize/boilerplate.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace dragoman::normalize {
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

// kToolWords split once into whole words (a hash set) and prefixes: a
// line's phrases are looked up a few dozen times, and scanning the list
// measured a tenth of normalization.
struct ToolWordIndex {
  absl::flat_hash_set<absl::string_view> words;
  std::vector<absl::string_view> prefixes;  // entries ending in '*', without it
};

const ToolWordIndex& ToolWords() {
  static const ToolWordIndex* index = [] {
    auto* built = new ToolWordIndex;
    for (absl::string_view word : kToolWords) {
      if (absl::ConsumeSuffix(&word, "*")) {
        built->prefixes.push_back(word);
      } else {
        built->words.insert(word);
      }
    }
    return built;
  }();
  return *index;
}

bool IsToolWord(absl::string_view item) {
  const ToolWordIndex& index = ToolWords();
  if (index.words.contains(item)) return true;
  for (absl::string_view prefix : index.prefixes) {
    if (absl::StartsWith(item, prefix)) return true;
  }
  return false;
}

// Bytes of the no-break or typographic space at s[i] that PlainSpaces
// replaces (U+00A0, U+202F, U+2007, U+2009, U+3000), else 0.
size_t UnicodeSpaceLength(absl::string_view s, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  if (at(i) == 0xC2) return i + 1 < s.size() && at(i + 1) == 0xA0 ? 2 : 0;
  if (i + 2 >= s.size() || at(i + 1) != 0x80) return 0;
  if (at(i) == 0xE2) {
    const unsigned char last = at(i + 2);
    return last == 0xAF || last == 0x87 || last == 0x89 ? 3 : 0;
  }
  return at(i) == 0xE3 && at(i + 2) == 0x80 ? 3 : 0;
}

// Spaces of every kind become ' ' so that splitting and regexes see them:
// tab and U+3000 two spaces, '\r' and the other Unicode spaces one. By hand
// rather than absl::StrReplaceAll, which searched each line once per kind.
std::string PlainSpaces(absl::string_view line) {
  // The bytes that may start a replaced space.
  static constexpr auto kMayStart = [] {
    std::array<bool, 256> may{};
    for (unsigned char c : {'\t', '\r', '\xC2', '\xE2', '\xE3'}) may[c] = true;
    return may;
  }();
  std::string out;
  out.reserve(line.size() + 8);
  size_t copied = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (!kMayStart[c]) continue;
    const size_t length = c < 0x80 ? 1 : UnicodeSpaceLength(line, i);
    if (length == 0) continue;
    out.append(line.data() + copied, i - copied);
    out.append(c == '\t' || c == 0xE3 ? "  " : " ");
    i += length - 1;
    copied = i + 1;
  }
  out.append(line.data() + copied, line.size() - copied);
  return out;
}

struct Items {
  std::vector<std::string> raw;     // as written, trimmed, non-empty
  std::vector<std::string> folded;  // Fold() of each
  bool arrows = false;              // separated by '>' or '»' (breadcrumbs)
};

// Splits a line into the items of a menu or tool bar: pipes, spaced arrows
// and slashes, middle dots, bullets and runs of two or more spaces.
// False when `plain` certainly holds no separator of SplitItems (nor the
// byte it splits on), so that it is one item: no '|', '>', '/', '\x1F',
// middle dot, bullet or guillemet, and no two whitespace characters in a
// row. Most short lines are titles and datelines like that.
bool MaySplit(absl::string_view plain) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  };
  bool space_before = false;
  for (char c : plain) {
    if (c == '|' || c == '>' || c == '/' || c == '\x1F') return true;
    const bool space = is_space(c);
    if (space && space_before) return true;
    space_before = space;
  }
  for (absl::string_view separator : {"\xC2\xB7", "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA",
                                      "\xC2\xBB", "\xE2\x80\xBA"}) {
    if (absl::StrContains(plain, separator)) return true;
  }
  return false;
}

// `plain` is PlainSpaces'd and trimmed (PlainSpaces of it is itself); `f`
// is Fold(plain).
Items SplitItems(absl::string_view plain, absl::string_view f) {
  static const RE2 kSeparator(R"(\s*(?:\||·|•|◦|▪)\s*|\s+(?:>|»|›|/)\s+|\s{2,})");
  static const RE2 kArrow(R"(\s(?:>|»|›)\s)");
  Items out;
  if (!MaySplit(plain)) {
    // The one item is the line; what the loop below would fold is `f`.
    const absl::string_view folded = absl::StripAsciiWhitespace(f);
    if (!plain.empty() && !folded.empty()) {
      out.raw.emplace_back(plain);
      out.folded.emplace_back(folded);
    }
    return out;
  }
  std::string s(plain);
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
  // Views into `whole`; ":" marks the end of a part (no word holds a
  // colon, the split is on it).
  static constexpr absl::string_view kColon = ":";
  std::vector<absl::string_view> words;
  words.reserve(16);
  for (absl::string_view part : absl::StrSplit(whole, ':')) {
    for (absl::string_view w : absl::StrSplit(part, ' ', absl::SkipEmpty())) {
      words.push_back(w);
    }
    words.push_back(kColon);  // phrases never span a colon
  }
  // Greedy longest match, phrases of up to five words. Words one space
  // apart are already their phrase in `whole`; others are joined.
  size_t i = 0;
  std::string joined;
  while (i < words.size()) {
    if (words[i] == kColon) {
      ++i;
      continue;
    }
    size_t best = 0;
    bool contiguous = true;
    joined.clear();
    for (size_t j = i; j < words.size() && j < i + 5 && words[j] != kColon; ++j) {
      if (j > i && contiguous &&
          words[j].data() != words[j - 1].data() + words[j - 1].size() + 1) {
        contiguous = false;
        joined.assign(words[i].data(), words[j - 1].data() + words[j - 1].size() - words[i].data());
      }
      if (!contiguous) {
        joined += ' ';
        joined.append(words[j].data(), words[j].size());
      }
      const absl::string_view phrase =
          contiguous ? absl::string_view(words[i].data(),
                                         words[j].data() + words[j].size() - words[i].data())
                     : absl::string_view(joined);
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

// What a folded line contains that ClassifyLine's patterns need.
struct Contents {
  explicit Contents(absl::string_view f) : first(f.empty() ? '\0' : f.front()) {
    enum : uint8_t { kDigit = 1, kColon = 2, kOpenParen = 4 };
    static constexpr auto kFlags = [] {
      std::array<uint8_t, 256> flags{};
      for (int c = '0'; c <= '9'; ++c) flags[c] = kDigit;
      flags[':'] = kColon;
      flags['('] = kOpenParen;
      return flags;
    }();
    uint8_t seen = 0;
    for (char c : f) seen |= kFlags[static_cast<unsigned char>(c)];
    digit = seen & kDigit;
    colon = seen & kColon;
    open_paren = seen & kOpenParen;
  }
  // Whether the line starts with one of `bytes`.
  bool FirstOf(absl::string_view bytes) const {
    return first != '\0' && bytes.find(first) != absl::string_view::npos;
  }

  char first;
  bool digit = false;
  bool colon = false;
  bool open_paren = false;
};

}  // namespace

LineKind ClassifyLine(absl::string_view line) {
  std::string plain = PlainSpaces(line);
  if (const absl::string_view stripped = absl::StripAsciiWhitespace(plain);
      stripped.size() != plain.size()) {
    plain = std::string(stripped);
  }
  if (plain.empty()) return LineKind::kText;
  const size_t length = text::CodePointCount(plain);
  if (length > 600) return LineKind::kText;
  const std::string f = text::Fold(plain);
  // An RE2 call costs about a microsecond even when the pattern fails at
  // the first byte, and most lines are prose that no pattern matches. So
  // each pattern is tried only when `f` has what every match of it must
  // contain (a literal, a digit, a colon, one of its first letters): the
  // results are those of the patterns alone, for a fraction of the calls.
  static const RE2 kCookie(R"(\b(?:cookies?|traceurs)\b)");
  static const RE2 kCookieAction(
      R"(accept|utilis|navigat|consent|parametr|refus|privacy|confidentialite|experience)");
  // 'k' is rare in French, so one memchr mostly settles "cookie".
  const bool may_be_cookie =
      (f.find('k') != std::string::npos && absl::StrContains(f, "cookie")) ||
      memmem(f.data(), f.size(), "traceurs", 8) != nullptr;
  if (may_be_cookie && RE2::PartialMatch(f, kCookie) && RE2::PartialMatch(f, kCookieAction)) {
    return LineKind::kCookieBanner;
  }
  if (length > kMaxBoilerplateLine) return LineKind::kText;
  const Contents has(f);

  static const RE2 kRelated(
      R"(^(?:(?:a |a\s)?(?:lire|voir) (?:aussi|egalement|encore)|)"
      R"((?:articles?|sujets?|contenus?|actualites?) (?:lies|liees|similaires|connexes|associes|recommandes)|)"
      R"(sur le meme (?:sujet|theme)|dans la meme rubrique|(?:les )?plus lus|)"
      R"((?:related|recommended)(?: articles?| stories| news| content| links)?|)"
      R"((?:read|see) (?:also|more)|more (?:on this|stories|news)|you may also like))"
      R"(\s*:?$)");
  if (has.FirstOf("alvscdprmy") && RE2::FullMatch(f, kRelated)) return LineKind::kRelatedHeader;

  static const RE2 kTags(R"(^(?:mots[- ]cles?|tags?|keywords|themes?|etiquettes?)\s*:)");
  if (has.colon && has.FirstOf("mtke") && RE2::PartialMatch(f, kTags)) return LineKind::kTags;

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
  if (length <= 120 && has.colon && absl::StrContains(f, "photo") &&
      RE2::PartialMatch(f, kTrailingCredit)) {
    return LineKind::kCredit;
  }
  if ((has.FirstOf("pfivcs") && RE2::PartialMatch(f, kCredit)) ||
      (has.FirstOf("\xC2(c") && RE2::PartialMatch(f, kCopyright)) ||
      ((absl::StrContains(f, "droits reserves") || absl::StrContains(f, "rights reserved")) &&
       RE2::PartialMatch(f, kRights)) ||
      (has.open_paren && RE2::PartialMatch(f, kAgencyCredit))) {
    return LineKind::kCredit;
  }
  if (length <= 80 && !has.digit && has.colon && has.FirstOf("reats") &&
      RE2::PartialMatch(f, kByline)) {
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
  if ((has.colon && has.FirstOf("la") && RE2::PartialMatch(f, kAddress)) ||
      (has.digit &&
       (absl::StrContains(f, "tel") || absl::StrContains(f, "phone") ||
        absl::StrContains(f, "fax") || absl::StrContains(f, "mobile")) &&
       RE2::PartialMatch(f, kPhone)) ||
      ((has.digit || absl::StrContains(f, "code postal") || absl::StrContains(f, "box")) &&
       RE2::PartialMatch(f, kPostalCode))) {
    return LineKind::kContact;
  }
  const char last = plain.back();
  if (last != '.' && length <= 160 && has.digit && RE2::PartialMatch(f, kStreet) &&
      RE2::PartialMatch(f, kPostalTown)) {
    return LineKind::kContact;
  }

  const Items items = SplitItems(plain, f);
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

// Only ASCII whitespace and the spaces PlainSpaces replaces.
bool IsBlank(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (absl::ascii_isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    const size_t length = UnicodeSpaceLength(s, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Whether `line` may hold a wire end marker: kAlone and kTrailing below both
// end in one of these words, maybe a ')', and RE2 whitespace. kTrailing
// has a capture, which RE2 answers with its slow backtracker on the
// whole last paragraph, so the check is worth it.
bool MayEndWithMarker(absl::string_view line) {
  while (!line.empty()) {
    const char c = line.back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') break;
    line.remove_suffix(1);
  }
  absl::ConsumeSuffix(&line, ")");
  for (absl::string_view marker : {"Fin", "FIN", "Enditem", "ENDITEM", "END", "End"}) {
    if (absl::EndsWith(line, marker)) return true;
  }
  return false;
}

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
  lines.reserve(static_cast<size_t>(std::count(t.begin(), t.end(), '\n')) + 1);
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
    if (!MayEndWithMarker(raw)) break;
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

}  // namespace dragoman::normalize
