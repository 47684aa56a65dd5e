#include "cli/views.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/table.h"
#include "common/records/codes.h"
#include "common/text/utf8.h"
#include "google/protobuf/util/json_util.h"

namespace dragoman::cli {

namespace qv1 = dragoman::query::v1;
namespace rv1 = dragoman::records::v1;

namespace {

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

// Entity id -> display name, from a response's referenced entities.
class Names {
 public:
  explicit Names(const google::protobuf::RepeatedPtrField<rv1::Entity>& entities) {
    for (const rv1::Entity& e : entities) names_[e.id()] = e.name();
  }
  std::string Of(const std::string& id) const {
    auto it = names_.find(id);
    return it == names_.end() || it->second.empty() ? id : it->second;
  }
  std::string Participants(const rv1::Event& e) const {
    std::vector<std::string> out;
    for (const rv1::Participant& p : e.participants()) {
      std::vector<std::string> details;
      if (p.role() != rv1::ROLE_UNSPECIFIED) details.push_back(records::RoleCode(p.role()));
      if (p.has_country()) details.push_back(p.country());
      out.push_back(details.empty() ? Of(p.entity())
                                    : absl::StrCat(Of(p.entity()), " (",
                                                   absl::StrJoin(details, ", "), ")"));
    }
    return out.empty() ? "-" : absl::StrJoin(out, "; ");
  }

 private:
  std::map<std::string, std::string> names_;
};

std::string TypeOf(const rv1::Event& e) {
  std::string type = records::EventTypeCode(e.type());
  if (e.has_ordinal()) absl::StrAppend(&type, " #", e.ordinal());
  return type;
}

std::string Cite(const qv1::Citation& c) {
  return absl::StrCat("  [", c.uri().empty() ? c.doc() : c.uri(), "] ", c.sentence(), "\n");
}

}  // namespace

std::string JsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}\n";
  return out + "\n";
}

std::string FormatCitations(const google::protobuf::RepeatedPtrField<qv1::Citation>& citations) {
  std::string out;
  for (const qv1::Citation& c : citations) out += Cite(c);
  return out;
}

std::string FormatCitedEvent(const qv1::CitedEvent& cited) {
  const Names names(cited.referenced_entities());
  const rv1::Event& e = cited.event();
  std::vector<std::vector<std::string>> rows = {
      {"id", e.id()},
      {"type", TypeOf(e)},
      {"date", OrDash(e.date())},
      {"place", e.has_location() ? names.Of(e.location()) : "-"},
      {"countries", e.countries().empty() ? "-" : absl::StrJoin(e.countries(), ",")},
      {"participants", names.Participants(e)}};
  if (e.has_series()) rows.push_back({"series", e.series()});
  if (!e.agreements().empty()) rows.push_back({"agreements", absl::StrJoin(e.agreements(), "; ")});
  rows.push_back({"documents", absl::StrJoin(e.docs(), ", ")});
  return absl::StrCat(FormatColumns(rows), "evidence:\n", FormatCitations(cited.citations()));
}

std::string FormatEntityMatches(const qv1::SearchEntitiesResponse& response) {
  std::vector<std::vector<std::string>> rows = {
      {"MATCH", "ID", "TYPE", "NAME", "COUNTRY", "MATCHED"}};
  for (const qv1::EntityMatch& m : response.matches()) {
    std::string kind;
    switch (m.kind()) {
      case qv1::MATCH_KIND_EXACT: kind = "exact"; break;
      case qv1::MATCH_KIND_PREFIX: kind = "prefix"; break;
      case qv1::MATCH_KIND_FUZZY: kind = absl::StrCat("fuzzy:", m.distance()); break;
      default: kind = "-"; break;
    }
    rows.push_back({kind, m.entity().id(), records::EntityTypeCode(m.entity().type()),
                    m.entity().name(), OrDash(m.entity().country()), m.matched()});
  }
  return absl::StrCat(FormatColumns(rows), response.matches_size(),
                      response.matches_size() == 1 ? " entity\n" : " entities\n");
}

std::string FormatTimeline(const qv1::TimelineResponse& response) {
  const Names names(response.referenced_entities());
  std::string out;
  for (const qv1::TimelineEntry& entry : response.entries()) {
    const rv1::Event& e = entry.event();
    absl::StrAppend(&out, e.has_date() ? e.date() : "undated", "  ", TypeOf(e), "  ",
                    e.has_location() ? names.Of(e.location()) : "-", "  ",
                    e.countries().empty() ? "-" : absl::StrJoin(e.countries(), ","), "  ",
                    names.Participants(e), "\n", FormatCitations(entry.citations()));
  }
  absl::StrAppend(&out, response.entries_size(),
                  response.entries_size() == 1 ? " event\n" : " events\n");
  return out;
}

