#ifndef DRAGOMAN_COMMON_TEXT_UNICODE_H_
#define DRAGOMAN_COMMON_TEXT_UNICODE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace dragoman::text {

// Unicode NFC of well-formed UTF-8 (ICU).
std::string ToNfc(absl::string_view utf8);

// Matching key: NFD, combining marks removed, case folded, typographic
// apostrophes and dashes unified, runs of whitespace collapsed.
// "Kouloubaïev" -> "kouloubaiev", "Côte d’Ivoire" -> "cote d'ivoire".
std::string Fold(absl::string_view utf8);

namespace internal {
// Fold computed by ICU over the whole text at once: what Fold must equal,
// kept for the test that checks it.
std::string FoldWithIcu(absl::string_view utf8);
}  // namespace internal

// Fold() and then every non-alphanumeric run replaced by one '-', trimmed:
// "Zheenbek Kulubaev" -> "zheenbek-kulubaev". Used in readable ids.
std::string Slug(absl::string_view utf8);

// True for code points that belong inside a word: letters, digits and the
// combining marks that decorate them (ICU character classes). Tokenizers
// of extraction and search agree on words through this one test.
bool IsWordCodePoint(int32_t c);

}  // namespace dragoman::text

#endif  // DRAGOMAN_COMMON_TEXT_UNICODE_H_
