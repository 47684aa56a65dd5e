#ifndef DRAGOMAN_SERVICES_EXTRACTION_WORD_LIST_H_
#define DRAGOMAN_SERVICES_EXTRACTION_WORD_LIST_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

// A short fixed list of folded words that a rule tests tokens against
// ("est", "a", "was", "has"), built at compile time with the lengths and
// the first bytes of its words as bit masks: a word of a length or first
// byte no list word has (most tokens asked) is turned away by two bit
// tests, before any comparison. Declare lists static constexpr
// (MakeWordList) so that nothing is built per call.
template <size_t N>
class WordList {
 public:
  template <typename... Words>
  constexpr explicit WordList(const Words&... words) : words_{absl::string_view(words)...} {
    for (absl::string_view w : words_) {
      lengths_ |= LengthBit(w.size());
      if (!w.empty()) firsts_ |= FirstBit(w[0]);
    }
  }

  // Whether word is one of the list's words.
  bool Has(absl::string_view word) const {
    if ((lengths_ & LengthBit(word.size())) == 0) return false;
    if (!word.empty() && (firsts_ & FirstBit(word[0])) == 0) return false;
    for (absl::string_view w : words_) {
      if (w.size() == word.size() && lexicon_internal::SameBytes(w.data(), word.data(), w.size())) {
        return true;
      }
    }
    return false;
  }

 private:
  static constexpr uint64_t LengthBit(size_t n) { return uint64_t{1} << (n < 63 ? n : 63); }
  static constexpr uint64_t FirstBit(char c) {
    return uint64_t{1} << (static_cast<unsigned char>(c) & 63);
  }

  absl::string_view words_[N];
  uint64_t lengths_ = 0;
  uint64_t firsts_ = 0;
};

template <typename... Words>
constexpr WordList<sizeof...(Words)> MakeWordList(const Words&... words) {
  return WordList<sizeof...(Words)>(words...);
}

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_WORD_LIST_H_
