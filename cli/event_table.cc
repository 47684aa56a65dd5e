#include "cli/event_table.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/codes.h"
#include "cli/table.h"

namespace dragoman::cli {

using dragoman::records::v1::Event;
using dragoman::records::v1::Participant;

void EventListing::AddPage(const dragoman::query::v1::ListEventsResponse& page) {
  for (const auto& e : page.referenced_entities()) entities_[e.id()] = e;
  for (const auto& e : page.events()) events_.push_back(e);
}

std::string EventListing::NameOf(const std::string& entity_id) const {
  auto it = entities_.find(entity_id);
  if (it == entities_.end() || it->second.name().empty()) return entity_id;
  return it->second.name();
}

std::string EventListing::DescribeParticipant(const Participant& p) const {
  std::vector<std::string> details;
  if (p.role() != dragoman::records::v1::ROLE_UNSPECIFIED) {
    details.push_back(dragoman::records::RoleCode(p.role()));
  }
  if (p.has_country() && !p.country().empty()) details.push_back(p.country());
  std::string out = NameOf(p.entity());
  if (!details.empty()) absl::StrAppend(&out, " (", absl::StrJoin(details, ", "), ")");
  return out;
}

std::string EventListing::FormatTable() const {
  std::vector<std::vector<std::string>> rows;
  // PARTICIPANTS last: it is the long one, and the last column is not padded.
  rows.push_back({"DATE", "TYPE", "PLACE", "COUNTRIES", "PARTICIPANTS"});
  for (const Event& e : events_) {
    std::vector<std::string> people;
    for (const Participant& p : e.participants()) people.push_back(DescribeParticipant(p));
    std::string type = dragoman::records::EventTypeCode(e.type());
    if (e.has_ordinal()) absl::StrAppend(&type, " #", e.ordinal());
    rows.push_back({e.has_date() ? e.date() : "-", type,
                    e.has_location() ? NameOf(e.location()) : "-",
                    e.countries().empty() ? "-" : absl::StrJoin(e.countries(), ","),
                    people.empty() ? "-" : absl::StrJoin(people, "; ")});
  }
  std::string out = FormatColumns(rows);
  absl::StrAppend(&out, events_.size(), events_.size() == 1 ? " event\n" : " events\n");
  return out;
}

std::string EventListing::FormatJsonLines() const {
  std::string out;
  for (const Event& e : events_) {
    nlohmann::json j;
    j["id"] = e.id();
    j["type"] = dragoman::records::EventTypeCode(e.type());
    j["date"] = e.has_date() ? nlohmann::json(e.date()) : nlohmann::json();
    j["location"] = e.has_location() ? nlohmann::json(NameOf(e.location())) : nlohmann::json();
    j["participants"] = nlohmann::json::array();
    for (const Participant& p : e.participants()) {
      j["participants"].push_back(
          {{"entity", p.entity()},
           {"name", NameOf(p.entity())},
           {"role", dragoman::records::RoleCode(p.role())},
           {"country", p.has_country() ? nlohmann::json(p.country()) : nlohmann::json()}});
    }
    j["countries"] = std::vector<std::string>(e.countries().begin(), e.countries().end());
    j["series"] = e.has_series() ? nlohmann::json(e.series()) : nlohmann::json();
    j["ordinal"] = e.has_ordinal() ? nlohmann::json(e.ordinal()) : nlohmann::json();
    j["agreements"] = std::vector<std::string>(e.agreements().begin(), e.agreements().end());
    j["docs"] = std::vector<std::string>(e.docs().begin(), e.docs().end());
    absl::StrAppend(&out, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "\n");
  }
  return out;
}

}  // namespace dragoman::cli
