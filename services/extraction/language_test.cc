#include "services/extraction/language.h"

#include <random>

#include "gtest/gtest.h"
#include "services/extraction/lexicon.h"

namespace dragoman::extraction {
namespace {

TEST(LanguageTest, FrenchAndEnglish) {
  EXPECT_EQ(DetectLanguage(Tokenize("Le ministre a reçu son homologue dans la capitale et les "
                                    "deux parties ont signé un accord.").tokens(), ""), "fr");
  EXPECT_EQ(DetectLanguage(Tokenize("The minister said that the two sides have agreed to work "
                                    "on the plan with their partners.").tokens(), ""), "en");
}

TEST(LanguageTest, HintWinsOnTooLittleText) {
  EXPECT_EQ(DetectLanguage(Tokenize("Astana 2025").tokens(), "en"), "en");
  EXPECT_EQ(DetectLanguage(Tokenize("Astana 2025").tokens(), ""), "fr");
}

// The counts go four tokens a step without branches: the same answers as
// counting one token at a time, for every length and mix of word bits
// (other lists' bits included).
TEST(LanguageTest, CountsLikeOneTokenAtATime) {
  std::mt19937 random(3);
  for (int round = 0; round < 5000; ++round) {
    std::vector<Token> tokens(random() % 24);
    int french = 0, english = 0;
    for (Token& t : tokens) {
      t.words = static_cast<uint32_t>(random());
      french += (t.words & kFrenchWord) != 0;
      english += (t.words & kEnglishWord) != 0;
    }
    for (const char* hint : {"", "de"}) {
      const std::string expected =
          french + english < 5 && hint[0] != '\0' ? hint : english > french ? "en" : "fr";
      ASSERT_EQ(DetectLanguage(tokens, hint), expected) << french << " " << english;
    }
  }
}

}  // namespace
}  // namespace dragoman::extraction
