#ifndef DRAGOMAN_COMMON_NORMALIZE_CHARSET_H_
#define DRAGOMAN_COMMON_NORMALIZE_CHARSET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/normalize/aligned_text.h"

namespace dragoman::normalize {

// The character set a document declares, lower case: the media type's
// charset parameter, else (for HTML) <meta charset> or the http-equiv
// Content-Type in the first 4 KiB, else a UTF-16 byte order mark. Empty
// when nothing is declared.
std::string DeclaredCharset(absl::string_view content_type, absl::string_view bytes, bool html);

// True for the names of UTF-8 ("utf-8", "utf8").
bool IsUtf8(absl::string_view charset);

// Converts bytes in a legacy or UTF-16 charset to UTF-8 (ICU), aligned to
// the original bytes character by character. InvalidArgument for a
// charset ICU does not know.
absl::StatusOr<AlignedText> DecodeToUtf8(absl::string_view bytes, absl::string_view charset);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_CHARSET_H_
