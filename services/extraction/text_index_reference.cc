#include "services/extraction/text_index_reference.h"

#include "common/text/unicode.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace dragoman::extraction::reference {
namespace {

bool IsWordPoint(UChar32 c) {
  if (c >= 0 && c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return text::IsWordCodePoint(c);
}
bool IsUpper(UChar32 c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c); }
bool IsTitle(UChar32 c) { return c < 0x80 ? false : u_istitle(c); }
bool IsAlpha(UChar32 c) {
  return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : u_isalpha(c);
}

}  // namespace

// The tokenizer of cc6ac1c without its shortcuts (SSE2 runs, the ASCII
// class table, the fold buffer): every code point decoded and tested.
std::vector<ReferenceToken> SplitOneByOne(absl::string_view text) {
  std::vector<ReferenceToken> tokens;
  const int32_t length = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  uint32_t code_points = 0;  // before i
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    ++code_points;
    if (!IsWordPoint(c)) continue;
    ReferenceToken t;
    t.start = start;
    t.code_point_start = code_points - 1;
    t.capitalized = IsUpper(c) || IsTitle(c);
    bool all_upper = t.capitalized, has_letter = IsAlpha(c);
    bool digits = c >= '0' && c <= '9';
    while (i < length) {
      const int32_t before = i;
      U8_NEXT(s, i, length, c);
      if (!IsWordPoint(c)) {
        i = before;
        break;
      }
      ++code_points;
      if (IsAlpha(c)) {
        has_letter = true;
        if (!IsUpper(c)) all_upper = false;
      }
      if (!(c >= '0' && c <= '9')) digits = false;
    }
    t.end = i;
    t.code_point_end = code_points;
    t.all_caps = has_letter && all_upper;
    t.digits = digits;
    t.folded = text::Fold(text.substr(t.start, t.end - t.start));
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace dragoman::extraction::reference
