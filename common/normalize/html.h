#ifndef DRAGOMAN_COMMON_NORMALIZE_HTML_H_
#define DRAGOMAN_COMMON_NORMALIZE_HTML_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/normalize/aligned_text.h"

namespace dragoman::normalize {

// What an HTML page yields: its readable text (aligned to the page bytes)
// and what its markup says about it.
struct HtmlText {
  // Entities decoded; block elements end with "\n\n", <br> and list items
  // with "\n"; whitespace inside text is not yet collapsed.
  AlignedText text;
  std::string title;      // first <h1>, else <title>; whitespace collapsed
  std::string published;  // meta article:published_time (or similar), else first <time datetime>
  std::string language;   // <html lang>, primary subtag, lower case
  std::string source;     // meta og:site_name
};

struct HtmlOptions {
  // Also drop containers whose class, id or role names navigation,
  // sharing, cookie banners and the like. Element names (nav, script,
  // footer, figure, ...) are always dropped.
  bool drop_by_class = true;
};

// Tolerant HTML-to-text conversion for article pages: a hand-written
// tokenizer (comments, raw-text elements, quoted attributes, unclosed
// tags), no DOM. Expects well-formed UTF-8.
HtmlText HtmlToText(absl::string_view html, const HtmlOptions& options = {});

// Decodes one character reference starting at html[at] == '&'. Returns the
// number of bytes consumed (0 when it is not a reference) and sets *out.
size_t DecodeCharacterReference(absl::string_view html, size_t at, std::string* out);

// Decodes every character reference in an attribute value or text.
std::string DecodeEntities(absl::string_view text);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_HTML_H_
