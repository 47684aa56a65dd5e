#ifndef DRAGOMAN_SERVICES_QUERY_TEXT_SEARCH_H_
#define DRAGOMAN_SERVICES_QUERY_TEXT_SEARCH_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::query {

// Word splitting and matching behind full-text search. A word is a run of
// letters, digits and combining marks; words match after text::Fold, so
// "Kouloubaïev" finds "KOULOUBAIEV" and "Côte d’Ivoire" finds "ivoire".

// Distinct folded words of `text`, for the index.
std::set<std::string> IndexWords(absl::string_view text);

// Folded words of a query, deduplicated, in query order.
std::vector<std::string> QueryWords(absl::string_view query);

// Where a search hit shows in a text.
struct TextMatch {
  // Code points, [start, end), of the first word that matched.
  int start = 0;
  int end = 0;
  // The text around it, cut at word boundaries, with "…" where cut.
  std::string snippet;
};

// The first word of `text` whose folded form is in `words`.
std::optional<TextMatch> FindFirstMatch(absl::string_view text, const std::set<std::string>& words,
                                        int context_code_points = 60);

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_TEXT_SEARCH_H_
