#include "services/query/citations.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

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

SentenceIndex::SentenceIndex(absl::string_view text) : text_(text), offsets_(text_) {
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const int total = u.countChar32();
  // Creating a break iterator loads its rules; cloning one is cheap.
  thread_local std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) p.reset();
    return p;
  }();
  std::unique_ptr<icu::BreakIterator> it(prototype == nullptr ? nullptr : prototype->clone());
  if (it == nullptr) {
    boundaries_ = {0, total};
    return;
  }
  it->setText(u);
  // UTF-16 offsets to code points, walking forward once.
  int32_t prev16 = 0;
  int cp = 0;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    cp += u.countChar32(prev16, b - prev16);
    prev16 = b;
    boundaries_.push_back(cp);
  }
  if (boundaries_.empty() || boundaries_.front() != 0) boundaries_.insert(boundaries_.begin(), 0);
  if (boundaries_.back() != total) boundaries_.push_back(total);
}

std::pair<int, int> SentenceIndex::Covering(int start, int end) const {
  const int total = boundaries_.back();
  start = std::clamp(start, 0, total);
  end = std::clamp(end, start, total);
  // Last boundary <= start.
  auto s = std::upper_bound(boundaries_.begin(), boundaries_.end(), start);
  const int from = *std::prev(s);
  // First boundary >= end, but past `from` so an empty span at a boundary
  // still gets its sentence.
  auto e = std::lower_bound(boundaries_.begin(), boundaries_.end(), std::max(end, from + 1));
  const int to = e == boundaries_.end() ? total : *e;
  return {from, to};
}

dragoman::query::v1::Citation SentenceIndex::Cite(const dragoman::records::v1::Document& document,
                                                  int start, int end) const {
  dragoman::query::v1::Citation c;
  c.set_doc(document.id());
  c.set_uri(document.uri());
  c.set_start(start);
  c.set_end(end);
  const auto [from, to] = Covering(start, end);
  c.set_sentence_start(from);
  c.set_sentence_end(to);
  const size_t b = offsets_.ToByte(from), e = offsets_.ToByte(to);
  c.set_sentence(CollapseSpaces(absl::string_view(text_).substr(b, e - b)));
  return c;
}

}  // namespace dragoman::query
