#ifndef DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_REFERENCE_H_
#define DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_REFERENCE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::extraction::reference {

// A token as the former tokenizer described it.
struct ReferenceToken {
  size_t start = 0;
  size_t end = 0;
  bool capitalized = false;
  bool all_caps = false;
  bool digits = false;
  std::string folded;  // text::Fold of the surface
  uint32_t code_point_start = 0;
  uint32_t code_point_end = 0;
};

// The former tokenizer (one code point at a time), linked into the tests
// only: the oracle the block tokenizer of text_index.cc is checked against.
std::vector<ReferenceToken> SplitOneByOne(absl::string_view text);

// What the former TextIndex::Reset said of the gaps of those tokens: per
// token whether it is joined to the next, the GapBits of its gap, and its
// sentence; and the sentences as [first token, last token + 1).
struct ReferenceGaps {
  std::vector<bool> joined;
  std::vector<uint16_t> bits;
  std::vector<size_t> sentence_of;
  std::vector<std::pair<size_t, size_t>> sentences;
};
ReferenceGaps GapsOneByOne(absl::string_view text, const std::vector<ReferenceToken>& tokens);

}  // namespace dragoman::extraction::reference

#endif  // DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_REFERENCE_H_
