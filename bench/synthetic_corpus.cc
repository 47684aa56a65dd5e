#include "bench/synthetic_corpus.h"

#include <random>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"

namespace dragoman::bench {

namespace rv1 = dragoman::records::v1;

namespace {

constexpr int kPersons = 20;  // per country
constexpr int kPlaces = 4;    // per country

const char* const kCountries[] = {"KZ", "KG", "TJ", "TM", "UZ", "CN",
                                  "RU", "FR", "DE", "TR", "IN", "JP"};
const char* const kAdjectives[] = {"kazakh", "kirghiz", "tadjik", "turkmène", "ouzbek", "chinois",
                                   "russe",  "français", "allemand", "turc", "indien", "japonais"};
const char* const kEnglishAdjectives[] = {"Kazakh", "Kyrgyz", "Tajik",  "Turkmen", "Uzbek",
                                          "Chinese", "Russian", "French", "German", "Turkish",
                                          "Indian", "Japanese"};
const char* const kSyllables[] = {"ka", "ra", "mo", "li", "sa", "ne", "tu", "bo", "da", "ri",
                                  "vel", "zan", "kor", "mir", "nur", "tash", "bek", "dor", "gul",
                                  "ya", "shi", "lo", "ven", "qu", "ar"};
const char* const kTopics[] = {
    "eau", "énergie", "gazoduc", "céréales", "frontière", "sécurité", "commerce",
    "investissements", "éducation", "culture", "santé", "numérique", "tourisme", "agriculture",
    "climat", "douanes", "logistique", "hydroélectricité", "uranium", "chemin de fer",
    "aviation", "migrations", "terrorisme", "stupéfiants", "textile", "coton", "pétrole",
    "électricité", "télécommunications", "universités", "jeunesse", "sport", "archéologie",
    "médecine", "pharmacie", "banques", "monnaie", "assurance", "automobiles", "engrais",
    "irrigation", "glaciers", "montagnes", "routes", "ponts", "ports", "satellites",
    "recherche", "langues", "traduction", "cinéma", "musées", "presse", "élections",
    "justice", "police", "armée", "désarmement", "réfugiés", "diaspora"};
const char* const kEnglishTopics[] = {"water",   "energy",  "pipeline", "grain",   "border",
                                      "security", "trade",   "investment", "education", "culture",
                                      "health",  "digital", "tourism",  "farming", "climate"};
const char* const kFiller[] = {
    "Les deux parties ont salué la qualité de leurs relations.",
    "La rencontre s'est déroulée dans une atmosphère cordiale.",
    "Un communiqué conjoint a été publié à l'issue des entretiens.",
    "Les ministres sont convenus de se revoir avant la fin de l'année.",
    "Les délégations ont visité un chantier en cours de construction.",
    "Plusieurs vice-ministres assistaient à la réunion.",
    "La presse locale a largement rendu compte de cette visite.",
    "Des experts prépareront une feuille de route commune.",
    "La partie invitée a remercié ses hôtes pour leur accueil.",
    "Les entretiens ont duré plus de deux heures.",
};
const char* const kMonths[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                               "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
const char* const kEnglishMonths[] = {"January", "February", "March",     "April",
                                      "May",     "June",     "July",      "August",
                                      "September", "October", "November", "December"};

std::string Capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Word(std::mt19937_64& rng, int syllables) {
  std::string out;
  for (int i = 0; i < syllables; ++i) out += kSyllables[rng() % std::size(kSyllables)];
  return out;
}

// Appends `s` to `text`, returning its code-point span.
std::pair<int, int> Append(std::string* text, const std::string& s) {
  const int start = static_cast<int>(text::CodePointCount(*text));
  *text += s;
  return {start, start + static_cast<int>(text::CodePointCount(s))};
}

rv1::Span MakeSpan(std::pair<int, int> s) {
  rv1::Span out;
  out.set_start(s.first);
  out.set_end(s.second);
  return out;
}

}  // namespace

SyntheticCorpus::SyntheticCorpus(uint64_t seed) : seed_(seed) {
  std::mt19937_64 rng(seed);
  countries_.assign(std::begin(kCountries), std::end(kCountries));
  for (size_t c = 0; c < countries_.size(); ++c) {
    for (int k = 0; k < kPersons; ++k) {
      person_names_.push_back(
          absl::StrCat(Capitalize(Word(rng, 2)), " ", Capitalize(Word(rng, 3)), "ov"));
    }
    for (int k = 0; k < kPlaces; ++k) place_names_.push_back(Capitalize(Word(rng, 3)));
  }
  topics_.assign(std::begin(kTopics), std::end(kTopics));
}

rv1::DocumentRecords SyntheticCorpus::Document(int n) const {
  std::mt19937_64 rng(seed_ ^ (0x9E3779B97F4A7C15ull * static_cast<uint64_t>(n + 1)));
  const int nc = static_cast<int>(countries_.size());
  const int a = static_cast<int>(rng() % nc);
  int b = static_cast<int>(rng() % (nc - 1));
  if (b >= a) ++b;
  const int pa = a * kPersons + static_cast<int>(rng() % kPersons);
  const int pb = b * kPersons + static_cast<int>(rng() % kPersons);
  const int place = a * kPlaces + static_cast<int>(rng() % kPlaces);
  const int year = 2015 + static_cast<int>(rng() % 11);
  const int month = 1 + static_cast<int>(rng() % 12);
  const int day = 1 + static_cast<int>(rng() % 28);
  const bool english = rng() % 10 == 0;
  static constexpr rv1::EventType kTypes[] = {rv1::EVENT_TYPE_MEETING, rv1::EVENT_TYPE_PHONE_CALL,
                                              rv1::EVENT_TYPE_VISIT,
                                              rv1::EVENT_TYPE_STRATEGIC_DIALOGUE};
  const rv1::EventType type = kTypes[rng() % 4];

  rv1::DocumentRecords r;
  rv1::Document* d = r.mutable_document();
  d->set_id(absl::StrCat("bench", n));
  d->set_uri(absl::StrCat("bench/", n, ".txt"));
  d->set_language(english ? "en" : "fr");
  const std::string date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
  d->set_published(date);
  const std::string& name_a = person_names_[pa];
  const std::string& name_b = person_names_[pb];
  const std::string& where = place_names_[place];
  d->set_title(english ? absl::StrCat(name_a, " meets ", name_b, " in ", where)
                       : absl::StrCat(name_a, " s'entretient avec ", name_b, " à ", where));

  std::string text = d->title() + "\n\n";
  std::pair<int, int> mention_a, mention_b, mention_place, evidence;
  if (english) {
    const std::string lead = absl::StrCat("On ", day, " ", kEnglishMonths[month - 1], " ", year,
                                          ", in ");
    evidence.first = Append(&text, lead).first;
    mention_place = Append(&text, where);
    Append(&text, absl::StrCat(", the ", kEnglishAdjectives[a], " Minister of Foreign Affairs "));
    mention_a = Append(&text, name_a);
    Append(&text, " met his ");
    Append(&text, absl::StrCat(kEnglishAdjectives[b], " counterpart "));
    mention_b = Append(&text, name_b);
    evidence.second = Append(&text, ".").second;
    text += absl::StrCat(" They discussed ", kEnglishTopics[rng() % std::size(kEnglishTopics)],
                         ", ", kEnglishTopics[rng() % std::size(kEnglishTopics)], " and ",
                         kEnglishTopics[rng() % std::size(kEnglishTopics)], ".");
  } else {
    const std::string lead = absl::StrCat("Le ", day, " ", kMonths[month - 1], " ", year, ", à ");
    evidence.first = Append(&text, lead).first;
    mention_place = Append(&text, where);
    Append(&text, absl::StrCat(", le ministre ", kAdjectives[a], " des Affaires étrangères "));
    mention_a = Append(&text, name_a);
    Append(&text, type == rv1::EVENT_TYPE_PHONE_CALL ? " s'est entretenu au téléphone avec "
                                                     : " a reçu ");
    Append(&text, absl::StrCat("son homologue ", kAdjectives[b], " "));
    mention_b = Append(&text, name_b);
    evidence.second = Append(&text, ".").second;
    text += absl::StrCat(" Les deux ministres ont évoqué ", topics_[rng() % topics_.size()], ", ",
                         topics_[rng() % topics_.size()], " et ", topics_[rng() % topics_.size()],
                         ".");
    text += absl::StrCat(" Ils ont souligné l'importance de la coopération dans le domaine ",
                         "suivant : ", topics_[rng() % topics_.size()], ".");
  }
  const int fillers = 2 + static_cast<int>(rng() % 5);
  for (int i = 0; i < fillers; ++i) {
    text += " ";
    text += kFiller[rng() % std::size(kFiller)];
  }
  std::string agreement;
  if (rng() % 5 == 0) {
    agreement = absl::StrCat("Accord sur ", topics_[rng() % topics_.size()]);
    text += absl::StrCat(" Un ", absl::AsciiStrToLower(agreement.substr(0, 1)),
                         agreement.substr(1), " a été signé.");
  }
  text += "\n";
  d->set_clean_text(text);

  auto person = [&](const std::string& local, int p, int country, std::pair<int, int> m) {
    rv1::Entity* e = r.add_entities();
    e->set_id(local);
    e->set_type(rv1::ENTITY_TYPE_PERSON);
    e->set_key(absl::StrCat("person:", text::Slug(person_names_[p])));
    e->set_name(person_names_[p]);
    e->set_country(countries_[country]);
    *e->add_mentions() = MakeSpan(m);
  };
  person("p1", pa, a, mention_a);
  person("p2", pb, b, mention_b);
  rv1::Entity* l = r.add_entities();
  l->set_id("l1");
  l->set_type(rv1::ENTITY_TYPE_PLACE);
  l->set_key(absl::StrCat("place:", text::Slug(where)));
  l->set_name(where);
  l->set_country(countries_[a]);
  *l->add_mentions() = MakeSpan(mention_place);

  rv1::Event* e = r.add_events();
  e->set_id("e1");
  e->set_type(type);
  e->set_date(date);
  e->set_location("l1");
  for (const auto& [local, country] : {std::pair<std::string, int>{"p1", a}, {"p2", b}}) {
    rv1::Participant* p = e->add_participants();
    p->set_entity(local);
    p->set_role(rv1::ROLE_FOREIGN_MINISTER);
    p->set_country(countries_[country]);
  }
  e->add_countries(countries_[a]);
  e->add_countries(countries_[b]);
  if (!agreement.empty()) e->add_agreements(agreement);
  if (type == rv1::EVENT_TYPE_STRATEGIC_DIALOGUE) {
    e->set_series("dialogue stratégique");
    e->set_ordinal(1 + (year - 2015));
  }
  *e->add_evidence() = MakeSpan(evidence);
  for (const auto& [local, country, m] :
       {std::tuple<std::string, int, std::pair<int, int>>{"p1", a, mention_a}, {"p2", b, mention_b}}) {
    rv1::Office* o = r.add_offices();
    o->set_person(local);
    o->set_role(rv1::ROLE_FOREIGN_MINISTER);
    o->set_country(countries_[country]);
    o->set_as_of(date);
    *o->mutable_evidence() = MakeSpan(m);
  }
  return r;
}

}  // namespace dragoman::bench
