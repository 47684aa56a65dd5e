#include "common/text/unicode.h"

#include <chrono>
#include <string>

#include "gtest/gtest.h"

namespace dragoman::text {
namespace {

TEST(NfcTest, ComposesDecomposedAccents) {
  EXPECT_EQ(ToNfc("Pe\xCC\x81kin"), "Pékin");
  EXPECT_EQ(ToNfc("déjà"), "déjà");
}

TEST(FoldTest, RemovesAccentsCaseAndTypography) {
  EXPECT_EQ(Fold("Kouloubaïev"), "kouloubaiev");
  EXPECT_EQ(Fold("Côte d’Ivoire"), "cote d'ivoire");
  EXPECT_EQ(Fold("  Asie\u00A0 centrale "), "asie centrale");
  EXPECT_EQ(Fold("Chine–Asie"), "chine-asie");
}

TEST(FoldTest, KeepsScriptsAndFoldsCaseBeyondLatin) {
  EXPECT_EQ(Fold("ΜΟΣΚΒΑ Москва"), "μοσκβα москва");
  EXPECT_EQ(Fold("王毅"), "王毅");
  EXPECT_EQ(Fold("e\xCC\x81\xCC\x81\xCC\x81"), "e");
  EXPECT_EQ(Fold("İSTANBUL"), "istanbul");
}

// U+02BC is two bytes in UTF-8; folding it once ate the next byte too and
// left ill-formed UTF-8 (found by fuzz/utf8_fuzzer).
TEST(FoldTest, ModifierApostropheKeepsTheNextCharacter) {
  EXPECT_EQ(Fold("Ra\xCA\xBC\xE2\x80\x90x"), "ra'-x");
  EXPECT_EQ(Fold("O\xCA\xBCzbekiston"), "o'zbekiston");
}

// A megabyte-long word (hostile input reaches the full-text index) folds in
// linear time; the ICU transliterator took minutes.
TEST(FoldTest, MegabyteWordIsLinear) {
  std::string word;
  for (int i = 0; i < 500000; ++i) word += "\xC3\xA9";  // é
  const auto start = std::chrono::steady_clock::now();
  const std::string folded = Fold(word);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(folded, std::string(500000, 'e'));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(SlugTest, MakesReadableIds) {
  EXPECT_EQ(Slug("Zheenbek Kulubaev"), "zheenbek-kulubaev");
  EXPECT_EQ(Slug("Organisation de coopération de Shanghai (OCS)"),
            "organisation-de-cooperation-de-shanghai-ocs");
}

TEST(IsWordCodePointTest, LettersDigitsAndMarksButNotPunctuation) {
  EXPECT_TRUE(IsWordCodePoint('a'));
  EXPECT_TRUE(IsWordCodePoint('7'));
  EXPECT_TRUE(IsWordCodePoint(0x0439));  // Cyrillic й
  EXPECT_TRUE(IsWordCodePoint(0x0301));  // combining acute
  EXPECT_FALSE(IsWordCodePoint('-'));
  EXPECT_FALSE(IsWordCodePoint(0x2019));  // typographic apostrophe
  EXPECT_FALSE(IsWordCodePoint(-1));
}

}  // namespace
}  // namespace dragoman::text
