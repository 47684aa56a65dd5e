#include "services/extraction/language.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace dragoman::extraction {

std::string DetectLanguage(const std::vector<Token>& tokens, const std::string& hint) {
  static const auto* kFrench = new absl::flat_hash_set<std::string>{
      "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour",
      "avec", "sur", "que", "qui", "au", "aux", "a", "ont", "entre", "par", "ce", "sont"};
  static const auto* kEnglish = new absl::flat_hash_set<std::string>{
      "the", "of", "and", "to", "in", "is", "with", "for", "on", "that", "was",
      "by", "said", "has", "have", "are", "be", "as", "at", "from", "this", "its"};
  // One lookup per token: bit 1 French, bit 2 English.
  static const auto* kWords = [] {
    auto* words = new absl::flat_hash_map<std::string, int>;
    for (const std::string& w : *kFrench) (*words)[w] |= 1;
    for (const std::string& w : *kEnglish) (*words)[w] |= 2;
    return words;
  }();
  int french = 0, english = 0;
  for (const Token& t : tokens) {
    auto it = kWords->find(t.folded);
    if (it == kWords->end()) continue;
    if (it->second & 1) ++french;
    if (it->second & 2) ++english;
  }
  if (french + english < 5 && !hint.empty()) return hint;
  return english > french ? "en" : "fr";
}

}  // namespace dragoman::extraction
