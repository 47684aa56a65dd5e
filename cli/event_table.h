#ifndef DRAGOMAN_CLI_EVENT_TABLE_H_
#define DRAGOMAN_CLI_EVENT_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "dragoman/query/v1/query.pb.h"
#include "dragoman/records/v1/records.pb.h"

namespace dragoman::cli {

// Events gathered from every ListEvents page, with the entities they refer
// to, so they can be printed with names rather than ids.
class EventListing {
 public:
  void AddPage(const dragoman::query::v1::ListEventsResponse& page);

  const std::vector<dragoman::records::v1::Event>& events() const { return events_; }
  // The entity's display name, or the id itself when the service did not
  // send the entity.
  std::string NameOf(const std::string& entity_id) const;
  // "Wang Yi (foreign_minister, CN)"; parts that are unknown are left out.
  std::string DescribeParticipant(const dragoman::records::v1::Participant& p) const;

  // Fixed-width table: DATE, TYPE, PLACE, COUNTRIES, PARTICIPANTS, then a
  // count line. Columns are aligned by code points, so accented names line up.
  std::string FormatTable() const;
  // One JSON object per line, ids resolved to names.
  std::string FormatJsonLines() const;

 private:
  std::vector<dragoman::records::v1::Event> events_;
  std::map<std::string, dragoman::records::v1::Entity> entities_;
};

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_EVENT_TABLE_H_
