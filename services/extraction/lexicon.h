#ifndef DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_
#define DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace dragoman::extraction {

// The word lists the rules test folded tokens against, as bits: the
// tokenizer looks every word up once, and a rule then tests a bit where it
// used to hash the word into a set of its own (several sets per token per
// document). A word in no list has no bits, so most words skip most rules.
enum WordBit : uint32_t {
  // Language detection.
  kFrenchWord = 1u << 0,
  kEnglishWord = 1u << 1,
  // Event triggers and cues.
  kPhoneWord = 1u << 2,
  kSummitWord = 1u << 3,
  kGatheringWord = 1u << 4,
  kMinisterialWord = 1u << 5,
  kVisitWord = 1u << 6,
  kMeetingWord = 1u << 7,
  kPlanWord = 1u << 8,
  kSpeechVerb = 1u << 9,
  kParticipationWord = 1u << 10,
  // Any other word the trigger scan of a sentence compares a token with.
  kEventCue = 1u << 11,
  kPluralTitleWord = 1u << 12,  // "ministres", "presidents"
  kLeaderWord = 1u << 13,       // "dirigeants", "leaders"
  kFrenchFutureWord = 1u << 14,  // "sera", "tiendra": short simple futures
  // Agreements.
  kSigningWord = 1u << 15,
  kDocumentHead = 1u << 16,     // "accord", "declaration"
  kTitleFunctionWord = 1u << 17,
  kTitleStopWord = 1u << 18,
  // Persons.
  kStopword = 1u << 19,  // never opens a name
  kParticle = 1u << 20,  // "von", "bin"
};

// Every event class and cue word: a token without one of these bits
// triggers nothing in a sentence's trigger scan.
inline constexpr uint32_t kAnyEventWord =
    kPhoneWord | kSummitWord | kGatheringWord | kMinisterialWord | kVisitWord | kMeetingWord |
    kPlanWord | kSpeechVerb | kParticipationWord | kEventCue | kSigningWord;

// A folded word with its hash, computed once per token, so that every set
// keyed by folded words (WordMap, PhraseTrie) is probed without hashing again.
struct HashedWord {
  absl::string_view text;
  size_t hash;
};

// The hash of a folded word: computed once per token by the tokenizer.
inline size_t HashWord(absl::string_view word);

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
template <typename V>
using WordMap = absl::flat_hash_map<std::string, V, WordHash, WordEq>;

// Phrases of folded words (gazetteer names, role titles) as a trie that a
// reader walks token by token with the tokens' hashes: no key string is
// built or hashed while reading a text. Nodes are numbers; a user keeps
// what a phrase means in a vector indexed by node.
class PhraseTrie {
 public:
  static constexpr uint32_t kRoot = 0;
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  // The node of a phrase (its folded words), adding it and its prefixes.
  uint32_t Add(const std::vector<std::string>& words);
  // The node one word further, or kNone when no phrase goes on so.
  // The first-word filter is inline: it turns most tokens away, and the
  // call cost more than the test.
  uint32_t Next(uint32_t node, const HashedWord& word) const {
    if (node == kRoot) {
      const size_t bit = FilterBit(word.hash);
      if (((first_words_[bit / 64] >> (bit % 64)) & 1) == 0) return kNone;
    }
    return Follow(node, word);
  }
  size_t node_count() const { return node_count_; }

 private:
  // Edges (parent node, word) -> child node, in an open-addressing table
  // keyed by a hash of both: most lookups end at their first slot.
  struct Slot {
    size_t hash = 0;
    uint32_t parent = 0;
    uint32_t child = kNone;  // kNone: empty
    std::string word;
  };
  static size_t EdgeHash(uint32_t parent, size_t word_hash);
  uint32_t Follow(uint32_t node, const HashedWord& word) const;  // Next past the filter
  void Grow();

  std::vector<Slot> slots_ = std::vector<Slot>(64);
  size_t used_ = 0;
  // The first words of the phrases, by hash bits: most words of a text
  // start no phrase, and are turned away here without touching slots_.
  static constexpr size_t kFilterBits = 1 << 16;
  std::vector<uint64_t> first_words_ = std::vector<uint64_t>(kFilterBits / 64, 0);
  static size_t FilterBit(size_t word_hash) { return (word_hash >> 40) & (kFilterBits - 1); }
  uint32_t node_count_ = 1;  // the root
};

