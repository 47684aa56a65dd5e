#include "services/extraction/agreements.h"

#include "absl/container/flat_hash_set.h"

namespace dragoman::extraction {
namespace {

// The word lists (signing words, document heads, title function and stop
// words) are in lexicon.cc, as WordBits of every token.
bool Is(const Token& t, WordBit bit) { return (t.words & bit) != 0; }

}  // namespace

bool IsSigningWord(const std::string& folded) { return (WordBitsOf(folded) & kSigningWord) != 0; }

std::vector<std::string> AgreementTitles(const TextIndex& index, TextIndex::Range range) {
  const std::vector<Token>& tokens = index.tokens();
  static const auto* kDeterminers = new absl::flat_hash_set<std::string>{
      "le", "la", "l", "les", "un", "une", "a", "an", "the"};
  std::vector<std::string> titles;
  for (size_t t = range.begin; t < range.end; ++t) {
    if (!Is(tokens[t], kDocumentHead)) continue;
    if (tokens[t].folded == "joint" &&
        !(t + 1 < range.end &&
          (tokens[t + 1].folded == "statement" || tokens[t + 1].folded == "declaration"))) {
      continue;
    }
    size_t last = t;
    for (size_t k = t + 1; k < range.end && k < t + 40; ++k) {
      if (index.GapHas(k - 1, kGapPeriod | kGapSemicolon | kGapColon | kGapNewline |
                                  kGapOpenParen | kGapCloseParen)) {
        break;
      }
      const absl::string_view w = tokens[k].folded;
      if (Is(tokens[k], kTitleStopWord) || Is(tokens[k], kSigningWord)) break;
      // ", d'amitié et de coopération" continues a title; ", qui" does not.
      if (index.GapHas(k - 1, kGapComma) && !Is(tokens[k], kTitleFunctionWord)) break;
      // "... et le Programme ...": the next title starts.
      if (w == "et" || w == "and") {
        size_t next = k + 1;
        while (next < range.end && kDeterminers->contains(tokens[next].folded)) ++next;
        if (next < range.end && Is(tokens[next], kDocumentHead)) break;
      }
      last = k;
    }
    while (last > t && Is(tokens[last], kTitleFunctionWord)) --last;
    if (last > t || tokens[t].capitalized) {
      titles.emplace_back(index.Slice(tokens[t].start, tokens[last].end));
    }
    t = last;
  }
  return titles;
}

}  // namespace dragoman::extraction
