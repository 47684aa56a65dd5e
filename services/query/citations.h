#ifndef DRAGOMAN_SERVICES_QUERY_CITATIONS_H_
#define DRAGOMAN_SERVICES_QUERY_CITATIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/utf8.h"
#include "dragoman/query/v1/query.pb.h"
#include "dragoman/records/v1/records.pb.h"

namespace dragoman::query {

// `s` on one line: runs of ASCII whitespace become one space, none at the
// ends. Citations and snippets are shown in tables and one-line JSON.
std::string CollapseSpaces(absl::string_view s);

// Sentence boundaries of one clean text, so every fact read from it can be
// cited with the sentence it came from. ICU's sentence BreakIterator (root
// rules: they end sentences at ". " and at line breaks, which is what
// headlines and datelines in press releases need); offsets are code
// points, like every Span.
class SentenceIndex {
 public:
  explicit SentenceIndex(absl::string_view text);

  // The [start, end) of the sentence(s) covering [start, end), clamped to
  // the text.
  std::pair<int, int> Covering(int start, int end) const;

  // The citation of `span` in `document` (whose clean_text this index was
  // built from): the document's id and uri, the span, and the covering
  // sentence with whitespace collapsed.
  dragoman::query::v1::Citation Cite(const dragoman::records::v1::Document& document,
                                     int start, int end) const;

 private:
  std::string text_;
  text::OffsetMap offsets_;
  // Code-point offsets of sentence starts, ascending, ending with the
  // text's length.
  std::vector<int> boundaries_;
};

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_CITATIONS_H_
