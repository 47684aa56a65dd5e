#include "services/extraction/analysis.h"

#include <algorithm>

namespace dragoman::extraction {

void Analysis::Reset(absl::string_view text) {
  index.Reset(text);
  language.clear();
  // A bounded number: unknown persons' entities are never taken back.
  for (DocEntity& e : entities) {
    if (spare_entities_.size() >= 256) break;
    spare_entities_.push_back(std::move(e));
  }
  entities.clear();
  mentions.clear();
  roles.clear();
  mention_of_token_.clear();
  indexed_mentions_ = 0;
}

int Analysis::SearchMention(size_t token) const {
  auto it = std::upper_bound(mentions.begin(), mentions.end(), token,
                             [](size_t t, const Mention& m) { return t < m.first; });
  if (it == mentions.begin()) return -1;
  --it;
  return token < it->end ? static_cast<int>(it - mentions.begin()) : -1;
}

int Analysis::FindEntity(absl::string_view key) const {
  for (size_t i = 0; i < entities.size(); ++i) {
    // Without a memcmp call: asked for every gazetteer match.
    const std::string& k = entities[i].key;
    if (k.size() == key.size() && lexicon_internal::SameBytes(k.data(), key.data(), k.size())) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int Analysis::AddEntity(DocEntity entity) {
  if (const int found = FindEntity(entity.key); found >= 0) return found;
  entities.push_back(std::move(entity));
  return static_cast<int>(entities.size()) - 1;
}

int Analysis::AddEntryEntity(const gazetteer::Entry& entry) {
  if (const int found = FindEntity(entry.id); found >= 0) return found;
  // The spare goes straight into place: no DocEntity in between to move
  // from and destroy.
  if (spare_entities_.empty()) {
    entities.emplace_back();
  } else {
    entities.push_back(std::move(spare_entities_.back()));
    spare_entities_.pop_back();
  }
  DocEntity& e = entities.back();
  // Every field, as EntityMatcher::FromEntry sets them on a new DocEntity.
  e.kind = entry.kind;
  e.entry = &entry;
  e.key.assign(entry.id);
  e.name.assign(entry.name);
  e.country.assign(entry.country);
  e.surfaces.clear();
  e.document_scoped = false;
  return static_cast<int>(entities.size()) - 1;
}

bool Analysis::AddMention(Mention mention) {
  // Rules scan left to right, so most mentions start at or after the end
  // of the last one: then none can overlap (mentions are sorted and do not
  // overlap, so none ends later than the last), and the mention goes last.
  if (indexed_mentions_ == mentions.size() && mention.first < mention.end &&
      (mentions.empty() || mentions.back().end <= mention.first)) {
    if (mention_of_token_.empty()) mention_of_token_.assign(index.tokens().size(), -1);
    mentions.push_back(mention);
    if (mention.end > mention_of_token_.size()) {
      mention_of_token_.clear();  // a span past the text: search from now on
      indexed_mentions_ = static_cast<size_t>(-1);
      return true;
    }
    const int at = static_cast<int>(mentions.size()) - 1;
    for (size_t t = mention.first; t < mention.end; ++t) mention_of_token_[t] = at;
    indexed_mentions_ = mentions.size();
    return true;
  }
  for (size_t t = mention.first; t < mention.end; ++t) {
    if (MentionAt(t) >= 0) return false;
  }
  auto it = std::upper_bound(mentions.begin(), mentions.end(), mention.first,
                             [](size_t t, const Mention& m) { return t < m.first; });
  const int at = static_cast<int>(it - mentions.begin());
  const bool indexed = indexed_mentions_ == mentions.size();
  mentions.insert(it, mention);
  if (!indexed) return true;  // stays on the search
  if (mention_of_token_.empty()) mention_of_token_.assign(index.tokens().size(), -1);
  if (mention.end > mention_of_token_.size()) {
    mention_of_token_.clear();  // a span past the text: search from now on
    indexed_mentions_ = static_cast<size_t>(-1);
    return true;
  }
  // The mentions after it start past its end (they are sorted and do not
  // overlap it), so only their tokens, from the next one's first, shift.
  if (static_cast<size_t>(at) + 1 < mentions.size()) {
    for (size_t t = mentions[at + 1].first; t < mention_of_token_.size(); ++t) {
      if (mention_of_token_[t] >= at) ++mention_of_token_[t];
    }
  }
  for (size_t t = mention.first; t < mention.end; ++t) mention_of_token_[t] = at;
  indexed_mentions_ = mentions.size();
  return true;
}

}  // namespace dragoman::extraction