// The WordBits of a folded word (0 for a word in no list). Inline (below):
// every token is looked up.
inline uint32_t WordBitsOf(const HashedWord& word);
inline uint32_t WordBitsOf(absl::string_view word) { return WordBitsOf({word, HashWord(word)}); }

namespace lexicon_internal {

// A multiply-and-fold hash (the mixing of wyhash): words are short, and
// every token is hashed once, so this is a visible share of tokenizing.
// Good in the low bits and the high ones, as flat_hash_map needs. Inline:
// the call was a tenth of its cost.
inline uint64_t Mix(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint32_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
// Whether n bytes at a and b are the same, without a call to memcmp (most
// tokens are looked up, and half of them are found): words of 2 bytes and
// more are compared by two loads that overlap, never reading past n.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (size_t k = 0; k + 8 < n; k += 8) {
      if (Load8(a + k) != Load8(b + k)) return false;
    }
    return Load8(a + n - 8) == Load8(b + n - 8);
  }
  if (n >= 4) return Load4(a) == Load4(b) && Load4(a + n - 4) == Load4(b + n - 4);
  if (n >= 2) {
    uint16_t x, y, u, v;
    std::memcpy(&x, a, 2);
    std::memcpy(&y, b, 2);
    std::memcpy(&u, a + n - 2, 2);
    std::memcpy(&v, b + n - 2, 2);
    return x == y && u == v;
  }
  return n == 0 || a[0] == b[0];
}

inline constexpr uint64_t kSecret0 = 0xa0761d6478bd642full;
inline constexpr uint64_t kSecret1 = 0xe7037ed1a0b428dbull;

// The lexicon as an open-addressing table keyed by the words' hashes
// (lexicon.cc): most lookups end at the first slot, and the word is
// compared only when the hash matches.
struct LexiconSlot {
  size_t hash = 0;
  absl::string_view word;  // into the lexicon, which is never freed
  uint32_t bits = 0;       // 0: empty (every word is in some list)
};
inline constexpr size_t kLexiconSlots = 4096;  // well over 4x the lexicon's words
const LexiconSlot* LexiconTable();

}  // namespace lexicon_internal

inline size_t HashWord(absl::string_view word) {
  using lexicon_internal::Load4;
  using lexicon_internal::Load8;
  using lexicon_internal::Mix;
  using lexicon_internal::kSecret0;
  using lexicon_internal::kSecret1;
  const char* p = word.data();
  size_t n = word.size();
  uint64_t seed = kSecret0 ^ n;
  while (n > 16) {
    seed = Mix(Load8(p) ^ kSecret1, Load8(p + 8) ^ seed);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {  // two loads that may overlap
    a = Load8(p);
    b = Load8(p + n - 8);
  } else if (n >= 4) {
    a = Load4(p);
    b = Load4(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
        (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  return Mix(a ^ kSecret1, b ^ seed ^ kSecret0);
}

namespace lexicon_internal {

// LexiconTable(), asked once: a caller that looks up many words (the
// tokenizer) keeps the pointer instead of testing a static's guard per word.
inline const LexiconSlot* LexiconSlots() {
  static const LexiconSlot* const slots = LexiconTable();
  return slots;
}

// WordBitsOf in the table `slots` (LexiconSlots()).
inline uint32_t WordBitsIn(const LexiconSlot* slots, const HashedWord& word) {
  constexpr size_t kMask = kLexiconSlots - 1;
  for (size_t slot = word.hash & kMask;; slot = (slot + 1) & kMask) {
    const LexiconSlot& s = slots[slot];
    if (s.bits == 0) return 0;
    if (s.hash == word.hash && s.word.size() == word.text.size() &&
        SameBytes(s.word.data(), word.text.data(), s.word.size())) {
      return s.bits;
    }
  }
}

}  // namespace lexicon_internal

inline uint32_t WordBitsOf(const HashedWord& word) {
  return lexicon_internal::WordBitsIn(lexicon_internal::LexiconSlots(), word);
}

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_LEXICON_H_
