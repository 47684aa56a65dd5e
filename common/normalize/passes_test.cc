#include "common/normalize/passes.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

using Range = std::pair<size_t, size_t>;

AlignedText Plain(absl::string_view s) {
  AlignedText t;
  t.AppendLinear(s, 0);
  return t;
}

TEST(NormalizeWhitespaceTest, CollapsesSpacesAndTrimsLines) {
  AlignedText out = NormalizeWhitespace(Plain("  Le  ministre \t a dit.  \nSuite. "));
  EXPECT_EQ(out.text(), "Le ministre a dit.\nSuite.");
}

TEST(NormalizeWhitespaceTest, KeepsOneBlankLineBetweenParagraphs) {
  AlignedText out = NormalizeWhitespace(Plain("Un.\r\n\r\n\r\n  \n Deux.\rTrois."));
  EXPECT_EQ(out.text(), "Un.\n\nDeux.\nTrois.");
}

TEST(NormalizeWhitespaceTest, UnicodeSpacesBecomePlainAndInvisiblesVanish) {
  // no-break space, narrow no-break space, soft hyphen, zero-width space
  AlignedText out = NormalizeWhitespace(
      Plain("11\xC2\xA0juin \xC2\xAB\xE2\x80\xAFpaix\xE2\x80\xAF\xC2\xBB inter\xC2\xADnatio"
            "\xE2\x80\x8Bnal"));
  EXPECT_EQ(out.text(), "11 juin \xC2\xAB paix \xC2\xBB international");
}

TEST(NormalizeWhitespaceTest, UntouchedTextStaysOneSegment) {
  AlignedText out = NormalizeWhitespace(Plain("Une ligne.\n\nUne autre."));
  EXPECT_EQ(out.text(), "Une ligne.\n\nUne autre.");
  EXPECT_EQ(out.segments().size(), 1u);
}

TEST(NormalizeWhitespaceTest, AlignmentPointsPastRemovedSpaces) {
  AlignedText out = NormalizeWhitespace(Plain("   Astana    Bichkek"));
  EXPECT_EQ(out.text(), "Astana Bichkek");
  EXPECT_EQ(out.SourceRange(7, 14), Range(13, 20));
  EXPECT_EQ(out.SourceRange(0, 6), Range(3, 9));
}

TEST(ToNfcTest, ComposesAndMapsTheComposedCharacterToBothSourceCodePoints) {
  // "Ko" + "u" + "e" + U+0301 (combining acute) + "v"
  AlignedText out = ToNfc(Plain("Koue\xCC\x81v"));
  EXPECT_EQ(out.text(), "Kou\xC3\xA9v");
  EXPECT_EQ(out.SourceRange(3, 5), Range(3, 6));
  EXPECT_EQ(out.SourceRange(5, 6), Range(6, 7));
}

TEST(ToNfcTest, AlreadyComposedTextIsUnchanged) {
  AlignedText in = Plain("Kazakhstan, \xC3\xA9t\xC3\xA9");
  AlignedText out = ToNfc(in);
  EXPECT_EQ(out.text(), in.text());
  EXPECT_EQ(out.segments(), in.segments());
}

// Every code point the fast check accepts is NFC_Quick_Check=Yes with
// combining class 0 (so any text of them is NFC), checked against ICU for
// every code point up to U+FFFF; and on generated text the fast check
// never says yes where ICU says no.
TEST(ToNfcTest, CertainlyNfcAgreesWithIcu) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  int accepted = 0;
  for (UChar32 c = 1; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string s;
    icu::UnicodeString(c).toUTF8String(s);
    if (!internal::CertainlyNfc(s)) continue;
    ++accepted;
    ASSERT_EQ(nfc->getCombiningClass(c), 0) << std::hex << c;
    ASSERT_EQ(nfc->quickCheck(icu::UnicodeString(c), status), UNORM_YES) << std::hex << c;
  }
  EXPECT_GT(accepted, 800);
  std::mt19937 random(5);
  const std::vector<std::string> pieces = {
      "a", "Z", " ", "\n", "\xC3\xA9", "e\xCC\x81", "\xCC\x81", "\xE2\x80\x99", "\xE2\x80\x80",
      "\xE2\x80\x81", "\xE2\x84\xAA", "\xE2\x82\xAC", "\xE2\x83\x90", "\xC2\xA0", "\xCB\x9C",
      "\xCD\x80", "\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80", "\xF0\x9F\x98\x80", "\xE2\x80",
      "\xC3"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(random() % 30);
    for (int k = 0; k < n; ++k) s += pieces[random() % pieces.size()];
    if (!internal::CertainlyNfc(s)) continue;
    UErrorCode check = U_ZERO_ERROR;
    ASSERT_TRUE(nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())),
                                      check) &&
                U_SUCCESS(check))
        << s;
  }
}

}  // namespace
}  // namespace dragoman::normalize
