#ifndef DRAGOMAN_SERVICES_EXTRACTION_ENTITY_MATCHER_H_
#define DRAGOMAN_SERVICES_EXTRACTION_ENTITY_MATCHER_H_

#include <string>
#include <vector>

#include "common/gazetteer/gazetteer.h"
#include "services/extraction/analysis.h"
#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

// Finds gazetteer names in text: countries (names and adjectives, also
// inside compounds like "sino-kirghize" or "Chine-Asie centrale"), places,
// organizations and full person names. Matching is token by token on
// folded forms, longest first; capitals in a gazetteer form must be
// capitals in the text, so "UN" never matches French "un" and English
// "Polish" never matches "polish". Compound prefixes ("sino") match only
// before a hyphen; phrases a country lists as not naming it ("océan
// Indien") are skipped whole; guarded names ("Jordan") do not match inside
// a run of capitalized words ("Michael Jordan").
class EntityMatcher {
 public:
  explicit EntityMatcher(const gazetteer::Gazetteer& gazetteer);

  // Adds the matches to analysis->entities and analysis->mentions.
  void Match(Analysis* analysis) const;

  // Entity for a gazetteer entry, as a document-level DocEntity.
  static DocEntity FromEntry(const gazetteer::Entry& entry);

 private:
  enum class Use {
    kName,
    kAdjective,
    kPrefix,   // "sino": only right before a hyphen
    kNotName,  // "océan Indien": consumed, names nothing
  };
  struct Form {
    const gazetteer::Entry* entry;
    Use use;
    bool guarded;  // "Jordan": not next to a capitalized word
    std::vector<bool> needs_capital;  // per token
    std::vector<bool> needs_all_caps;
    int priority;  // lower wins among entries sharing a form
  };
  void Add(const gazetteer::Entry& entry, absl::string_view form, Use use);
  // Whether a form found at tokens [first, first + n) may be read there.
  bool Fits(const Form& form, const TextIndex& index, size_t first, size_t n) const;

  // Forms by their folded tokens: a node of trie_ is every token-wise
  // prefix of a form ("asie", "asie centrale"); most words start no name,
  // and a match is only extended while it is still the beginning of one.
  PhraseTrie trie_;
  std::vector<std::vector<Form>> forms_;  // by node of trie_; empty: no form
  // By node of trie_: a bit per word that follows it in some form (by
  // hash), so that a word that continues nothing costs no trie probe.
  std::vector<uint64_t> next_words_;
  static uint64_t NextWordBit(size_t word_hash) { return uint64_t{1} << (word_hash >> 58); }
  // The first words of the forms, a bit each by hash: Match steps over
  // the words that start no form in a loop of its own, with no trie call.
  static constexpr size_t kFirstWordBits = 1 << 16;
  static size_t FirstWordBit(size_t word_hash) { return (word_hash >> 16) & (kFirstWordBits - 1); }
  std::vector<uint64_t> first_words_ = std::vector<uint64_t>(kFirstWordBits / 64, 0);
  // The same for the forms whose first word may be written in lower case
  // (French adjectives, phrases that name nothing): "le", "la", "un" start
  // names ("Le Caire", "UN"), but only written with a capital.
  std::vector<uint64_t> lower_first_words_ = std::vector<uint64_t>(kFirstWordBits / 64, 0);
  size_t max_tokens_ = 1;
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_ENTITY_MATCHER_H_
