#ifndef DRAGOMAN_SERVICES_EXTRACTION_ANALYSIS_H_
#define DRAGOMAN_SERVICES_EXTRACTION_ANALYSIS_H_

#include <string>
#include <vector>

#include "common/gazetteer/gazetteer.h"
#include "dragoman/records/v1/records.pb.h"
#include "services/extraction/text_index.h"

namespace dragoman::extraction {

// A distinct thing a document names (one per document).
struct DocEntity {
  gazetteer::Kind kind = gazetteer::Kind::kCountry;
  const gazetteer::Entry* entry = nullptr;  // nullptr: not in the gazetteer
  std::string key;      // "person:wang-yi", "person:<slug>" for unknown names
  std::string name;     // canonical display name
  std::string country;  // ISO alpha-2 or empty
  std::vector<std::string> surfaces;  // forms seen in this document
  // The name alone may be anyone's ("M. Wang"): the key is qualified by
  // the document so that the query service never merges it across
  // documents.
  bool document_scoped = false;
};

// Where the text names a DocEntity: tokens [first, end).
struct Mention {
  size_t first = 0;
  size_t end = 0;
  int entity = -1;
  bool adjective = false;  // "kirghize", "sino-"
};

// A title naming a role: "ministre kazakh des Affaires étrangères".
struct RoleMention {
  size_t first = 0;
  size_t end = 0;
  records::v1::Role role = records::v1::ROLE_UNSPECIFIED;
  // "son homologue", "his counterpart": the role of the other party.
  bool counterpart = false;
  bool plural = false;  // "les présidents X, Y et Z"
  std::string country;  // from an adjective or "du Kazakhstan" in the title
  int organization = -1;  // DocEntity of "de l'OCS", when stated
  int person = -1;        // DocEntity holding it, once attributed
};

// Everything the rule families have read so far from one document. Rules
// run in order and add to it; each one's input is the previous ones' output.
struct Analysis {
  explicit Analysis(absl::string_view text) : index(text) {}

  // Starts over on another text, keeping the buffers (see TextIndex::Reset).
  void Reset(absl::string_view text);

  TextIndex index;
  std::string language;
  std::vector<DocEntity> entities;
  std::vector<Mention> mentions;  // sorted by first token, never overlapping
  std::vector<RoleMention> roles;

  // Mention covering a token, or -1. Constant time while mentions change
  // only through AddMention (the rules ask this of every token, several
  // times over).
  int MentionAt(size_t token) const {
    if (indexed_mentions_ == mentions.size() && !mention_of_token_.empty()) {
      return token < mention_of_token_.size() ? mention_of_token_[token] : -1;
    }
    return SearchMention(token);
  }
  // Adds an entity (or returns the existing one with the same key).
  int AddEntity(DocEntity entity);
  // AddEntity(EntityMatcher::FromEntry(entry)), built in the strings of an
  // entity of an earlier text when there is one: most entities come from
  // the gazetteer, and their keys outgrow the short-string buffer.
  int AddEntryEntity(const gazetteer::Entry& entry);
  // The entity with this key, or -1.
  int FindEntity(absl::string_view key) const;
  // Inserts a mention if it overlaps none; returns false otherwise.
  bool AddMention(Mention mention);

 private:
  // token -> index into mentions, or -1; valid while mentions.size() ==
  // indexed_mentions_ (a caller that inserted by hand gets the search).
  std::vector<int> mention_of_token_;
  // Entities of earlier texts, kept for their buffers (AddEntryEntity).
  std::vector<DocEntity> spare_entities_;
  size_t indexed_mentions_ = 0;
  int SearchMention(size_t token) const;
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_ANALYSIS_H_
