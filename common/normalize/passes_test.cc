#include "common/normalize/passes.h"

#include <utility>

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

}  // namespace
}  // namespace dragoman::normalize
