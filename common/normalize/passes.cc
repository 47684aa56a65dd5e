#include "common/normalize/passes.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

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

namespace internal {

// Code points below U+0300 (where the combining marks begin) and general
// punctuation from U+2002 (quotes, dashes, ellipsis, no-break spaces)
// through the currency signs are all NFC_Quick_Check=Yes with combining
// class 0, so a text made only of them is NFC; U+2000 and U+2001 are not
// (they decompose to U+2002 and U+2003). Most French and English text is
// made only of them, and ICU's check costs ten instructions a byte.
bool CertainlyNfc(absl::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c < 0xCC) {  // U+0080 to U+02FF
      if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return false;
      i += 2;
    } else if (c == 0xE2) {
      if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return false;
      const uint32_t code = 0x2000 | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
      if (code < 0x2002 || code > 0x20CF) return false;
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace internal

AlignedText ToNfc(const AlignedText& text) {
  if (internal::CertainlyNfc(text.text())) return text;
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

namespace {

// Walks a text's segments in step with increasing offsets, to tell whether
// an offset falls strictly inside a replacement segment.
class SegmentCursor {
 public:
  explicit SegmentCursor(const std::vector<Segment>& segments) : segments_(segments) {}

  // `offset` must not decrease from one call to the next.
  bool InsideReplacement(size_t offset) {
    while (index_ < segments_.size() && start_ + segments_[index_].text_length <= offset) {
      start_ += segments_[index_].text_length;
      ++index_;
    }
    return index_ < segments_.size() && !segments_[index_].linear && offset > start_;
  }

 private:
  const std::vector<Segment>& segments_;
  size_t index_ = 0;
  size_t start_ = 0;  // text offset of segments_[index_]
};

}  // namespace

// The text alternates runs of other characters, copied, and whitespace
// runs, each replaced by what it collapses to. Most whitespace runs are
// already what they collapse to (one space between words, "\n" or "\n\n"
// between lines), so they are copied with the text around them: one
// AppendFrom per stretch up to the next real replacement instead of two per
// word. Appending a stretch at once gives the segments of appending its
// pieces one after the other, except where a piece boundary falls inside a
// replacement segment (which appending pieces splits in two): the stretch
// is cut there.
AlignedText NormalizeWhitespace(const AlignedText& text) {
  const std::string& s = text.text();
  const size_t n = s.size();
  AlignedText out;
  SegmentCursor cursor(text.segments());
  size_t copy_from = 0;  // start of the unchanged stretch not yet appended
  const auto copy_upto = [&](size_t end) {
    out.AppendFrom(text, copy_from, end);
    copy_from = end;
  };
  size_t i = 0;
  size_t length;
  while (i < n) {
    // A run of other characters; printable ASCII needs no decoding.
    while (i < n) {
      const unsigned char b = static_cast<unsigned char>(s[i]);
      if (b > 0x20 && b < 0x7F) {
        ++i;
        continue;
      }
      if (b == ' ' || b == '\n' || Classify(DecodeAt(s, i, &length)) != Kind::kOther) break;
      i += length;
    }
    if (i >= n) break;
    const size_t begin = i;
    // The usual gap between words and lines: one ' ' or '\n' between
    // printable ASCII, already what it collapses to.
    if ((s[i] == ' ' || s[i] == '\n') && begin > 0 && i + 1 < n) {
      const unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (next > 0x20 && next < 0x7F) {
        ++i;
        if (cursor.InsideReplacement(begin)) copy_upto(begin);
        if (cursor.InsideReplacement(i)) copy_upto(i);
        continue;
      }
    }
    // A run of spaces, line breaks and invisible characters.
    int newlines = 0;
    bool space = false;
    while (i < n) {
      const char32_t c = DecodeAt(s, i, &length);
      const Kind kind = Classify(c);
      if (kind == Kind::kOther) break;
      if (kind == Kind::kNewline) {
        if (!(c == '\r' && i + 1 < n && s[i + 1] == '\n')) ++newlines;
      } else if (kind == Kind::kSpace) {
        space = true;
      }
      i += length;
    }
    // Nothing was appended before a leading run.
    const bool at_edge = begin == 0 || i >= n;
    const absl::string_view replacement = at_edge         ? ""
                                          : newlines >= 2 ? "\n\n"
                                          : newlines == 1 ? "\n"
                                          : space         ? " "
                                                          : "";
    if (absl::string_view(s).substr(begin, i - begin) == replacement) {
      if (begin > 0 && cursor.InsideReplacement(begin)) copy_upto(begin);
      if (i < n && cursor.InsideReplacement(i)) copy_upto(i);
    } else {
      copy_upto(begin);
      out.AppendReplacementFrom(text, replacement, begin, i);
      copy_from = i;
    }
  }
  copy_upto(n);
  return out;
}

}  // namespace dragoman::normalize
