#include "services/ingest/near_duplicate.h"

#include <string>

#include "gtest/gtest.h"

namespace dragoman::ingest {
namespace {

// Written for these tests: one story, as two outlets would wrap it.
constexpr char kStory[] =
    "Le ministre des Affaires étrangères de Valmerie, Oskar Brandt, a reçu jeudi à Port-Lune "
    "son homologue de Castelnau, Ines Aubrac, pour un entretien consacré au commerce fluvial, "
    "aux visas étudiants et à la gestion commune du bassin de la Sorne. Les deux ministres "
    "ont salué la reprise des liaisons ferroviaires et sont convenus de réunir avant la fin "
    "de l'année la commission mixte chargée des questions frontalières. M. Brandt a rappelé "
    "que son pays souhaitait un accord sur la pêche durable, tandis que Mme Aubrac a insisté "
    "sur la coopération universitaire et sur la protection du patrimoine des deux rives.";

std::string Wrapped(const std::string& header, const std::string& footer) {
  return header + "\n\n" + kStory + "\n\n" + footer;
}

TEST(NearDuplicateTest, SameStoryInAnotherWrapperIsSimilar) {
  const MinHashSignature a =
      Signature(Wrapped("Agence Alpha | Monde | 12 mars", "Lire aussi : la météo du week-end"));
  const MinHashSignature b = Signature(
      Wrapped("Le Courrier de l'Est — Diplomatie", "Tous droits réservés. Partager cet article"));
  ASSERT_EQ(a.size(), static_cast<size_t>(kMinHashes));
  EXPECT_GE(EstimatedSimilarity(a, b), kNearDuplicateSimilarity);
  EXPECT_EQ(EstimatedSimilarity(a, a), 1.0);
}

TEST(NearDuplicateTest, CaseAndAccentsDoNotMatter) {
  std::string upper = kStory;
  for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  EXPECT_GE(EstimatedSimilarity(Signature(kStory), Signature(upper)), 0.9);
}

TEST(NearDuplicateTest, AnotherStoryOnTheSameTopicIsNot) {
  constexpr char kOther[] =
      "Le Premier ministre de Castelnau, Paul Verdier, s'est entretenu mardi au téléphone avec "
      "le président de Valmerie. Ils ont évoqué le commerce fluvial, la sécurité énergétique et "
      "la préparation du sommet régional prévu à l'automne, et ont chargé leurs ministres des "
      "Affaires étrangères de préparer une feuille de route commune sur les visas étudiants.";
  EXPECT_LT(EstimatedSimilarity(Signature(kStory), Signature(kOther)), 0.2);
}

TEST(NearDuplicateTest, TooShortTextHasNoSignature) {
  EXPECT_TRUE(Signature("Deux mots").empty());
  EXPECT_EQ(EstimatedSimilarity({}, {}), 0.0);
  EXPECT_TRUE(BandKeys({}).empty());
}

TEST(NearDuplicateTest, BandsAndEncodingRoundTrip) {
  const MinHashSignature sig = Signature(kStory);
  EXPECT_EQ(DecodeSignature(EncodeSignature(sig)), sig);
  const std::vector<std::string> bands = BandKeys(sig);
  ASSERT_EQ(bands.size(), static_cast<size_t>(kBands));
  EXPECT_EQ(bands[0].size(), 9u);
  EXPECT_EQ(BandKeys(Signature(kStory)), bands);  // stable across calls
}

}  // namespace
}  // namespace dragoman::ingest
