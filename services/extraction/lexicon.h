#ifndef DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_
#define DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace dragoman::extraction {

// The word lists the rules test folded tokens against, as bits: the
// tokenizer looks every word up once, and a rule then tests a bit where it
// used to hash the word into a set of its own (several sets per token per
// document). A word in no list has no bits, so most words skip most rules.
enum WordBit : uint64_t {
  // Language detection.
  kFrenchWord = 1ull << 0,
  kEnglishWord = 1ull << 1,
  // Event triggers and cues.
  kPhoneWord = 1ull << 2,
  kSummitWord = 1ull << 3,
  kGatheringWord = 1ull << 4,
  kMinisterialWord = 1ull << 5,
  kVisitWord = 1ull << 6,
  kMeetingWord = 1ull << 7,
  kPlanWord = 1ull << 8,
  kSpeechVerb = 1ull << 9,
  kParticipationWord = 1ull << 10,
  // Any other word the trigger scan of a sentence compares a token with.
  kEventCue = 1ull << 11,
  kPluralTitleWord = 1ull << 12,  // "ministres", "presidents"
  kLeaderWord = 1ull << 13,       // "dirigeants", "leaders"
  kFrenchFutureWord = 1ull << 14,  // "sera", "tiendra": short simple futures
  // Agreements.
  kSigningWord = 1ull << 15,
  kDocumentHead = 1ull << 16,     // "accord", "declaration"
  kTitleFunctionWord = 1ull << 17,
  kTitleStopWord = 1ull << 18,
  // Persons.
  kStopword = 1ull << 19,  // never opens a name
  kParticle = 1ull << 20,  // "von", "bin"
};

// Every event class and cue word: a token without one of these bits
// triggers nothing in a sentence's trigger scan.
inline constexpr uint64_t kAnyEventWord =
    kPhoneWord | kSummitWord | kGatheringWord | kMinisterialWord | kVisitWord | kMeetingWord |
    kPlanWord | kSpeechVerb | kParticipationWord | kEventCue | kSigningWord;

// A folded word with its hash, computed once per token, so that every set
// keyed by folded words (WordSet, WordMap) is probed without hashing again.
struct HashedWord {
  absl::string_view text;
  size_t hash;
};

size_t HashWord(absl::string_view word);

// Hash and equality that accept std::string, string_view and HashedWord.
struct WordHash {
  using is_transparent = void;
  size_t operator()(absl::string_view w) const { return HashWord(w); }
  size_t operator()(const HashedWord& w) const { return w.hash; }
};
struct WordEq {
  using is_transparent = void;
  bool operator()(absl::string_view a, absl::string_view b) const { return a == b; }
  bool operator()(const HashedWord& a, absl::string_view b) const { return a.text == b; }
  bool operator()(absl::string_view a, const HashedWord& b) const { return a == b.text; }
};
using WordSet = absl::flat_hash_set<std::string, WordHash, WordEq>;
template <typename V>
using WordMap = absl::flat_hash_map<std::string, V, WordHash, WordEq>;

// The WordBits of a folded word (0 for a word in no list).
uint64_t WordBitsOf(const HashedWord& word);
inline uint64_t WordBitsOf(absl::string_view word) { return WordBitsOf({word, HashWord(word)}); }

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_
