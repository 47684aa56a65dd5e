#include "common/text/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <unicode/utf8.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace dragoman::text {
namespace {

// Length of the sequence starting at s[i], or 0 if ill-formed
// (RFC 3629 table: no overlongs, no surrogates, nothing above U+10FFFF).
size_t SequenceLength(absl::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const size_t left = s.size() - i;
  auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// The first offset at or after i whose byte is not ASCII or is NUL, or
// s.size(). Most of a text is ASCII without NUL: it is skipped 16 bytes at a
// time (SSE2 compares, then the position of the first stopping byte), then
// eight at a time in a word (the classic test for a zero byte), then byte by
// byte. Hand-written: it was most of the validation's cost.
size_t SkipAscii(absl::string_view s, size_t i) {
  const size_t n = s.size();
  const char* p = s.data();
#ifdef __SSE2__
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned stop = static_cast<unsigned>(_mm_movemask_epi8(v)) |
                          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
    if (stop != 0) return i + static_cast<size_t>(__builtin_ctz(stop));
    i += 16;
  }
#endif
  while (i + 8 <= n) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    const uint64_t high = word & 0x8080808080808080ull;
    const uint64_t zero = (word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull;
    if ((high | zero) != 0) break;
    i += 8;
  }
  while (i < n && static_cast<unsigned char>(p[i]) - 1u < 0x7Fu) ++i;  // 0x01-0x7F
  return i;
}

}  // namespace

absl::Status ValidateUtf8(absl::string_view bytes) {
  size_t i = 0;
  while ((i = SkipAscii(bytes, i)) < bytes.size()) {
    if (bytes[i] == '\0') {
      return absl::InvalidArgumentError(
          absl::StrCat("NUL byte at offset ", i, "; text documents cannot contain NUL"));
    }
    const size_t n = SequenceLength(bytes, i);
    if (n == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid UTF-8 at byte offset ", i));
    }
    i += n;
  }
  return absl::OkStatus();
}

size_t CodePointCount(absl::string_view utf8) {
  // Every byte but the continuation bytes (10xxxxxx) starts a code point;
  // those are counted eight at a time: bit 7 set and bit 6 clear.
  size_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, utf8.data() + i, 8);
    continuation += static_cast<size_t>(
        __builtin_popcountll(word & ~(word << 1) & 0x8080808080808080ull));
  }
  for (; i < utf8.size(); ++i) {
    continuation += (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;
  }
  return utf8.size() - continuation;
}

OffsetMap::OffsetMap(absl::string_view utf8) : bytes_(utf8.size()) {
  cp_to_byte_.reserve(utf8.size() + 1);
  for (size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) cp_to_byte_.push_back(i);
  }
  cp_to_byte_.push_back(utf8.size());
}

int OffsetMap::ToCodePoint(size_t byte_offset) const {
  if (byte_offset >= bytes_) return code_points();
  // Last code point starting at or before byte_offset.
  auto it = std::upper_bound(cp_to_byte_.begin(), cp_to_byte_.end(), byte_offset);
  return static_cast<int>(it - cp_to_byte_.begin()) - 1;
}

size_t OffsetMap::ToByte(int code_point_offset) const {
  if (code_point_offset <= 0) return 0;
  if (code_point_offset >= code_points()) return bytes_;
  return cp_to_byte_[code_point_offset];
}

void AppendUtf8(char32_t c, std::string* out) {
  uint8_t buf[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::string SliceCodePoints(absl::string_view utf8, int start, int end) {
  OffsetMap map(utf8);
  const size_t b = map.ToByte(start);
  const size_t e = map.ToByte(end);
  if (e <= b) return "";
  return std::string(utf8.substr(b, e - b));
}

}  // namespace dragoman::text
