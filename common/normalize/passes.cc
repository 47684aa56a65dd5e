#include "common/normalize/passes.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <memory>
#include <string>

namespace dragoman::normalize {
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

AlignedText ToNfc(const AlignedText& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::StringPiece input(text.text().data(), static_cast<int32_t>(text.text().size()));
  if (U_FAILURE(status) || nfc->isNormalizedUTF8(input, status) || U_FAILURE(status)) {
    return text;
  }
  std::string composed;
  icu::StringByteSink<std::string> sink(&composed);
  icu::Edits edits;
  nfc->normalizeUTF8(0, input, sink, &edits, status);
  if (U_FAILURE(status)) return text;
  AlignedText out;
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(status)) {
    const size_t src = it.sourceIndex();
    const size_t old_length = it.oldLength();
    if (!it.hasChange()) {
      out.AppendFrom(text, src, src + old_length);
    } else {
      out.AppendReplacementFrom(text, composed.substr(it.destinationIndex(), it.newLength()), src,
                                src + old_length);
    }
  }
  return out;
}

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

}  // namespace dragoman::normalize
