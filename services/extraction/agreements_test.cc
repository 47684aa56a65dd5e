#include "services/extraction/agreements.h"

#include "gtest/gtest.h"

namespace dragoman::extraction {
namespace {

std::vector<std::string> Titles(absl::string_view text) {
  TextIndex index(text);
  return AgreementTitles(index, index.sentences()[0]);
}

using V = std::vector<std::string>;

TEST(AgreementsTest, SplitsTwoTitles) {
  EXPECT_EQ(Titles("Les parties ont publié la Déclaration commune sur la coopération fluviale "
                   "et ont signé le Programme d'échanges pour 2026-2028."),
            (V{"Déclaration commune sur la coopération fluviale",
               "Programme d'échanges pour 2026-2028"}));
  EXPECT_EQ(Titles("Ils ont signé l'Accord sur les visas et le Protocole sanitaire."),
            (V{"Accord sur les visas", "Protocole sanitaire"}));
}

TEST(AgreementsTest, CommasInsideATitle) {
  EXPECT_EQ(Titles("Ils ont signé le Traité d'amitié, de commerce et de navigation, qui entre "
                   "en vigueur."),
            (V{"Traité d'amitié, de commerce et de navigation"}));
}

TEST(AgreementsTest, LowerCaseTitlesAndVerbsEndThem) {
  EXPECT_EQ(Titles("Les ministres ont adopté un communiqué conjoint réaffirmant leur soutien."),
            (V{"communiqué conjoint"}));
  EXPECT_EQ(Titles("Ils ont signé un mémorandum d'entente, puis ont visité le port."),
            (V{"mémorandum d'entente"}));
}

TEST(AgreementsTest, EnglishJointStatement) {
  EXPECT_EQ(Titles("The sides issued a Joint Statement on the partnership and signed a "
                   "Memorandum of Understanding on trade."),
            (V{"Joint Statement on the partnership", "Memorandum of Understanding on trade"}));
  // "joint" alone is not a document.
  EXPECT_EQ(Titles("They held joint exercises."), V{});
}

TEST(AgreementsTest, SigningWords) {
  EXPECT_TRUE(IsSigningWord("signe"));
  EXPECT_TRUE(IsSigningWord("adopted"));
  EXPECT_FALSE(IsSigningWord("discute"));
}

TEST(AgreementsTest, PassiveVoiceEndsTheTitle) {
  EXPECT_EQ(Titles("Un programme de coopération douanière pour 2026-2028 a été signé hier."),
            (V{"programme de coopération douanière pour 2026-2028"}));
  EXPECT_EQ(Titles("A Memorandum on Water Resources has been signed by both sides."),
            (V{"Memorandum on Water Resources"}));
}

}  // namespace
}  // namespace dragoman::extraction
