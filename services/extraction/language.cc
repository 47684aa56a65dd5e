#include "services/extraction/language.h"

#include <cstdint>

#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

std::string DetectLanguage(const std::vector<Token>& tokens, const std::string& hint) {
  // The two lists are in lexicon.cc (kFrenchWord, kEnglishWord).
  // Without a branch per token, four tokens a step: this loop runs over
  // every token. The sum of the two bits is french + 2 * english.
  static_assert(kFrenchWord == 1 && kEnglishWord == 2, "the bits the sums below add");
  const Token* t = tokens.data();
  const size_t n = tokens.size();
  size_t both = 0, french = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t a = t[i].words, b = t[i + 1].words, c = t[i + 2].words, d = t[i + 3].words;
    both += (a & 3u) + (b & 3u) + (c & 3u) + (d & 3u);
    french += (a & 1u) + (b & 1u) + (c & 1u) + (d & 1u);
  }
  for (; i < n; ++i) {
    both += t[i].words & 3u;
    french += t[i].words & 1u;
  }
  const size_t english = (both - french) / 2;
  if (french + english < 5 && !hint.empty()) return hint;
  return english > french ? "en" : "fr";
}

}  // namespace dragoman::extraction
