// NormalizeWhitespace against its original code (kept below as the
// reference: two AppendFrom calls per word) on generated aligned texts:
// every kind of space, line break and invisible character it handles,
// words with accents and combining marks, invalid bytes, and replacement
// segments that straddle words and spaces as HTML extraction leaves them.

#include <random>
#include <string>
#include <vector>

#include "common/normalize/passes.h"
#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace reference {
namespace {

// Decodes the code point at s[i] (well-formed UTF-8); sets *length.
char32_t DecodeAt(const std::string& s, size_t i, size_t* length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  if (c < 0xE0 && i + 1 < s.size()) {
    *length = 2;
    return ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
  }
  if (c < 0xF0 && i + 2 < s.size()) {
    *length = 3;
    return ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
  }
  if (i + 3 < s.size()) {
    *length = 4;
    return ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
           (b(i + 3) & 0x3F);
  }
  *length = 1;
  return 0xFFFD;
}

enum class Kind { kOther, kSpace, kNewline, kInvisible };

Kind Classify(char32_t c) {
  switch (c) {
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0x2028:
    case 0x2029:
      return Kind::kNewline;
    case ' ':
    case '\t':
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return Kind::kSpace;
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
    case 0xAD:
      return Kind::kInvisible;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200A) return Kind::kSpace;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return Kind::kInvisible;
  return Kind::kOther;
}

}  // namespace

AlignedText NormalizeWhitespace(const AlignedText& text) {
  const std::string& s = text.text();
  AlignedText out;
  size_t i = 0;
  while (i < s.size()) {
    size_t length;
    char32_t c = DecodeAt(s, i, &length);
    if (Classify(c) == Kind::kOther) {
      size_t end = i + length;
      while (end < s.size()) {
        // Printable ASCII, most of any text, is kOther: no decoding.
        const unsigned char b = static_cast<unsigned char>(s[end]);
        if (b > 0x20 && b < 0x7F) {
          ++end;
          continue;
        }
        c = DecodeAt(s, end, &length);
        if (Classify(c) != Kind::kOther) break;
        end += length;
      }
      out.AppendFrom(text, i, end);
      i = end;
      continue;
    }
    // A run of spaces, line breaks and invisible characters.
    const size_t begin = i;
    int newlines = 0;
    bool space = false;
    while (i < s.size()) {
      c = DecodeAt(s, i, &length);
      const Kind kind = Classify(c);
      if (kind == Kind::kOther) break;
      if (kind == Kind::kNewline) {
        if (!(c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) ++newlines;
      } else if (kind == Kind::kSpace) {
        space = true;
      }
      i += length;
    }
    const bool at_edge = out.empty() || i >= s.size();
    const char* replacement = at_edge         ? ""
                              : newlines >= 2 ? "\n\n"
                              : newlines == 1 ? "\n"
                              : space         ? " "
                                              : "";
    if (s.compare(begin, i - begin, replacement) == 0) {
      out.AppendFrom(text, begin, i);
    } else {
      out.AppendReplacementFrom(text, replacement, begin, i);
    }
  }
  return out;
}

}  // namespace reference

namespace {

const std::vector<std::string>& Pieces() {
  static const auto* pieces = new std::vector<std::string>{
      "Le", "ministre", "a", "dit", ".", "Kazakhstan", "coop\xC3\xA9ration", "C\xC3\xB4te",
      "d\xE2\x80\x99Ivoire", "\xC2\xAB", "\xC2\xBB", "Koue\xCC\x81v", "\xCC\x81", "12", "(AFP)",
      "\xE4\xB8\xAD\xE6\x96\x87", "\xF0\x9F\x98\x80", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
      "\x80", "\xFF", "\xE2\x80", "\xC3", "~", "!"};
  return *pieces;
}

const std::vector<std::string>& Gaps() {
  static const auto* gaps = new std::vector<std::string>{
      " ", " ", " ", " ", "\n", "\n", "\n\n", "", "  ", "\t", " \t ", "\r\n", "\r\n\r\n", "\r",
      "\n\r", "\v", "\f", " \n ", "\n \n", "\n\n\n", "\xC2\xA0", " \xC2\xA0", "\xC2\x85",
      "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x83",
      "\xE2\x80\x8A", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xE2\x80\x8B",
      "\xE2\x81\xA0", "\xEF\xBB\xBF", "\xC2\xAD", "\x01", "\x7F", "\xC2\x9F", "\x1F",
      " \xE2\x80\x8B ", "\n\xC2\xAD\n"};
  return *gaps;
}

// Linear runs and replacement runs of random lengths over `text`.
AlignedText Mixed(const std::string& text, std::mt19937& rng, int replacement_one_in) {
  AlignedText t;
  size_t at = 0;
  size_t source = 0;
  while (at < text.size()) {
    const size_t n = std::min<size_t>(text.size() - at, 1 + rng() % 24);
    const absl::string_view piece = absl::string_view(text).substr(at, n);
    if (rng() % replacement_one_in == 0) {
      const size_t source_length = rng() % 6;
      t.AppendReplacement(piece, source, source + source_length);
      source += source_length;
    } else {
      source += rng() % 3;  // deleted markup
      t.AppendLinear(piece, source);
      source += n;
    }
    at += n;
  }
  return t;
}

TEST(NormalizeWhitespaceFastPathTest, EqualsTheReferenceOnGeneratedText) {
  std::mt19937 rng(20250601);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int words = static_cast<int>(rng() % 60);
    if (rng() % 3 == 0) s += Gaps()[rng() % Gaps().size()];
    for (int k = 0; k < words; ++k) {
      if (k > 0) s += Gaps()[rng() % Gaps().size()];
      s += Pieces()[rng() % Pieces().size()];
    }
    if (rng() % 3 == 0) s += Gaps()[rng() % Gaps().size()];
    for (int one_in : {1000000, 4, 1}) {
      const AlignedText in = Mixed(s, rng, one_in);
      const AlignedText got = NormalizeWhitespace(in);
      const AlignedText want = reference::NormalizeWhitespace(in);
      ASSERT_EQ(got.text(), want.text()) << "input: " << s;
      ASSERT_EQ(got.segments(), want.segments()) << "input: " << s << " one_in " << one_in;
    }
  }
}

}  // namespace
}  // namespace dragoman::normalize
