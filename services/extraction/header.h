#ifndef DRAGOMAN_SERVICES_EXTRACTION_HEADER_H_
#define DRAGOMAN_SERVICES_EXTRACTION_HEADER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::extraction {

// What the top of a release says about itself.
struct Header {
  std::optional<std::string> title;
  // "2025-11-20T23:55:00" when a time is printed, else "2025-11-20".
  std::optional<std::string> published;
  // Byte offset where the body starts (after title and date lines).
  size_t body_start = 0;
  // Byte range of a dateline place ("PÉKIN, 21 avril", "Paris, le 2 juillet
  // 2025"), empty when none.
  size_t dateline_start = 0;
  size_t dateline_end = 0;
  // End of a body paragraph's dateline date ("ASTANA, 18 septembre 2024"):
  // the publication date, not the date of what the paragraph reports.
  size_t dateline_date_end = 0;
};

// Reads the header zone: skips mastheads, navigation ("Accueil | ...",
// "A > B"), cookie notices and bylines; the headline is the first
// remaining line of several words that is not a body paragraph; the
// publication date is the first full date on a short line or in a
// dateline ("ASTANA, 18 septembre 2024 —").
Header ReadHeader(absl::string_view text);

struct Token;
// The same, given the tokens of the whole text (Tokenize or TokenShapes of
// it): a caller that has them spares the header's own splitting of lines.
Header ReadHeader(absl::string_view text, const std::vector<Token>& text_tokens);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_HEADER_H_
