#ifndef DRAGOMAN_COMMON_TEXT_UTF8_H_
#define DRAGOMAN_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dragoman::text {

// Returns InvalidArgument naming the byte offset of the first ill-formed
// sequence (overlongs, surrogates and NUL bytes included), else OK.
absl::Status ValidateUtf8(absl::string_view bytes);

// Number of Unicode code points in well-formed UTF-8.
size_t CodePointCount(absl::string_view utf8);

// Maps byte offsets of one UTF-8 string to code-point offsets and back.
// Spans in records are code points (what Python and the scorer count);
// C++ matching works on bytes, so every extractor converts at the edge.
class OffsetMap {
 public:
  explicit OffsetMap(absl::string_view utf8);

  // Byte offset -> code-point offset. An offset inside a multi-byte
  // sequence maps to the code point that contains it.
  int ToCodePoint(size_t byte_offset) const;
  // Code-point offset -> byte offset; clamps to the end.
  size_t ToByte(int code_point_offset) const;
  int code_points() const { return static_cast<int>(cp_to_byte_.size()) - 1; }

 private:
  std::vector<size_t> cp_to_byte_;  // size = code points + 1
  size_t bytes_;
};

// Appends code point `c` (a valid scalar value) to `out` as UTF-8.
void AppendUtf8(char32_t c, std::string* out);

// Substring by code-point span [start, end).
std::string SliceCodePoints(absl::string_view utf8, int start, int end);

}  // namespace dragoman::text

#endif  // DRAGOMAN_COMMON_TEXT_UTF8_H_
