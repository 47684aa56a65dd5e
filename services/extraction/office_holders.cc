#include "services/extraction/office_holders.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "services/extraction/entity_matcher.h"
#include "services/extraction/text_index.h"

namespace dragoman::extraction {
namespace {

using records::v1::Role;

// Whether one of the person's names ends with the folded word.
bool NameEndsWith(const gazetteer::Entry& person, absl::string_view folded) {
  std::vector<std::string> forms = person.aliases;
  forms.push_back(person.name);
  for (const std::string& f : forms) {
    const TokenList tokens = Tokenize(f);
    if (tokens.size() >= 2 && tokens.back().folded == folded) return true;
  }
  return false;
}

}  // namespace

void LinkTitledFamilyNames(const gazetteer::Gazetteer& gazetteer, absl::string_view date,
                           Analysis* analysis) {
  if (!gazetteer::IsPartialDate(date) || date.size() != 10) return;
  const std::vector<Token>& tokens = analysis->index.tokens();
  std::map<int, std::set<int>> resolved;  // unknown entity -> gazetteer persons it became
  for (Mention& m : analysis->mentions) {
    const int unknown = m.entity;
    {
      const DocEntity& e = analysis->entities[unknown];
      if (e.kind != gazetteer::Kind::kPerson || e.entry != nullptr || m.end != m.first + 1) {
        continue;
      }
    }
    // The title right before the name, or an apposition right after it.
    RoleMention* title = nullptr;
    for (RoleMention& r : analysis->roles) {
      if (r.person != unknown || r.country.empty() || r.counterpart) continue;
      if (r.role != Role::ROLE_HEAD_OF_STATE && r.role != Role::ROLE_HEAD_OF_GOVERNMENT &&
          r.role != Role::ROLE_FOREIGN_MINISTER) {
        continue;
      }
      if (r.end == m.first || (r.first >= m.end && r.first <= m.end + 1)) {
        title = &r;
        break;
      }
    }
    if (title == nullptr) continue;
    const gazetteer::Entry* holder = gazetteer.SoleOfficeHolder(title->country, title->role, date);
    if (holder == nullptr || !NameEndsWith(*holder, tokens[m.first].folded)) continue;
    const std::string surface(analysis->index.Surface(m.first));
    const int known = analysis->AddEntryEntity(*holder);
    auto& surfaces = analysis->entities[known].surfaces;
    if (std::find(surfaces.begin(), surfaces.end(), surface) == surfaces.end()) {
      surfaces.push_back(surface);
    }
    m.entity = known;
    title->person = known;
    resolved[unknown].insert(known);
  }
  // The rest of an unknown name ("M. Djaparov" later) follows when all its
  // titled mentions named one and the same person.
  for (const auto& [unknown, holders] : resolved) {
    if (holders.size() != 1) continue;
    const int known = *holders.begin();
    for (Mention& m : analysis->mentions) {
      if (m.entity == unknown) m.entity = known;
    }
    for (RoleMention& r : analysis->roles) {
      if (r.person == unknown) r.person = known;
    }
  }
}

}  // namespace dragoman::extraction
