#ifndef DRAGOMAN_SERVICES_QUERY_CITATIONS_H_
#define DRAGOMAN_SERVICES_QUERY_CITATIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
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
//
// Boundaries are found lazily, breaking only a prefix of the text that
// reaches past the spans asked for: a listing cites one or two sentences
// of each of dozens of documents, and breaking every whole document was
// most of its cost. The prefix ends at a place where the boundaries before
// it cannot depend on what follows (see SafeCut), so they are the ones a
// pass over the whole text gives. Not thread-safe: one per request.
class SentenceIndex {
 public:
  // `text` must be valid UTF-8 (clean texts are: they come from proto3
  // strings).
  explicit SentenceIndex(std::string text);
  ~SentenceIndex();
  SentenceIndex(const SentenceIndex&) = delete;
  SentenceIndex& operator=(const SentenceIndex&) = delete;

  // The [start, end) of the sentence(s) covering [start, end), clamped to
  // the text.
  std::pair<int, int> Covering(int start, int end) const;

  // The citation of `span` in `document` (whose clean_text this index was
  // built from): the document's id and uri, the span, and the covering
  // sentence with whitespace collapsed.
  dragoman::query::v1::Citation Cite(const dragoman::records::v1::Document& document,
                                     int start, int end) const {
    return Cite(document.id(), document.uri(), start, end);
  }
  // The same for the document `doc` at `uri`.
  dragoman::query::v1::Citation Cite(const std::string& doc, const std::string& uri, int start,
                                     int end) const;

 private:
  struct Boundary {
    int code_point;
    size_t byte;
  };
  // Makes boundaries_ reach a boundary at or past `code_point`, or the
  // text's end.
  void FindUpTo(int code_point) const;
  // Sets boundaries_ to those of the text's first `prefix` bytes (all of
  // them, or a safe cut); false if a cut did not give the boundary it
  // should.
  bool Break(size_t prefix) const;
  // The boundary or text end at `code_point` (a value Covering returned).
  size_t ByteOf(int code_point) const;

  std::string text_;
  int code_points_ = 0;
  // Sentence starts found so far, ascending, from {0, 0}; once `done_`, the
  // last is the text's end.
  mutable std::vector<Boundary> boundaries_;
  mutable bool done_ = false;
};

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_CITATIONS_H_
