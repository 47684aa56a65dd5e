#ifndef DRAGOMAN_COMMON_NORMALIZE_NORMALIZER_H_
#define DRAGOMAN_COMMON_NORMALIZE_NORMALIZER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/normalize/aligned_text.h"

namespace dragoman::normalize {

// The two formats documents arrive in.
enum class ContentType { kPlainText, kHtml };

// "text/html" or "text/plain".
absl::string_view ContentTypeName(ContentType type);

// Decides the format from the declared media type ("text/html;
// charset=utf-8", "application/xhtml+xml", "text/plain", ...), else from
// the uri's extension, else from the first bytes. Unsupported declared
// types (PDF, images, ...) are InvalidArgument.
absl::StatusOr<ContentType> ResolveContentType(absl::string_view declared, absl::string_view uri,
                                               absl::string_view bytes);

// A document reduced to the text every record span points into.
struct NormalizedDocument {
  ContentType content_type = ContentType::kPlainText;
  // NFC, one space between words, "\n" between lines, one blank line
  // between paragraphs, no markup or page boilerplate.
  std::string clean_text;
  // Run-length map from clean_text bytes to original bytes (see SourceMap).
  std::vector<Segment> alignment;
  // What the document's markup says about itself; empty when silent.
  std::string title_hint;      // <h1>, else <title> without the site name
  std::string published_hint;  // ISO 8601 from meta or <time datetime>
  std::string language_hint;   // <html lang>, ISO 639-1
  std::string source_hint;     // og:site_name
};

// Original bytes -> clean text. Documents are UTF-8; a document that is
// not valid UTF-8 but declares another charset (content type parameter,
// <meta charset>, UTF-16 byte order mark) is transcoded with ICU.
// InvalidArgument (with the byte offset when there is one) for binary
// content, ill-formed UTF-8, unsupported types and documents with no text
// left after cleaning.
absl::StatusOr<NormalizedDocument> Normalize(absl::string_view bytes,
                                             absl::string_view content_type, absl::string_view uri);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_NORMALIZER_H_
