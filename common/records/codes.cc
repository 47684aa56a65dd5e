#include "common/records/codes.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace dragoman::records {
namespace {

namespace v1 = dragoman::records::v1;

// Enum value names are PREFIX_CODE; the contract code is CODE lower-cased.
template <typename Enum>
std::string CodeOf(const google::protobuf::EnumDescriptor* d, Enum value,
                   absl::string_view prefix) {
  const google::protobuf::EnumValueDescriptor* v = d->FindValueByNumber(value);
  if (v == nullptr || v->number() == 0) return "";
  absl::string_view name = v->name();
  if (absl::StartsWith(name, prefix)) name.remove_prefix(prefix.size());
  return absl::AsciiStrToLower(name);
}

template <typename Enum>
std::optional<Enum> Parse(const google::protobuf::EnumDescriptor* d, absl::string_view code,
                          absl::string_view prefix) {
  const std::string name = absl::StrCat(prefix, absl::AsciiStrToUpper(code));
  const google::protobuf::EnumValueDescriptor* v = d->FindValueByName(name);
  if (v == nullptr || v->number() == 0) return std::nullopt;
  return static_cast<Enum>(v->number());
}

}  // namespace

std::string RoleCode(v1::Role role) { return CodeOf(v1::Role_descriptor(), role, "ROLE_"); }
std::string EventTypeCode(v1::EventType type) {
  return CodeOf(v1::EventType_descriptor(), type, "EVENT_TYPE_");
}
std::string EntityTypeCode(v1::EntityType type) {
  return CodeOf(v1::EntityType_descriptor(), type, "ENTITY_TYPE_");
}
std::optional<v1::Role> ParseRoleCode(absl::string_view code) {
  return Parse<v1::Role>(v1::Role_descriptor(), code, "ROLE_");
}
std::optional<v1::EventType> ParseEventTypeCode(absl::string_view code) {
  return Parse<v1::EventType>(v1::EventType_descriptor(), code, "EVENT_TYPE_");
}
std::optional<v1::EntityType> ParseEntityTypeCode(absl::string_view code) {
  return Parse<v1::EntityType>(v1::EntityType_descriptor(), code, "ENTITY_TYPE_");
}

}  // namespace dragoman::records
