#ifndef DRAGOMAN_SERVICES_QUERY_ENTITY_SEARCH_H_
#define DRAGOMAN_SERVICES_QUERY_ENTITY_SEARCH_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "dragoman/query/v1/query.pb.h"

namespace dragoman::query {

// Matching behind SearchEntities, on "search forms" of names: each word
// folded like names::FoldNameWord (case, accents, and the romanization
// variants of common/names), so "Kouloubaïev", "Kulubaev" and "kouloub"
// compare as "kulubaev" / "kulub", and "Noursoultan" meets "Nur-Sultan".
// No storage here: the record store indexes these forms and asks this
// code to rank the candidates.

// Folded words of a name, in order ("Nur-Sultan" -> {"nur", "sultan"}).
std::vector<std::string> SearchWords(absl::string_view name);
// The words joined without separators ("nursultan"): the form whole
// names are compared on, so spacing and hyphens do not matter.
std::string CompactForm(absl::string_view name);

// Levenshtein distance of two byte strings, or `limit + 1` as soon as it
// is known to exceed `limit`.
int EditDistance(absl::string_view a, absl::string_view b, int limit);

// Largest edit distance a fuzzy match of a query of this compact length
// may have: 1 up to 5 letters, 2 up to 9, 3 beyond.
int FuzzyBudget(size_t length);

// How one spelling (a name or alias) answers a query.
struct SpellingMatch {
  dragoman::query::v1::MatchKind kind = dragoman::query::v1::MATCH_KIND_UNSPECIFIED;
  int distance = 0;
};

// Exact when the compact forms are equal; prefix when the spelling's
// compact form starts with the query's, or every query word starts a word
// of the spelling; fuzzy when the compact forms (or, for a one-word query,
// the query and a word of the spelling) are within FuzzyBudget; otherwise
// unspecified (no match).
SpellingMatch MatchSpelling(absl::string_view query, absl::string_view spelling);

// True when a ranks before b: exact, prefix, fuzzy; then smaller distance.
bool BetterMatch(const SpellingMatch& a, const SpellingMatch& b);

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_ENTITY_SEARCH_H_
