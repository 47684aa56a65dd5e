#include "services/query/entity_search.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/names/name_key.h"
#include "common/text/unicode.h"

namespace dragoman::query {

namespace qv1 = dragoman::query::v1;

std::vector<std::string> SearchWords(absl::string_view name) {
  // Slug() leaves only alphanumeric runs joined by '-'.
  const std::string slug = text::Slug(name);
  std::vector<std::string> out;
  for (absl::string_view w : absl::StrSplit(slug, '-', absl::SkipEmpty())) {
    std::string folded = names::FoldNameWord(w);
    if (folded.empty()) folded = std::string(w);
    out.push_back(std::move(folded));
  }
  return out;
}

std::string CompactForm(absl::string_view name) { return absl::StrJoin(SearchWords(name), ""); }

int EditDistance(absl::string_view a, absl::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

int FuzzyBudget(size_t length) {
  if (length <= 5) return 1;
  if (length <= 9) return 2;
  return 3;
}

SpellingMatch MatchSpelling(absl::string_view query, absl::string_view spelling) {
  SpellingMatch out;
  const std::vector<std::string> q = SearchWords(query), s = SearchWords(spelling);
  if (q.empty() || s.empty()) return out;
  const std::string qc = absl::StrJoin(q, ""), sc = absl::StrJoin(s, "");
  if (qc == sc) {
    out.kind = qv1::MATCH_KIND_EXACT;
    return out;
  }
  bool every_word_starts_one = true;
  for (const std::string& w : q) {
    every_word_starts_one = every_word_starts_one &&
        std::any_of(s.begin(), s.end(), [&](const std::string& x) { return x.rfind(w, 0) == 0; });
  }
  if (sc.rfind(qc, 0) == 0 || every_word_starts_one) {
    out.kind = qv1::MATCH_KIND_PREFIX;
    return out;
  }
  const int budget = FuzzyBudget(qc.size());
  int best = EditDistance(qc, sc, budget);
  if (q.size() == 1) {
    for (const std::string& w : s) best = std::min(best, EditDistance(qc, w, budget));
  }
  if (best <= budget) {
    out.kind = qv1::MATCH_KIND_FUZZY;
    out.distance = best;
  }
  return out;
}

bool BetterMatch(const SpellingMatch& a, const SpellingMatch& b) {
  if (a.kind != b.kind) {
    if (a.kind == qv1::MATCH_KIND_UNSPECIFIED) return false;
    if (b.kind == qv1::MATCH_KIND_UNSPECIFIED) return true;
    return a.kind < b.kind;
  }
  return a.distance < b.distance;
}

}  // namespace dragoman::query
