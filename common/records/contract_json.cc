#include "common/records/contract_json.h"

#include <nlohmann/json.hpp>

#include "common/records/codes.h"

namespace dragoman::records {
namespace {

namespace v1 = dragoman::records::v1;
using nlohmann::json;

template <typename T>
json OrNull(bool has, const T& value) {
  return has ? json(value) : json(nullptr);
}

json Strings(const google::protobuf::RepeatedPtrField<std::string>& xs) {
  json a = json::array();
  for (const std::string& x : xs) a.push_back(x);
  return a;
}

json SpanJson(const v1::Span& s) {
  return json{{"doc", s.doc()}, {"start", s.start()}, {"end", s.end()}};
}

json NullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json DocumentJson(const v1::Document& d) {
  return json{{"kind", "document"},
              {"id", d.id()},
              {"uri", d.uri()},
              {"title", OrNull(d.has_title(), d.title())},
              {"published", OrNull(d.has_published(), d.published())},
              {"language", NullIfEmpty(d.language())},
              {"duplicate_of", OrNull(d.has_duplicate_of(), d.duplicate_of())},
              {"source", OrNull(d.has_source(), d.source())},
              {"content_sha256", d.content_sha256()},
              {"extractor_version", NullIfEmpty(d.extractor_version())}};
}

json EntityJson(const v1::Entity& e) {
  json mentions = json::array();
  for (const v1::Span& m : e.mentions()) mentions.push_back(SpanJson(m));
  return json{{"kind", "entity"},
              {"id", e.id()},
              {"type", EntityTypeCode(e.type())},
              {"name", e.name()},
              {"aliases", Strings(e.aliases())},
              {"country", OrNull(e.has_country(), e.country())},
              {"mentions", mentions}};
}

json EventJson(const v1::Event& e) {
  json participants = json::array();
  for (const v1::Participant& p : e.participants()) {
    participants.push_back(json{{"entity", p.entity()},
                                {"role", NullIfEmpty(RoleCode(p.role()))},
                                {"country", OrNull(p.has_country(), p.country())}});
  }
  json evidence = json::array();
  for (const v1::Span& s : e.evidence()) evidence.push_back(SpanJson(s));
  return json{{"kind", "event"},
              {"id", e.id()},
              {"type", NullIfEmpty(EventTypeCode(e.type()))},
              {"date", OrNull(e.has_date(), e.date())},
              {"location", OrNull(e.has_location(), e.location())},
              {"participants", participants},
              {"countries", Strings(e.countries())},
              {"series", OrNull(e.has_series(), e.series())},
              {"ordinal", OrNull(e.has_ordinal(), e.ordinal())},
              {"agreements", Strings(e.agreements())},
              {"docs", Strings(e.docs())},
              {"evidence", evidence}};
}

json OfficeJson(const v1::Office& o) {
  return json{{"kind", "office"},
              {"person", o.person()},
              {"role", NullIfEmpty(RoleCode(o.role()))},
              {"country", OrNull(o.has_country(), o.country())},
              {"organization", OrNull(o.has_organization(), o.organization())},
              {"as_of", OrNull(o.has_as_of(), o.as_of())},
              {"doc", o.doc()},
              {"evidence", SpanJson(o.evidence())}};
}

}  // namespace

std::string ToContractJson(const v1::Record& record) {
  json j;
  switch (record.kind_case()) {
    case v1::Record::kDocument: j = DocumentJson(record.document()); break;
    case v1::Record::kEntity: j = EntityJson(record.entity()); break;
    case v1::Record::kEvent: j = EventJson(record.event()); break;
    case v1::Record::kOffice: j = OfficeJson(record.office()); break;
    case v1::Record::KIND_NOT_SET: j = json{{"kind", nullptr}}; break;
  }
  // ensure_ascii off: analysts read the names; replace keeps the line valid
  // even if a record somehow holds ill-formed UTF-8.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace dragoman::records
