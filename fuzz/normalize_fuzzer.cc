// Normalize() on arbitrary bytes, as plain text (NORMALIZE_AS_HTML unset)
// or as HTML: never crashes, and what it accepts is clean, well-formed
// UTF-8 whose alignment tiles the clean text and stays inside the original.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/normalize/normalizer.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
#ifdef NORMALIZE_AS_HTML
  auto normalized = dragoman::normalize::Normalize(bytes, "text/html", "fuzz.html");
#else
  auto normalized = dragoman::normalize::Normalize(bytes, "text/plain", "fuzz.txt");
#endif
  if (!normalized.ok()) {
    FUZZ_CHECK(!normalized.status().message().empty());
    return 0;
  }
  const std::string& clean = normalized->clean_text;
  FUZZ_CHECK(!clean.empty());
  FUZZ_CHECK(dragoman::text::ValidateUtf8(clean).ok());
  size_t covered = 0;
  for (const dragoman::normalize::Segment& s : normalized->alignment) {
    covered += s.text_length;
    // Transcoded documents align to the original bytes too.
    FUZZ_CHECK(static_cast<size_t>(s.source_begin) + s.source_length <= size);
    if (s.linear) FUZZ_CHECK(s.text_length == s.source_length);
  }
  FUZZ_CHECK(covered == clean.size());
  // Clean text goes through again without trouble. (Not checked: that it
  // is a fixed point. Boilerplate removal can take another line the second
  // time, and clean text starting "RIFF" is sniffed as binary.)
  auto again = dragoman::normalize::Normalize(clean, "text/plain", "again.txt");
  if (again.ok()) FUZZ_CHECK(dragoman::text::ValidateUtf8(again->clean_text).ok());
  return 0;
}
