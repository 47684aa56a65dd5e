#ifndef DRAGOMAN_SERVICES_EXTRACTION_ROLES_H_
#define DRAGOMAN_SERVICES_EXTRACTION_ROLES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/gazetteer/gazetteer.h"
#include "services/extraction/analysis.h"
#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

// Reads titles ("le ministre kazakh des Affaires étrangères", "Deputy Prime
// Minister", "son homologue tadjik") and gives them to the persons they
// describe: a title right before a name ("le président X", "Foreign
// Minister Wang Yi"), or an apposition right after it ("X, vice-Premier
// ministre et chef de la diplomatie ouzbèke,").
class RoleReader {
 public:
  explicit RoleReader(const gazetteer::Gazetteer& gazetteer);

  // Fills analysis->roles (needs entity mentions for the countries named
  // inside titles). Runs before persons are known.
  void FindTitles(Analysis* analysis) const;
  // Sets RoleMention::person (needs person mentions).
  void Attribute(Analysis* analysis) const;

 private:
  struct Title {
    records::v1::Role role;
    bool counterpart;
    bool plural;  // "les présidents X et Y"
  };
  static constexpr size_t kFirstWordBits = 1 << 16;
  static size_t FirstWordBit(size_t word_hash) { return (word_hash >> 16) & (kFirstWordBits - 1); }
  // The titles of one language, walked token by token: most words start
  // no title and are ruled out with one lookup.
  struct Titles {
    PhraseTrie trie;
    std::vector<std::optional<Title>> by_node;  // the title a node spells, if any
    // The titles' first words, a bit each by hash: FindTitles steps over
    // the words that start no title in a loop of its own.
    std::vector<uint64_t> first_words = std::vector<uint64_t>(kFirstWordBits / 64, 0);
  };
  absl::flat_hash_map<std::string, Titles> titles_;  // by language
  size_t max_tokens_ = 1;
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_ROLES_H_
