#include "services/query/citations.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "common/text/utf8.h"

namespace dragoman::query {
std::string CollapseSpaces(absl::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int CountCodePoints(absl::string_view utf8) {
  return static_cast<int>(text::CodePointCount(utf8));
}

// Where a prefix of `text` may end with every boundary before it known
// from that prefix alone: just past the first ASCII upper-case letter at or
// after `from` that follows ". ", "? " or "! " (any run of ASCII spaces).
// A sentence always ends before such a letter (UAX #29 SB11; SB7 and SB8,
// which keep ". " going, need no space or a lower-case letter next), and
// deciding that reads nothing past the letter, so the iterator never looks
// beyond this cut for the boundaries before the letter. npos when there is
// no such place.
size_t SafeCut(absl::string_view text, size_t from) {
  for (size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!') continue;
    size_t j = i + 1;
    while (j < text.size() && text[j] == ' ') ++j;
    if (j > i + 1 && j < text.size() && absl::ascii_isupper(static_cast<unsigned char>(text[j]))) {
      return j + 1;
    }
  }
  return absl::string_view::npos;
}

}  // namespace

SentenceIndex::SentenceIndex(std::string text)
    : text_(std::move(text)), code_points_(CountCodePoints(text_)), boundaries_{{0, 0}} {}

SentenceIndex::~SentenceIndex() = default;

void SentenceIndex::FindUpTo(int code_point) const {
  if (done_ || boundaries_.back().code_point >= code_point) return;
  // Break a prefix of the text only, from its start (the rules read the
  // start of the text), up to a safe cut past `code_point`: ICU computes
  // several boundaries ahead of the one asked for, so stopping the walk
  // early is not enough.
  const Boundary& known = boundaries_.back();
  size_t want = known.byte;
  for (int cp = known.code_point; want < text_.size(); ++want) {
    if (!IsContinuationByte(text_[want]) && cp++ == code_point) break;
  }
  const size_t cut = SafeCut(text_, want == 0 ? 0 : want - 1);
  if (cut == absl::string_view::npos || !Break(cut)) Break(text_.size());
}

bool SentenceIndex::Break(size_t prefix) const {
  const bool whole = prefix == text_.size();
  boundaries_.assign(1, Boundary{0, 0});
  // Creating a break iterator loads its rules; cloning one is cheap.
  thread_local std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) p.reset();
    return p;
  }();
  std::unique_ptr<icu::BreakIterator> it(prototype == nullptr ? nullptr : prototype->clone());
  UErrorCode status = U_ZERO_ERROR;
  // Iterating the UTF-8 in place saves converting the text to UTF-16;
  // boundaries come as byte offsets. setText keeps a shallow clone of the
  // UText, which reads text_.
  UText* utext = utext_openUTF8(nullptr, text_.data(), static_cast<int64_t>(prefix), &status);
  if (it != nullptr && U_SUCCESS(status)) it->setText(utext, status);
  utext_close(utext);
  if (it == nullptr || U_FAILURE(status)) {  // no sentences: the text is one
    done_ = true;
    if (code_points_ != 0) boundaries_.push_back({code_points_, text_.size()});
    return true;
  }
  // A cut prefix ends just past a letter that starts a sentence: the
  // boundary before the letter is real, the prefix's own end is not.
  const size_t last = whole ? text_.size() : prefix - 1;
  it->first();
  for (int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next()) {
    const size_t byte = static_cast<size_t>(b);
    if (byte > last) break;
    const Boundary& previous = boundaries_.back();
    boundaries_.push_back(
        {previous.code_point +
             CountCodePoints(absl::string_view(text_).substr(previous.byte, byte - previous.byte)),
         byte});
  }
  if (!whole) return boundaries_.back().byte == last;  // else not as promised: break it all
  done_ = true;
  if (boundaries_.back().code_point != code_points_) {
    boundaries_.push_back({code_points_, text_.size()});
  }
  return true;
}

size_t SentenceIndex::ByteOf(int code_point) const {
  auto it = std::lower_bound(
      boundaries_.begin(), boundaries_.end(), code_point,
      [](const Boundary& b, int cp) { return b.code_point < cp; });
  if (it != boundaries_.end() && it->code_point == code_point) return it->byte;
  return text_.size();  // only the text's end is not a boundary found
}

std::pair<int, int> SentenceIndex::Covering(int start, int end) const {
  const int total = code_points_;
  start = std::clamp(start, 0, total);
  end = std::clamp(end, start, total);
  auto by_code_point = [](int cp, const Boundary& b) { return cp < b.code_point; };
  // Last boundary <= start: known once one past start is.
  FindUpTo(start + 1);
  auto s = std::upper_bound(boundaries_.begin(), boundaries_.end(), start, by_code_point);
  const int from = std::prev(s)->code_point;
  // First boundary >= end, but past `from` so an empty span at a boundary
  // still gets its sentence.
  const int target = std::max(end, from + 1);
  FindUpTo(target);
  auto e = std::lower_bound(boundaries_.begin(), boundaries_.end(), target,
                            [](const Boundary& b, int cp) { return b.code_point < cp; });
  const int to = e == boundaries_.end() ? total : e->code_point;
  return {from, to};
}

dragoman::query::v1::Citation SentenceIndex::Cite(const std::string& doc, const std::string& uri,
                                                  int start, int end) const {
  dragoman::query::v1::Citation c;
  c.set_doc(doc);
  c.set_uri(uri);
  c.set_start(start);
  c.set_end(end);
  const auto [from, to] = Covering(start, end);
  c.set_sentence_start(from);
  c.set_sentence_end(to);
  const size_t b = ByteOf(from), e = ByteOf(to);
  c.set_sentence(CollapseSpaces(absl::string_view(text_).substr(b, e - b)));
  return c;
}

}  // namespace dragoman::query
