#ifndef DRAGOMAN_COMMON_RECORDS_CODES_H_
#define DRAGOMAN_COMMON_RECORDS_CODES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "dragoman/records/v1/records.pb.h"

namespace dragoman::records {

// The lower-case codes of eval/CONTRACT.md ("head_of_state", "phone_call",
// "person") for the proto enums, and back. Unknown codes map to nullopt.
std::string RoleCode(dragoman::records::v1::Role role);
std::string EventTypeCode(dragoman::records::v1::EventType type);
std::string EntityTypeCode(dragoman::records::v1::EntityType type);
std::optional<dragoman::records::v1::Role> ParseRoleCode(absl::string_view code);
std::optional<dragoman::records::v1::EventType> ParseEventTypeCode(absl::string_view code);
std::optional<dragoman::records::v1::EntityType> ParseEntityTypeCode(absl::string_view code);

}  // namespace dragoman::records

#endif  // DRAGOMAN_COMMON_RECORDS_CODES_H_
