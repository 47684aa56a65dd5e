#ifndef DRAGOMAN_COMMON_NORMALIZE_ALIGNED_TEXT_H_
#define DRAGOMAN_COMMON_NORMALIZE_ALIGNED_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::normalize {

// One run of text and the original bytes it came from. Runs tile the text
// in order; the source side may skip (deleted markup) or stay put
// (inserted breaks).
struct Segment {
  uint32_t text_length = 0;    // bytes of text
  uint32_t source_begin = 0;   // byte offset into the original
  uint32_t source_length = 0;  // bytes of the original
  // True when text byte k of the run came from source byte
  // source_begin + k (copied, or replaced byte for byte such as "\n" -> " ").
  // False when the run as a whole replaced its source (an entity, a
  // collapsed whitespace run, an NFC composition).
  bool linear = false;

  bool operator==(const Segment& o) const {
    return text_length == o.text_length && source_begin == o.source_begin &&
           source_length == o.source_length && linear == o.linear;
  }
};

// Text under construction that remembers, run by run, which original bytes
// each part came from. Every cleaning step reads one AlignedText and
// appends to the next, so the final clean text can always be mapped back
// to the document as it was received. Adjacent linear runs merge, so a
// mostly untouched document needs only a handful of segments.
class AlignedText {
 public:
  // Rebuilds a text from stored parts (segments must tile text).
  static AlignedText FromParts(std::string text, const std::vector<Segment>& segments);

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }
  bool empty() const { return text_.empty(); }

  // Appends bytes that stand byte for byte for source[source_begin, +size).
  void AppendLinear(absl::string_view bytes, size_t source_begin);
  // Appends text that replaced source[source_begin, source_end) as a whole.
  // Empty text appends nothing.
  void AppendReplacement(absl::string_view text, size_t source_begin, size_t source_end);
  // Appends other.text()[begin, end) with the mapping it already had.
  void AppendFrom(const AlignedText& other, size_t begin, size_t end);
  // Appends text that replaces other.text()[begin, end): it maps to all the
  // source bytes that range came from. An empty range maps to the point
  // where it sits.
  void AppendReplacementFrom(const AlignedText& other, absl::string_view text, size_t begin,
                             size_t end);

  // Original byte range [first, second) that text bytes [begin, end) came from.
  std::pair<size_t, size_t> SourceRange(size_t begin, size_t end) const;

  // `outer` was made from inner.text(); the result is outer's text mapped
  // to inner's source (e.g. HTML parsed from a transcoded page, mapped to
  // the page's original bytes).
  static AlignedText Compose(const AlignedText& outer, const AlignedText& inner);

 private:
  // Index of the segment holding text byte `offset` (offset < text size),
  // and the text offset where that segment starts.
  std::pair<size_t, size_t> Find(size_t offset) const;
  void Push(const Segment& s);

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<size_t> starts_;  // text offset where each segment begins
};

// Maps code-point spans of a clean text back to byte spans of the original,
// given the clean text and the segments produced with it.
class SourceMap {
 public:
  SourceMap(absl::string_view clean_text, std::vector<Segment> segments);

  // Original byte range [first, second) that clean code points [begin, end)
  // came from. Out-of-range offsets are clamped.
  std::pair<size_t, size_t> ToSource(int begin, int end) const;

 private:
  AlignedText text_;
  std::vector<size_t> cp_to_byte_;
};

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_ALIGNED_TEXT_H_
