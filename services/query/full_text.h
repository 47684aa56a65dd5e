#ifndef DRAGOMAN_SERVICES_QUERY_FULL_TEXT_H_
#define DRAGOMAN_SERVICES_QUERY_FULL_TEXT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::query {

// Ranked full-text search: words are lower-cased, stemmed with Snowball
// (libstemmer) in the document's language, then folded (accents removed),
// so "négociations", "negociation" and "négocier" meet on "negoci". Terms
// are "<lang>:<stem>" so a French and an English stem never collide; a
// query is stemmed in both languages and matches either. Ranking is Okapi
// BM25. No storage here; record_store.h keeps the postings.

// Languages with a stemmer: "fr" and "en". Others are indexed as "fr"
// (the corpus is mostly French) by StemLanguage.
std::string StemLanguage(absl::string_view language);

// One indexed word.
struct TermOccurrence {
  std::string term;  // "fr:negoci"
  int start = 0;     // code points, [start, end)
  int end = 0;
};

// The terms of `text` in order, stop words dropped.
std::vector<TermOccurrence> AnalyzeText(absl::string_view text, absl::string_view language);

// Term frequencies of AnalyzeText.
std::map<std::string, int> TermFrequencies(absl::string_view text, absl::string_view language);

// The query's words, each as the terms it may match (its French and its
// English stem), stop words dropped, duplicates removed.
std::vector<std::vector<std::string>> QueryTerms(absl::string_view query);

// Okapi BM25 weight of one term in one document (k1 = 1.2, b = 0.75).
double Bm25(int term_frequency, int document_frequency, int document_count, int document_length,
            double average_length);

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_FULL_TEXT_H_
