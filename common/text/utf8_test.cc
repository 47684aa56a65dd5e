#include "common/text/utf8.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dragoman::text {
namespace {

TEST(ValidateUtf8Test, AcceptsFrenchAndCyrillic) {
  EXPECT_TRUE(ValidateUtf8("Bichkek, Кулубаев, 北京").ok());
  EXPECT_TRUE(ValidateUtf8("").ok());
}

TEST(ValidateUtf8Test, RejectsBrokenSequencesWithOffset) {
  absl::Status s = ValidateUtf8("ok\xC3");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("offset 2"), std::string::npos) << s;
  EXPECT_FALSE(ValidateUtf8("\xC0\xAF").ok());          // overlong '/'
  EXPECT_FALSE(ValidateUtf8("\xED\xA0\x80").ok());      // surrogate
  EXPECT_FALSE(ValidateUtf8("\xF4\x90\x80\x80").ok());  // > U+10FFFF
  EXPECT_FALSE(ValidateUtf8(std::string("a\0b", 3)).ok());
}

// Long ASCII runs are checked eight bytes at a time: a NUL or a bad byte
// at any position of such a run is still found, at its own offset.
TEST(ValidateUtf8Test, FindsNulAndBrokenBytesInsideAsciiRuns) {
  for (size_t at = 0; at < 40; ++at) {
    std::string text(40, 'a');
    EXPECT_TRUE(ValidateUtf8(text).ok());
    text[at] = '\0';
    absl::Status nul = ValidateUtf8(text);
    EXPECT_FALSE(nul.ok()) << at;
    EXPECT_NE(nul.message().find(absl::StrCat("offset ", at, ";")), std::string::npos) << nul;
    text[at] = '\xC3';  // a lead byte with no continuation
    absl::Status broken = ValidateUtf8(text);
    EXPECT_FALSE(broken.ok()) << at;
    EXPECT_NE(broken.message().find(absl::StrCat("offset ", at)), std::string::npos) << broken;
    text.replace(at, 1, "\xC3\xA9");  // "é": valid again
    EXPECT_TRUE(ValidateUtf8(text).ok()) << at;
  }
}

TEST(OffsetMapTest, MapsBytesToCodePointsAndBack) {
  const std::string s = "Pékin à Бишкек";
  OffsetMap map(s);
  EXPECT_EQ(map.code_points(), 14);
  EXPECT_EQ(map.ToCodePoint(s.find("à")), 6);
  EXPECT_EQ(map.ToByte(6), s.find("à"));
  EXPECT_EQ(map.ToByte(100), s.size());
  EXPECT_EQ(SliceCodePoints(s, 8, 14), "Бишкек");
}

TEST(AppendUtf8Test, EncodesEveryLength) {
  std::string s;
  for (char32_t c : {U'a', U'é', U'€', U'𝄞'}) AppendUtf8(c, &s);
  EXPECT_EQ(s, "aé€𝄞");
  EXPECT_TRUE(ValidateUtf8(s).ok());
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount("Kouloubaïev"), 11u);
}

TEST(CodePointCountTest, EveryByteButContinuationBytesOnGeneratedBytes) {
  // Eight bytes at a time and the rest one by one: every length and
  // alignment, every byte value (ill-formed sequences included).
  std::mt19937 random(11);
  for (int round = 0; round < 5000; ++round) {
    std::string s(random() % 70, '\0');
    for (char& c : s) {
      c = static_cast<char>(random() % 3 == 0 ? 0x80 | (random() % 64) : random() % 256);
    }
    size_t want = 0;
    for (unsigned char c : s) want += (c & 0xC0) != 0x80;
    ASSERT_EQ(CodePointCount(s), want) << round;
  }
}

}  // namespace
}  // namespace dragoman::text
