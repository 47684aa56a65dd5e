#include "common/text/unicode.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace dragoman::text {
namespace {

TEST(FoldTest, WordByWordExamples) {
  EXPECT_EQ(Fold("Côte d’Ivoire"), "cote d'ivoire");
  EXPECT_EQ(Fold("  Kouloubaïev\t\n  ÉTÉ  "), "kouloubaiev ete");
  EXPECT_EQ(Fold("a\xC2\xA0\xC2\xA0" "b \xC2\xA0 c"), "a b c");
  EXPECT_EQ(Fold(""), "");
  EXPECT_EQ(Fold(" \xC2\xA0 "), "");
}

// Pieces that exercise every step of Fold and the contexts it could have:
// marks alone and after spaces, no-break spaces at word edges, typographic
// apostrophes and dashes, Greek capital sigma (whose lower case depends on
// its neighbours), dotted capital I, sharp s, Cyrillic, Hangul jamo (which
// compose), CJK, controls and every ASCII space Fold collapses.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "a", "B", "z", "Q", "0", "7", "'", "-", ".", ",", ":", "(", ")", "\"", "/",
      " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\f", "\v", "\x01",
      "é", "É", "è", "ê", "ë", "à", "â", "ç", "Ç", "ï", "î", "ô", "û", "ù", "ü", "ÿ", "œ", "Œ",
      "æ", "ß", "ø", "Å", "ñ", "ǅ", "ǖ", "Ŀ",
      "\xCC\x81",          // U+0301 combining acute
      "\xCC\x88",          // U+0308 combining diaeresis
      "\xCC\xA7",          // U+0327 combining cedilla
      "\xC2\xA0",          // no-break space
      "\xE2\x80\xAF",      // narrow no-break space
      "\xE2\x80\x89",      // thin space
      "\xE2\x80\x99", "\xE2\x80\x98", "\xCA\xBC",  // apostrophes
      "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x93", "\xE2\x80\x94",  // dashes
      "«", "»", "…", "€", "°", "·", "•",
      "Σ", "σ", "ς", "Α", "Ω", "ά", "Ά",
      "İ", "I", "ı",
      "Ж", "ж", "Й", "й", "Ё", "ё", "Қ",
      "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8",  // Hangul L, V, T jamo
      "가", "中", "文",
      "\xE0\xA4\x95", "\xE0\xA4\xBC", "\xE0\xA4\xBE",  // Devanagari ka, nukta, aa
      "\xEF\xBB\xBF",  // BOM
      "\xF0\x9F\x98\x80",  // emoji
  };
  return pieces;
}

// Up to 40 pieces drawn at random.
std::string GeneratedText(std::mt19937& random) {
  const std::vector<std::string>& pieces = Pieces();
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  std::string s;
  const int n = length(random);
  for (int k = 0; k < n; ++k) s += pieces[pick(random)];
  return s;
}

TEST(FoldTest, SameBytesAsIcuOverTheWholeTextOnGeneratedText) {
  std::mt19937 random(20261126);
  for (int round = 0; round < 20000; ++round) {
    const std::string s = GeneratedText(random);
    ASSERT_EQ(Fold(s), internal::FoldWithIcu(s)) << "input: " << s;
  }
}

TEST(FoldTest, SameBytesAsIcuOverTheWholeTextOnRepeatedWords) {
  // The second time a word is met its fold is remembered.
  const std::string s = "Le ministre a rencontré l’ÉTÉ à Douchanbé ; le ministre a rencontré";
  EXPECT_EQ(Fold(s), internal::FoldWithIcu(s));
  EXPECT_EQ(Fold(s), internal::FoldWithIcu(s));
}

// Long ASCII words and sentences (Fold lower-cases eight bytes at a time
// where the text is plain words and single spaces) with the pieces above
// in between: at every offset within the eight bytes, next to punctuation,
// runs of spaces and non-ASCII words, at the start and end.
TEST(FoldTest, SameBytesAsIcuOnLongAsciiRunsMixedWithPieces) {
  std::mt19937 random(7);
  const std::vector<std::string>& pieces = Pieces();
  const std::vector<std::string> ascii = {
      "Le", "ministre", "des", "AFFAIRES", "etrangeres", "a", "recu", "son", "homologue",
      "Kazakhstan", "Astana,", "(AFP)", "2024-05-02", "!!", "!", "!a", "A!", "x", "Z", "@[`{",
      "0123456789", "antidisestablishmentarianism", "Q", "!!!!!!!!!", "~~", "\x7F"};
  std::uniform_int_distribution<size_t> pick_piece(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> pick_ascii(0, ascii.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(random() % 30);
    for (int k = 0; k < n; ++k) {
      switch (random() % 6) {
        case 0:
          s += pieces[pick_piece(random)];
          break;
        case 1:
          s += "  ";
          break;
        default:
          s += ascii[pick_ascii(random)];
          if (random() % 4 != 0) s += ' ';
          break;
      }
    }
    ASSERT_EQ(Fold(s), internal::FoldWithIcu(s)) << "input: " << s;
  }
}

}  // namespace
}  // namespace dragoman::text
