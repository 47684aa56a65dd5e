#include "services/query/text_search.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "services/query/citations.h"

namespace dragoman::query {
namespace {


// Byte ranges of the words of `text`, in order.
std::vector<std::pair<size_t, size_t>> WordRanges(absl::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int32_t word_start = -1;
  while (i < length) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (text::IsWordCodePoint(c)) {
      if (word_start < 0) word_start = at;
    } else if (word_start >= 0) {
      out.emplace_back(word_start, at);
      word_start = -1;
    }
  }
  if (word_start >= 0) out.emplace_back(word_start, length);
  return out;
}


}  // namespace

std::set<std::string> IndexWords(absl::string_view text) {
  const std::string folded = text::Fold(text);
  std::set<std::string> out;
  for (const auto& [start, end] : WordRanges(folded)) {
    out.insert(folded.substr(start, end - start));
  }
  return out;
}

std::vector<std::string> QueryWords(absl::string_view query) {
  const std::string folded = text::Fold(query);
  std::vector<std::string> out;
  for (const auto& [start, end] : WordRanges(folded)) {
    std::string word = folded.substr(start, end - start);
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
  }
  return out;
}

std::optional<TextMatch> FindFirstMatch(absl::string_view text, const std::set<std::string>& words,
                                        int context_code_points) {
  const std::vector<std::pair<size_t, size_t>> ranges = WordRanges(text);
  for (size_t w = 0; w < ranges.size(); ++w) {
    const auto [start, end] = ranges[w];
    if (words.count(text::Fold(text.substr(start, end - start))) == 0) continue;
    const text::OffsetMap offsets(text);
    TextMatch match;
    match.start = offsets.ToCodePoint(start);
    match.end = offsets.ToCodePoint(end);
    // Widen to whole words within the context budget.
    size_t first = w, last = w;
    while (first > 0 &&
           offsets.ToCodePoint(ranges[first - 1].first) >= match.start - context_code_points) {
      --first;
    }
    while (last + 1 < ranges.size() &&
           offsets.ToCodePoint(ranges[last + 1].second) <= match.end + context_code_points) {
      ++last;
    }
    // At either end of the text, keep what surrounds the words (a final
    // full stop); inside it, cut at the words.
    const bool at_start = first == 0, at_end = last + 1 == ranges.size();
    const size_t from = at_start ? 0 : ranges[first].first;
    const size_t to = at_end ? text.size() : ranges[last].second;
    match.snippet = absl::StrCat(at_start ? "" : "…", CollapseSpaces(text.substr(from, to - from)),
                                 at_end ? "" : "…");
    return match;
  }
  return std::nullopt;
}

}  // namespace dragoman::query
