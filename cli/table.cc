#include "cli/table.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/codes.h"
#include "common/text/utf8.h"

namespace dragoman::cli {

std::string FormatColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], dragoman::text::CodePointCount(row[c]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      out += row[c];
      if (c + 1 < row.size()) {
        out += std::string(widths[c] + 2 - dragoman::text::CodePointCount(row[c]), ' ');
      }
    }
    out += "\n";
  }
  return out;
}

namespace {

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

std::string Plural(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many, "\n");
}

}  // namespace

std::string FormatOffices(const dragoman::query::v1::ListOfficesResponse& response) {
  std::map<std::string, std::string> names;
  for (const auto& e : response.referenced_entities()) names[e.id()] = e.name();
  auto name_of = [&](const std::string& id) {
    auto it = names.find(id);
    return it == names.end() || it->second.empty() ? id : it->second;
  };
  std::vector<std::vector<std::string>> rows = {
      {"AS OF", "ROLE", "COUNTRY", "ORGANIZATION", "PERSON", "DOC"}};
  for (const auto& o : response.offices()) {
    rows.push_back({OrDash(o.as_of()), dragoman::records::RoleCode(o.role()), OrDash(o.country()),
                    o.organization().empty() ? "-" : name_of(o.organization()),
                    name_of(o.person()), o.doc()});
  }
  std::string out;
  if (!response.holders().empty()) {
    // Who held the office, first: the answer to "foreign ministers of X".
    std::vector<std::vector<std::string>> holders = {
        {"PERSON", "ROLE", "COUNTRY", "FIRST SEEN", "LAST SEEN", "DOCS"}};
    for (const auto& h : response.holders()) {
      holders.push_back({name_of(h.person()), dragoman::records::RoleCode(h.role()),
                         OrDash(h.country()), OrDash(h.first_seen()), OrDash(h.last_seen()),
                         absl::StrCat(h.documents())});
    }
    out = FormatColumns(holders) + "\n";
  }
  out += FormatColumns(rows) + Plural(response.offices_size(), "office", "offices");
  std::string evidence;
  for (int i = 0; i < response.citations_size() && i < response.offices_size(); ++i) {
    const auto& c = response.citations(i);
    if (c.sentence().empty()) continue;
    absl::StrAppend(&evidence, "  ", OrDash(response.offices(i).as_of()), "  ",
                    name_of(response.offices(i).person()), "  [",
                    c.uri().empty() ? c.doc() : c.uri(), "] ", c.sentence(), "\n");
  }
  if (!evidence.empty()) out += "evidence:\n" + evidence;
  return out;
}

std::string FormatEntities(const dragoman::query::v1::FindEntitiesResponse& response) {
  std::vector<std::vector<std::string>> rows = {{"ID", "TYPE", "NAME", "COUNTRY", "ALIASES"}};
  for (const auto& e : response.entities()) {
    rows.push_back({e.id(), dragoman::records::EntityTypeCode(e.type()), e.name(),
                    OrDash(e.country()),
                    e.aliases().empty() ? "-" : absl::StrJoin(e.aliases(), "; ")});
  }
  return FormatColumns(rows) + Plural(response.entities_size(), "entity", "entities");
}

}  // namespace dragoman::cli
