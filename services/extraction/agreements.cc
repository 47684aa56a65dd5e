#include "services/extraction/agreements.h"

#include "absl/container/flat_hash_set.h"

namespace dragoman::extraction {
namespace {

bool In(const std::string& w, const absl::flat_hash_set<std::string>& set) { return set.contains(w); }

const absl::flat_hash_set<std::string>& SignWords() {
  static const auto* s = new absl::flat_hash_set<std::string>{
      "signe", "signes", "signee", "signees", "signature", "signed", "sign", "signent",
      "adopte", "adoptes", "adoptee", "adoptees", "adopted", "publie", "publiee",
      "issued", "paraphe", "conclu", "enterine", "approuve", "signing", "publient", "adoptent",
      "signeront"};
  return *s;
}
const absl::flat_hash_set<std::string>& DocumentHeads() {
  static const auto* s = new absl::flat_hash_set<std::string>{
      "declaration", "programme", "plan", "memorandum", "accord", "accords", "traite",
      "communique", "protocole", "feuille", "convention", "agreement", "treaty", "joint",
      "charte", "statement", "charter", "protocol", "lettre", "letter", "arrangement", "contrat",
      "contract"};
  return *s;
}
const absl::flat_hash_set<std::string>& TitleFunctionWords() {
  static const auto* s = new absl::flat_hash_set<std::string>{
      "de", "du", "des", "d", "la", "l", "le", "les", "et", "en", "pour", "entre", "sur",
      "of", "the", "and", "on", "between", "for", "a", "au", "aux"};
  return *s;
}
const absl::flat_hash_set<std::string>& TitleStopWords() {
  static const auto* s = new absl::flat_hash_set<std::string>{
      "qui", "que", "dont", "lors", "afin", "visant", "reaffirmant", "which", "that",
      "during", "aimed", "signe", "signes", "signee", "signees", "signed", "adopte",
      "adoptes", "adopted", "par", "by", "ont", "ainsi", "as", "was", "were", "signent",
      "publient", "adoptent", "sont", "est", "ont", "is", "are",
      // Passive voice: "Un plan ... a été signé", "A plan ... has been signed".
      "ete", "been", "has", "have", "sera", "seront", "will"};
  return *s;
}

}  // namespace

bool IsSigningWord(const std::string& folded) { return SignWords().contains(folded); }

std::vector<std::string> AgreementTitles(const TextIndex& index, TextIndex::Range range) {
  const std::vector<Token>& tokens = index.tokens();
  static const auto* kDeterminers = new absl::flat_hash_set<std::string>{
      "le", "la", "l", "les", "un", "une", "a", "an", "the"};
  std::vector<std::string> titles;
  for (size_t t = range.begin; t < range.end; ++t) {
    if (!In(tokens[t].folded, DocumentHeads())) continue;
    if (tokens[t].folded == "joint" &&
        !(t + 1 < range.end &&
          (tokens[t + 1].folded == "statement" || tokens[t + 1].folded == "declaration"))) {
      continue;
    }
    size_t last = t;
    for (size_t k = t + 1; k < range.end && k < t + 40; ++k) {
      absl::string_view gap = index.Gap(k - 1);
      if (gap.find_first_of(".;:\n()") != absl::string_view::npos) break;
      const std::string& w = tokens[k].folded;
      if (In(w, TitleStopWords()) || In(w, SignWords())) break;
      // ", d'amitié et de coopération" continues a title; ", qui" does not.
      if (gap.find(',') != absl::string_view::npos && !In(w, TitleFunctionWords())) break;
      // "... et le Programme ...": the next title starts.
      if (w == "et" || w == "and") {
        size_t next = k + 1;
        while (next < range.end && kDeterminers->contains(tokens[next].folded)) ++next;
        if (next < range.end && In(tokens[next].folded, DocumentHeads())) break;
      }
      last = k;
    }
    while (last > t && In(tokens[last].folded, TitleFunctionWords())) --last;
    if (last > t || tokens[t].capitalized) {
      titles.emplace_back(index.Slice(tokens[t].start, tokens[last].end));
    }
    t = last;
  }
  return titles;
}

}  // namespace dragoman::extraction
