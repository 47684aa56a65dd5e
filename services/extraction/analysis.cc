#include "services/extraction/analysis.h"

#include <algorithm>

namespace dragoman::extraction {

int Analysis::MentionAt(size_t token) const {
  auto it = std::upper_bound(mentions.begin(), mentions.end(), token,
                             [](size_t t, const Mention& m) { return t < m.first; });
  if (it == mentions.begin()) return -1;
  --it;
  return token < it->end ? static_cast<int>(it - mentions.begin()) : -1;
}

int Analysis::AddEntity(DocEntity entity) {
  for (size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].key == entity.key) return static_cast<int>(i);
  }
  entities.push_back(std::move(entity));
  return static_cast<int>(entities.size()) - 1;
}

bool Analysis::AddMention(Mention mention) {
  for (size_t t = mention.first; t < mention.end; ++t) {
    if (MentionAt(t) >= 0) return false;
  }
  auto it = std::upper_bound(mentions.begin(), mentions.end(), mention.first,
                             [](size_t t, const Mention& m) { return t < m.first; });
  mentions.insert(it, mention);
  return true;
}

}  // namespace dragoman::extraction
