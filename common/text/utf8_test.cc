#include "common/text/utf8.h"

#include <random>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dragoman::text {
namespace {

// The former validator, one code point at a time: the reference for the
// fast path's outcome and offsets.
absl::Status ReferenceValidateUtf8(absl::string_view s) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = b(i);
    if (c == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("NUL byte at offset ", i, "; text documents cannot contain NUL"));
    }
    const size_t left = s.size() - i;
    auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
    size_t n = 0;
    if (c < 0x80) {
      n = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = left >= 2 && cont(i + 1) ? 2 : 0;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = left >= 3 && cont(i + 1) && cont(i + 2) && !(c == 0xE0 && b(i + 1) < 0xA0) &&
                  !(c == 0xED && b(i + 1) >= 0xA0)
              ? 3
              : 0;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = left >= 4 && cont(i + 1) && cont(i + 2) && cont(i + 3) &&
                  !(c == 0xF0 && b(i + 1) < 0x90) && !(c == 0xF4 && b(i + 1) >= 0x90)
              ? 4
              : 0;
    }
    if (n == 0) return absl::InvalidArgumentError(absl::StrCat("invalid UTF-8 at byte offset ", i));
    i += n;
  }
  return absl::OkStatus();
}

// Generated texts: ASCII runs of every length around the 8- and 16-byte
// steps, French and other code points, and now and then a NUL, a stray or
// truncated byte, a surrogate or an overlong form, anywhere.
TEST(ValidateUtf8Test, AgreesWithTheReferenceOnGeneratedText) {
  std::mt19937 random(20250601);
  const char* const pieces[] = {"\xC3\xA9", "\xC3\xA0", "\xE2\x80\x99", "\xD0\x9A", "\xF0\x9F\x98\x80",
                                "\xE4\xB8\xAD"};
  const char* const broken[] = {"" /* NUL, inserted apart */, "\xC3", "\x80", "\xBF", "\xC0\xAF",
                                "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x80\x80", "\xF0\x80\x80\x80",
                                "\xFF", "\xE2\x80", "\xF5\x80\x80\x80"};
  int invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int parts = static_cast<int>(random() % 12);
    for (int p = 0; p < parts; ++p) {
      text.append(random() % 40, static_cast<char>('a' + random() % 26));
      if (random() % 3 == 0) text.append(pieces[random() % 6]);
      if (random() % 4 == 0) text += static_cast<char>(1 + random() % 127);
    }
    if (random() % 2 == 0) {
      const size_t at = text.empty() ? 0 : random() % (text.size() + 1);
      const int which = static_cast<int>(random() % 12);
      if (which == 0) {
        text.insert(at, 1, '\0');
      } else {
        text.insert(at, broken[which]);
      }
    }
    if (random() % 5 == 0 && !text.empty()) text.pop_back();  // may cut a sequence
    const absl::Status expected = ReferenceValidateUtf8(text);
    const absl::Status got = ValidateUtf8(text);
    invalid += !expected.ok();
    ASSERT_EQ(got, expected) << absl::CEscape(text);
  }
  EXPECT_GT(invalid, 5000);
}

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
