#include "services/query/citations.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"

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
  int n = 0;
  for (char c : utf8) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

}  // namespace

SentenceIndex::SentenceIndex(std::string text)
    : text_(std::move(text)), code_points_(CountCodePoints(text_)), boundaries_{{0, 0}} {
  // Creating a break iterator loads its rules; cloning one is cheap.
  thread_local std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) p.reset();
    return p;
  }();
  if (prototype != nullptr) iterator_.reset(prototype->clone());
  UErrorCode status = U_ZERO_ERROR;
  // Iterating the UTF-8 in place saves converting the whole text to UTF-16;
  // boundaries come as byte offsets. setText keeps a shallow clone of the
  // UText, which reads text_.
  UText* utext = utext_openUTF8(nullptr, text_.data(), static_cast<int64_t>(text_.size()), &status);
  if (iterator_ != nullptr && U_SUCCESS(status)) iterator_->setText(utext, status);
  utext_close(utext);
  if (iterator_ == nullptr || U_FAILURE(status)) {
    iterator_.reset();
    done_ = true;
    if (code_points_ != 0) boundaries_.push_back({code_points_, text_.size()});
    return;
  }
  iterator_->first();
}

SentenceIndex::~SentenceIndex() = default;

void SentenceIndex::FindUpTo(int code_point) const {
  while (!done_ && boundaries_.back().code_point < code_point) {
    const int32_t b = iterator_->next();
    if (b == icu::BreakIterator::DONE) {
      done_ = true;
      iterator_.reset();
      if (boundaries_.back().code_point != code_points_) {
        boundaries_.push_back({code_points_, text_.size()});
      }
      break;
    }
    const Boundary& last = boundaries_.back();
    const size_t byte = static_cast<size_t>(b);
    boundaries_.push_back(
        {last.code_point +
             CountCodePoints(absl::string_view(text_).substr(last.byte, byte - last.byte)),
         byte});
  }
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
