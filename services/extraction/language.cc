#include "services/extraction/language.h"

#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

std::string DetectLanguage(const std::vector<Token>& tokens, const std::string& hint) {
  // The two lists are in lexicon.cc (kFrenchWord, kEnglishWord).
  int french = 0, english = 0;
  for (const Token& t : tokens) {
    if (t.words & kFrenchWord) ++french;
    if (t.words & kEnglishWord) ++english;
  }
  if (french + english < 5 && !hint.empty()) return hint;
  return english > french ? "en" : "fr";
}

}  // namespace dragoman::extraction