std::string FormatProfile(const qv1::RelationProfile& p) {
  const Names names(p.referenced_entities());
  std::string out = absl::StrCat(absl::StrJoin(p.countries(), "-"), ": ", p.event_count(),
                                 p.event_count() == 1 ? " event" : " events");
  if (p.has_first_date()) absl::StrAppend(&out, ", ", p.first_date(), " to ", p.last_date());
  out += "\n";
  auto line = [&](const char* label, const qv1::ProfileLine& l) {
    absl::StrAppend(&out, label, OrDash(l.date()), "  ", l.key(), "  ", l.event_id(), "\n",
                    FormatCitations(l.citations()));
  };
  if (p.has_first_event()) line("first: ", p.first_event());
  if (p.has_last_event()) line("last:  ", p.last_event());
  if (!p.by_year_and_type().empty()) {
    std::vector<std::vector<std::string>> rows = {{"YEAR", "TYPE", "EVENTS"}};
    for (const qv1::YearTypeCount& c : p.by_year_and_type()) {
      rows.push_back({c.year(), c.type(), absl::StrCat(c.count())});
    }
    absl::StrAppend(&out, "\nper year and type:\n", FormatColumns(rows));
  }
  if (!p.key_actors().empty()) {
    out += "\nkey actors:\n";
    for (const qv1::ProfileLine& l : p.key_actors()) {
      absl::StrAppend(&out, names.Of(l.key()), "  ", l.count(),
                      l.count() == 1 ? " event" : " events", ", latest ", OrDash(l.date()), "\n",
                      FormatCitations(l.citations()));
    }
  }
  if (!p.signed_agreements().empty()) {
    out += "\nagreements:\n";
    for (const qv1::ProfileLine& l : p.signed_agreements()) {
      absl::StrAppend(&out, OrDash(l.date()), "  ", l.key(), "\n", FormatCitations(l.citations()));
    }
  }
  if (!p.mechanisms().empty()) {
    out += "\nmechanisms:\n";
    for (const qv1::ProfileLine& l : p.mechanisms()) {
      absl::StrAppend(&out, l.key(), l.count() > 0 ? absl::StrCat(" #", l.count()) : "", "  ",
                      OrDash(l.date()), "\n", FormatCitations(l.citations()));
    }
  }
  return out;
}

std::string FormatSearch(const qv1::SearchResponse& response) {
  std::string out;
  int rank = 0;
  for (const qv1::SearchHit& hit : response.hits()) {
    const rv1::Document& d = hit.document();
    absl::StrAppend(&out, ++rank, ".  ", absl::StrFormat("%.2f", hit.score()), "  ",
                    OrDash(d.published().substr(0, 10)), "  ", d.id().substr(0, 12), "  ",
                    d.uri(), d.has_title() ? absl::StrCat("  ", d.title()) : "", "\n");
    if (!hit.snippet().sentence().empty()) out += Cite(hit.snippet());
  }
  absl::StrAppend(&out, response.hits_size(), " of ", response.total_count(),
                  response.total_count() == 1 ? " document\n" : " documents\n");
  return out;
}

std::string FormatAnnotatedDocument(const qv1::AnnotatedDocument& annotated) {
  const rv1::Document& d = annotated.document();
  std::string out = absl::StrCat("id:        ", d.id(), "\nuri:       ", d.uri(), "\n");
  if (d.has_title()) absl::StrAppend(&out, "title:     ", d.title(), "\n");
  if (d.has_published()) absl::StrAppend(&out, "published: ", d.published(), "\n");
  absl::StrAppend(&out, "language:  ", OrDash(d.language()), "\n\n", d.clean_text(), "\n\n");
  std::vector<std::vector<std::string>> rows = {{"SPAN", "KIND", "TEXT", "REF", "LABEL"}};
  for (const qv1::Annotation& a : annotated.annotations()) {
    std::string surface =
        text::SliceCodePoints(d.clean_text(), a.span().start(), a.span().end());
    for (char& c : surface) {
      if (c == '\n') c = ' ';
    }
    if (text::CodePointCount(surface) > 60) {
      surface = text::SliceCodePoints(surface, 0, 59) + "…";
    }
    rows.push_back({absl::StrCat(a.span().start(), "-", a.span().end()), a.kind(), surface,
                    OrDash(a.ref()), a.label()});
  }
  absl::StrAppend(&out, FormatColumns(rows), annotated.annotations_size(),
                  annotated.annotations_size() == 1 ? " annotation\n" : " annotations\n");
  return out;
}

}  // namespace dragoman::cli
