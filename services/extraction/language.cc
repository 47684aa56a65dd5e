#include "services/extraction/language.h"

#include <cstdint>

#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

std::string DetectLanguage(const std::vector<Token>& tokens, const std::string& hint) {
  // The two lists are in lexicon.cc (kFrenchWord, kEnglishWord).
  // Both counts in one sum (French in the low half, English in the high),
  // without a branch per token: this loop runs over every token.
  static_assert(kFrenchWord == 1 && kEnglishWord == 2, "the bits the sum below adds");
  uint64_t counts = 0;
  for (const Token& t : tokens) {
    counts += (t.words & 1u) | (static_cast<uint64_t>(t.words & 2u) << 31);
  }
  const uint64_t french = counts & 0xFFFFFFFFu, english = counts >> 32;
  if (french + english < 5 && !hint.empty()) return hint;
  return english > french ? "en" : "fr";
}

}  // namespace dragoman::extraction
