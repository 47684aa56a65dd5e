#ifndef DRAGOMAN_COMMON_NORMALIZE_PASSES_H_
#define DRAGOMAN_COMMON_NORMALIZE_PASSES_H_

#include "absl/strings/string_view.h"
#include "common/normalize/aligned_text.h"

namespace dragoman::normalize {

// Unicode NFC (ICU), keeping the alignment: only the composed stretches
// become replacement segments.
AlignedText ToNfc(const AlignedText& text);

namespace internal {
// True only when `utf8` is certainly NFC without asking ICU (see
// passes.cc); false means "ask ICU". Exposed for its test.
bool CertainlyNfc(absl::string_view utf8);
}  // namespace internal

// Spaces of every kind (tabs, no-break and typographic spaces) collapse to
// one ' '; lines are trimmed; "\r\n", "\r" and other line separators
// become "\n"; two or more line breaks become one blank line; invisible
// characters (controls, zero-width space, soft hyphen, BOM) are removed;
// the text is trimmed.
AlignedText NormalizeWhitespace(const AlignedText& text);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_PASSES_H_
