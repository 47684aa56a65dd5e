#include "common/normalize/aligned_text.h"

#include <utility>

#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

using Range = std::pair<size_t, size_t>;

TEST(AlignedTextTest, LinearRunsMergeAndMapByteForByte) {
  AlignedText t;
  t.AppendLinear("abc", 10);
  t.AppendLinear("def", 13);
  EXPECT_EQ(t.text(), "abcdef");
  ASSERT_EQ(t.segments().size(), 1u);
  EXPECT_EQ(t.SourceRange(1, 4), Range(11, 14));
}

TEST(AlignedTextTest, ReplacementMapsToItsWholeSource) {
  AlignedText t;
  t.AppendLinear("Quai d", 0);
  t.AppendReplacement("\xE2\x80\x99", 6, 13);  // "&rsquo;"
  t.AppendLinear("Orsay", 13);
  EXPECT_EQ(t.text(), "Quai d\xE2\x80\x99Orsay");
  EXPECT_EQ(t.segments().size(), 3u);
  // The apostrophe alone, then a span across it.
  EXPECT_EQ(t.SourceRange(6, 9), Range(6, 13));
  EXPECT_EQ(t.SourceRange(5, 10), Range(5, 14));
}

TEST(AlignedTextTest, AppendFromKeepsTheOriginalMapping) {
  AlignedText first;
  first.AppendLinear("hello ", 100);
  first.AppendReplacement("&", 106, 111);
  first.AppendLinear(" world", 111);
  AlignedText second;
  second.AppendFrom(first, 3, 9);  // "lo & w"
  EXPECT_EQ(second.text(), "lo & w");
  EXPECT_EQ(second.SourceRange(0, 2), Range(103, 105));
  EXPECT_EQ(second.SourceRange(3, 4), Range(106, 111));
  EXPECT_EQ(second.SourceRange(5, 6), Range(112, 113));
}

TEST(AlignedTextTest, ReplacementFromCoversTheReplacedRange) {
  AlignedText first;
  first.AppendLinear("a  b", 0);
  AlignedText second;
  second.AppendFrom(first, 0, 1);
  second.AppendReplacementFrom(first, " ", 1, 3);
  second.AppendFrom(first, 3, 4);
  EXPECT_EQ(second.text(), "a b");
  EXPECT_EQ(second.SourceRange(1, 2), Range(1, 3));
  EXPECT_EQ(second.SourceRange(2, 3), Range(3, 4));
}

TEST(AlignedTextTest, InsertionAnchorsAfterThePrecedingByte) {
  AlignedText first;
  first.AppendLinear("ab", 5);
  AlignedText second;
  second.AppendFrom(first, 0, 1);
  second.AppendReplacementFrom(first, "\n", 1, 1);
  second.AppendFrom(first, 1, 2);
  EXPECT_EQ(second.text(), "a\nb");
  EXPECT_EQ(second.SourceRange(1, 2), Range(6, 6));
}

TEST(AlignedTextTest, ComposeMapsThroughBothSteps) {
  // Step one transcoded "caf\xE9 noir" (Latin-1) to UTF-8.
  AlignedText decoded;
  decoded.AppendLinear("caf", 0);
  decoded.AppendReplacement("\xC3\xA9", 3, 4);
  decoded.AppendLinear(" noir", 4);
  // Step two read decoded.text() as its source: kept "café" and replaced
  // the space by a line break.
  AlignedText cleaned;
  cleaned.AppendLinear("caf\xC3\xA9", 0);
  cleaned.AppendReplacement("\n", 5, 6);
  cleaned.AppendLinear("noir", 6);
  // cleaned points into decoded.text(); composed points into the Latin-1 bytes.
  AlignedText composed = AlignedText::Compose(cleaned, decoded);
  EXPECT_EQ(composed.text(), "caf\xC3\xA9\nnoir");
  EXPECT_EQ(composed.SourceRange(0, 3), Range(0, 3));   // "caf"
  EXPECT_EQ(composed.SourceRange(3, 5), Range(3, 4));   // é
  EXPECT_EQ(composed.SourceRange(5, 6), Range(4, 5));   // the space it replaced
  EXPECT_EQ(composed.SourceRange(6, 10), Range(5, 9));  // "noir"
}

TEST(SourceMapTest, CodePointsMapToOriginalBytes) {
  // Original: "<p>Bichkek &eacute;t&eacute;</p>"; clean: "Bichkek été".
  AlignedText t;
  t.AppendLinear("Bichkek ", 3);
  t.AppendReplacement("\xC3\xA9", 11, 19);
  t.AppendLinear("t", 19);
  t.AppendReplacement("\xC3\xA9", 20, 28);
  SourceMap map(t.text(), t.segments());
  EXPECT_EQ(map.ToSource(0, 7), Range(3, 10));     // "Bichkek"
  EXPECT_EQ(map.ToSource(8, 11), Range(11, 28));   // "été"
  EXPECT_EQ(map.ToSource(9, 10), Range(19, 20));   // "t"
  EXPECT_EQ(map.ToSource(50, 60), Range(28, 28));  // clamped to the end
}

TEST(SourceMapTest, RoundTripsThroughStoredParts) {
  AlignedText t;
  t.AppendLinear("x", 0);
  t.AppendReplacement("yy", 1, 9);
  AlignedText rebuilt = AlignedText::FromParts(t.text(), t.segments());
  EXPECT_EQ(rebuilt.SourceRange(1, 3), Range(1, 9));
  EXPECT_EQ(rebuilt.segments(), t.segments());
}

}  // namespace
}  // namespace dragoman::normalize
