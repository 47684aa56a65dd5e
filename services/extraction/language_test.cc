#include "services/extraction/language.h"

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace dragoman::extraction
