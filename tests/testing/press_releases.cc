#include "tests/testing/press_releases.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dragoman::testing {
namespace {

struct Minister {
  const char* name;
  const char* adjective;  // "ministre kazakh des Affaires étrangères"
  const char* capital;
};

// Foreign ministers and their capitals (facts; the sentences are ours).
constexpr Minister kMinisters[] = {
    {"Wang Yi", "chinois", "Pékin"},
    {"Murat Nurtleu", "kazakh", "Astana"},
    {"Bakhtiyor Saidov", "ouzbek", "Tachkent"},
    {"Jeenbek Kulubaev", "kirghiz", "Bichkek"},
    {"Sirojiddin Muhriddin", "tadjik", "Douchanbé"},
    {"Rashid Meredov", "turkmène", "Achgabat"},
    {"Sergueï Lavrov", "russe", "Moscou"},
};

constexpr const char* kMonths[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                   "juillet", "août",    "septembre", "octobre", "novembre",
                                   "décembre"};

// Lowercase words only, so the commentary names no entity.
constexpr const char* kWords[] = {
    "coopération", "commerce",   "énergie",     "transport",  "frontière",  "douane",
    "agriculture", "eau",        "climat",      "éducation",  "culture",    "tourisme",
    "santé",       "sécurité",   "investissement", "logistique", "numérique", "industrie",
    "partenariat", "dialogue",   "confiance",   "stabilité",  "croissance", "projet",
    "route",       "chemin",     "port",        "réseau",     "marché",     "entreprise",
    "jeunesse",    "université", "recherche",   "science",    "technologie", "innovation",
    "financement", "banque",     "crédit",      "monnaie",    "échange",    "visa",
    "voyage",      "vol",        "train",       "gazoduc",    "pétrole",    "minerai",
    "coton",       "blé",        "fruit",       "irrigation", "barrage",    "électricité",
    "solaire",     "vent",       "hydrogène",   "usine",      "emploi",     "formation",
    "langue",      "médias",     "presse",      "sport",      "musée",      "patrimoine",
    "archéologie", "traduction", "consultation", "mécanisme", "comité",     "groupe",
    "calendrier",  "priorité",   "objectif",    "étape",      "résultat",   "accord",
    "principe",    "respect",    "souveraineté", "voisinage", "amitié",     "avenir",
    "régional",    "bilatéral",  "durable",     "commun",     "nouveau",    "solide",
    "pratique",    "concret",    "ambitieux",   "rapide",     "large",      "mutuel",
    "renforcer",   "développer", "élargir",     "moderniser", "soutenir",   "relancer",
    "examiner",    "préparer",   "coordonner",  "faciliter",  "approfondir", "encourager",
    "et",          "de",         "la",          "le",         "des",        "pour",
    "avec",        "dans",       "sur",         "entre",      "plus",       "aussi",
};

std::string Commentary(std::mt19937& rng, int words) {
  std::uniform_int_distribution<size_t> pick(0, std::size(kWords) - 1);
  std::string out;
  for (int i = 0; i < words; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : " ", kWords[pick(rng)]);
    if (i % 14 == 13) absl::StrAppend(&out, ".");
  }
  return absl::StrCat(out, ".");
}

}  // namespace

std::vector<GeneratedDocument> GeneratePressReleases(int count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> minister(0, std::size(kMinisters) - 1);
  std::uniform_int_distribution<int> day(1, 28), month(0, 11), year(2019, 2025);
  std::uniform_int_distribution<int> hour(8, 21), minute(0, 59);
  std::vector<GeneratedDocument> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    const Minister& host = kMinisters[minister(rng)];
    const Minister* guest = &kMinisters[minister(rng)];
    while (guest == &host) guest = &kMinisters[minister(rng)];
    const int d = day(rng), m = month(rng), y = year(rng);
    const std::string date = absl::StrCat(d == 1 ? "1er" : absl::StrCat(d), " ", kMonths[m], " ", y);
    std::string text = absl::StrCat(
        "Ministère des Affaires étrangères\n\n", host.name, " s'entretient avec ", guest->name,
        " à ", host.capital, "\n\n",
        absl::StrFormat("%04d-%02d-%02d %02d:%02d", y, m + 1, d, hour(rng), minute(rng)), "\n\n",
        "Le ", date, ", à ", host.capital, ", le ministre ", host.adjective,
        " des Affaires étrangères ", host.name, " s'est entretenu avec ", guest->name,
        ", ministre ", guest->adjective, " des Affaires étrangères.\n\n", host.name,
        " a parlé de ", Commentary(rng, 40), "\n\n", guest->name, " a répondu sur ",
        Commentary(rng, 40), "\n\nLes deux ministres ont aussi évoqué ", Commentary(rng, 30),
        "\n");
    out.push_back({absl::StrFormat("generated/release-%04d.txt", i), std::move(text)});
  }
  return out;
}

}  // namespace dragoman::testing
