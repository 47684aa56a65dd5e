// UTF-8 validation, OffsetMap and the ICU helpers on arbitrary bytes:
// validation agrees with a straightforward decoder, offsets round-trip,
// and NFC, Fold and Slug keep text well-formed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"

namespace {

// RFC 3629 decoding without NUL: true when all of `s` is well-formed.
bool ReferenceValid(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int n;
    char32_t cp;
    if (c == 0) return false;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      const unsigned char t = s[i + k];
      if ((t & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (t & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool valid = dragoman::text::ValidateUtf8(bytes).ok();
  FUZZ_CHECK(valid == ReferenceValid(bytes));
  if (!valid) return 0;

  const dragoman::text::OffsetMap map(bytes);
  const int cps = map.code_points();
  FUZZ_CHECK(static_cast<size_t>(cps) == dragoman::text::CodePointCount(bytes));
  FUZZ_CHECK(map.ToByte(cps) == bytes.size());
  FUZZ_CHECK(map.ToByte(cps + 10) == bytes.size());
  for (int i = 0; i <= cps; ++i) FUZZ_CHECK(map.ToCodePoint(map.ToByte(i)) == i);
  for (size_t b = 0; b <= bytes.size(); ++b) {
    const int cp = map.ToCodePoint(b);
    FUZZ_CHECK(cp >= 0 && cp <= cps);
    FUZZ_CHECK(map.ToByte(cp) <= b);
  }
  if (cps > 0) {
    const std::string middle = dragoman::text::SliceCodePoints(bytes, cps / 3, cps - cps / 3);
    FUZZ_CHECK(dragoman::text::ValidateUtf8(middle).ok());
    std::string rebuilt = dragoman::text::SliceCodePoints(bytes, 0, cps / 3) + middle +
                          dragoman::text::SliceCodePoints(bytes, cps - cps / 3, cps);
    FUZZ_CHECK(rebuilt == bytes);
  }
  for (const std::string& derived : {dragoman::text::ToNfc(bytes), dragoman::text::Fold(bytes),
                                     dragoman::text::Slug(bytes)}) {
    FUZZ_CHECK(dragoman::text::ValidateUtf8(derived).ok());
  }
  return 0;
}
