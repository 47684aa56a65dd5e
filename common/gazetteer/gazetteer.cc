#include "common/gazetteer/gazetteer.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/gazetteer/mo_file.h"
#include "common/records/codes.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "nlohmann/json.hpp"

namespace dragoman::gazetteer {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// One data line split into TAB fields, with where it came from.
struct Line {
  std::string where;  // "file:line"
  std::vector<std::string> fields;
};

absl::StatusOr<std::vector<Line>> ReadTable(const std::string& path,
                                            size_t min_fields, size_t max_fields) {
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  if (absl::Status s = text::ValidateUtf8(*content); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  std::vector<Line> lines;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(*content, '\n')) {
    ++number;
    absl::string_view line = absl::StripTrailingAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    Line parsed{absl::StrCat(path, ":", number), absl::StrSplit(line, '\t')};
    if (parsed.fields.size() < min_fields || parsed.fields.size() > max_fields) {
      return absl::InvalidArgumentError(absl::StrCat(
          parsed.where, ": expected ", min_fields, "-", max_fields,
          " TAB-separated fields, got ", parsed.fields.size()));
    }
    for (std::string& f : parsed.fields) {
      f = std::string(absl::StripAsciiWhitespace(f));
    }
    lines.push_back(std::move(parsed));
  }
  return lines;
}

absl::StatusOr<std::vector<std::string>> SplitList(const Line& line, size_t field) {
  std::vector<std::string> out;
  if (field >= line.fields.size() || line.fields[field].empty()) return out;
  for (absl::string_view item : absl::StrSplit(line.fields[field], '|')) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(line.where, ": empty list item"));
    }
    out.emplace_back(item);
  }
  return out;
}

void AddUnique(std::vector<std::string>* list, const std::string& value,
               const std::string& name) {
  if (value.empty() || value == name) return;
  for (const std::string& v : *list) {
    if (v == value) return;
  }
  list->push_back(value);
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(absl::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Whether [FirstDay(from), LastDay(to)] and [FirstDay(date), LastDay(date)]
// share a day; an empty `to` is open.
bool MayCover(const Term& term, absl::string_view date) {
  const std::string last = term.to.empty() ? std::string("9999-12-31") : LastDay(term.to);
  return FirstDay(term.from) <= LastDay(date) && FirstDay(date) <= last;
}

}  // namespace

bool IsPartialDate(absl::string_view date) {
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  if (!AllDigits(date.substr(0, 4))) return false;
  if (date.size() == 4) return true;
  if (date[4] != '-' || !AllDigits(date.substr(5, 2))) return false;
  const int year = ToInt(date.substr(0, 4));
  const int month = ToInt(date.substr(5, 2));
  if (month < 1 || month > 12) return false;
  if (date.size() == 7) return true;
  if (date[7] != '-' || !AllDigits(date.substr(8, 2))) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = month == 2 && leap ? 29 : kDays[month - 1];
  const int day = ToInt(date.substr(8, 2));
  return day >= 1 && day <= days;
}

std::string FirstDay(absl::string_view date) {
  if (date.size() == 4) return absl::StrCat(date, "-01-01");
  if (date.size() == 7) return absl::StrCat(date, "-01");
  return std::string(date);
}

std::string LastDay(absl::string_view date) {
  if (date.size() == 4) return absl::StrCat(date, "-12-31");
  if (date.size() == 7) return absl::StrCat(date, "-31");
  return std::string(date);
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const LoadOptions& options) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  const std::string dir = options.data_dir;

  // Countries from iso-codes, French names from the gettext catalogue.
  absl::StatusOr<std::string> json_text = ReadFile(options.iso_3166_json);
  if (!json_text.ok()) return json_text.status();
  absl::StatusOr<std::string> mo_bytes = ReadFile(options.iso_3166_fr_mo);
  if (!mo_bytes.ok()) return mo_bytes.status();
  auto french = ParseMoFile(*mo_bytes);
  if (!french.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.iso_3166_fr_mo, ": ", french.status().message()));
  }
  nlohmann::json iso = nlohmann::json::parse(*json_text, nullptr, false);
  if (iso.is_discarded() || !iso.contains("3166-1") || !iso["3166-1"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.iso_3166_json, ": not an iso-codes 3166-1 file"));
  }
  absl::flat_hash_set<std::string> skipped_forms;
  for (const nlohmann::json& c : iso["3166-1"]) {
    if (!c.contains("alpha_2") || !c.contains("name")) continue;
    Entry e;
    e.kind = Kind::kCountry;
    e.country = c["alpha_2"].get<std::string>();
    e.id = absl::StrCat("country:", e.country);
    e.name = c.contains("common_name") ? c["common_name"].get<std::string>()
                                       : c["name"].get<std::string>();
    for (const char* field : {"name", "official_name", "common_name"}) {
      if (!c.contains(field)) continue;
      const std::string english = c[field].get<std::string>();
      AddUnique(&e.aliases, english, e.name);
      auto it = french->find(english);
      if (it != french->end()) AddUnique(&e.aliases, it->second, e.name);
    }
    g->by_id_[e.id] = g->entries_.size();
    g->entries_.push_back(std::move(e));
  }

  // countries.tsv is edited by hand; demonyms.tsv, in the same format, is
  // written by tools/gazetteer/demonyms.py.
  std::vector<Line> country_lines;
  for (const char* file : {"/countries.tsv", "/demonyms.tsv"}) {
    absl::StatusOr<std::vector<Line>> lines = ReadTable(dir + file, 2, 3);
    if (!lines.ok()) return lines.status();
    country_lines.insert(country_lines.end(), lines->begin(), lines->end());
  }
  for (const Line& line : country_lines) {
    auto it = g->by_id_.find(absl::StrCat("country:", line.fields[0]));
    if (it == g->by_id_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": unknown ISO 3166-1 code ", line.fields[0]));
    }
    Entry& e = g->entries_[it->second];
    auto forms = SplitList(line, 2);
    if (!forms.ok()) return forms.status();
    const std::string& kind = line.fields[1];
    if (forms->empty() && kind != "region") {
      return absl::InvalidArgumentError(absl::StrCat(line.where, ": no forms"));
    }
    if (kind == "region") e.matchable = false;
    for (const std::string& f : *forms) {
      if (kind == "name") {
        AddUnique(&e.aliases, f, e.name);
      } else if (kind == "adj") {
        AddUnique(&e.adjectives, f, "");
      } else if (kind == "prefix") {
        AddUnique(&e.prefixes, f, "");
      } else if (kind == "not") {
        AddUnique(&e.not_names, f, "");
      } else if (kind == "guard") {
        AddUnique(&e.guarded, f, "");
        AddUnique(&e.aliases, f, e.name);
      } else if (kind == "region") {
        e.matchable = false;
      } else if (kind == "skip") {
        skipped_forms.insert(absl::StrCat(e.id, "\t", f));
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat(line.where,
                         ": kind must be name, adj, prefix, not, guard, region or skip"));
      }
    }
  }
  for (Entry& e : g->entries_) {
    if (skipped_forms.contains(absl::StrCat(e.id, "\t", e.name))) e.never_match.push_back(e.name);
    std::vector<std::string> kept;
    for (std::string& a : e.aliases) {
      if (!skipped_forms.contains(absl::StrCat(e.id, "\t", a))) kept.push_back(std::move(a));
    }
    e.aliases = std::move(kept);
  }

  auto add_entry = [&](Entry e, const std::string& where) -> absl::Status {
    if (e.name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": empty name"));
    }
    if (!e.country.empty() && !g->IsCountryCode(e.country)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": unknown country code ", e.country));
    }
    if (!g->by_id_.emplace(e.id, g->entries_.size()).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": duplicate id ", e.id));
    }
    g->entries_.push_back(std::move(e));
    return absl::OkStatus();
  };
  auto check_prefix = [](const Line& line, absl::string_view prefix) -> absl::Status {
    if (!absl::StartsWith(line.fields[0], prefix) ||
        line.fields[0].size() == prefix.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": id must look like ", prefix, "<slug>"));
    }
    return absl::OkStatus();
  };
  auto country_field = [](const std::string& v) { return v == "-" ? std::string() : v; };

  absl::StatusOr<std::vector<Line>> places = ReadTable(dir + "/places.tsv", 3, 5);
  if (!places.ok()) return places.status();
  for (const Line& line : *places) {
    if (absl::Status s = check_prefix(line, "place:"); !s.ok()) return s;
    Entry e;
    e.kind = Kind::kPlace;
    e.id = line.fields[0];
    e.country = country_field(line.fields[1]);
    e.name = line.fields[2];
    auto aliases = SplitList(line, 3);
    if (!aliases.ok()) return aliases.status();
    for (const std::string& a : *aliases) AddUnique(&e.aliases, a, e.name);
    if (line.fields.size() > 4) e.within = line.fields[4];
    if (absl::Status s = add_entry(std::move(e), line.where); !s.ok()) return s;
  }
  for (const Entry& e : g->entries_) {
    if (e.within.empty()) continue;
    const Entry* city = g->Find(e.within);
    if (city == nullptr || city->kind != Kind::kPlace) {
      return absl::InvalidArgumentError(
          absl::StrCat(dir, "/places.tsv: ", e.id, " lies within unknown place ", e.within));
    }
  }

  absl::StatusOr<std::vector<Line>> orgs = ReadTable(dir + "/organizations.tsv", 2, 3);
  if (!orgs.ok()) return orgs.status();
  for (const Line& line : *orgs) {
    if (absl::Status s = check_prefix(line, "org:"); !s.ok()) return s;
    Entry e;
    e.kind = Kind::kOrganization;
    e.id = line.fields[0];
    e.name = line.fields[1];
    auto aliases = SplitList(line, 2);
    if (!aliases.ok()) return aliases.status();
    for (const std::string& a : *aliases) AddUnique(&e.aliases, a, e.name);
    if (absl::Status s = add_entry(std::move(e), line.where); !s.ok()) return s;
  }

  absl::StatusOr<std::vector<Line>> persons = ReadTable(dir + "/persons.tsv", 4, 5);
  if (!persons.ok()) return persons.status();
  for (const Line& line : *persons) {
    if (absl::Status s = check_prefix(line, "person:"); !s.ok()) return s;
    Entry e;
    e.kind = Kind::kPerson;
    e.id = line.fields[0];
    e.country = country_field(line.fields[1]);
    for (absl::string_view code : absl::StrSplit(line.fields[2], ',', absl::SkipEmpty())) {
      std::optional<records::v1::Role> role =
          records::ParseRoleCode(absl::StripAsciiWhitespace(code));
      if (!role.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat(line.where, ": unknown role code ", code));
      }
      e.roles.push_back(*role);
    }
    e.name = line.fields[3];
    auto aliases = SplitList(line, 4);
    if (!aliases.ok()) return aliases.status();
    for (const std::string& a : *aliases) AddUnique(&e.aliases, a, e.name);
    if (absl::Status s = add_entry(std::move(e), line.where); !s.ok()) return s;
  }
  // A spelling shared by two persons of one country would make every match
  // a coin toss between them.
  absl::flat_hash_map<std::string, std::string> person_of_form;  // country + folded form
  for (const Entry& e : g->entries_) {
    if (e.kind != Kind::kPerson) continue;
    std::vector<std::string> forms = e.aliases;
    forms.push_back(e.name);
    absl::flat_hash_set<std::string> own;
    for (const std::string& f : forms) {
      const std::string key = absl::StrCat(e.country, "\t", text::Fold(f));
      if (!own.insert(key).second) continue;
      auto [it, inserted] = person_of_form.emplace(key, e.id);
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrCat(
            dir, "/persons.tsv: ", e.id, " and ", it->second, " share the form \"", f, "\""));
      }
    }
  }

  absl::StatusOr<std::vector<Line>> terms = ReadTable(dir + "/terms.tsv", 5, 5);
  if (!terms.ok()) return terms.status();
  for (const Line& line : *terms) {
    auto it = g->by_id_.find(line.fields[0]);
    if (it == g->by_id_.end() || g->entries_[it->second].kind != Kind::kPerson) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": unknown person ", line.fields[0]));
    }
    Term term;
    std::optional<records::v1::Role> role = records::ParseRoleCode(line.fields[1]);
    if (!role.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": unknown role code ", line.fields[1]));
    }
    term.role = *role;
    term.country = line.fields[2];
    if (!g->IsCountryCode(term.country)) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": unknown country code ", term.country));
    }
    term.from = line.fields[3];
    term.to = line.fields[4] == "-" ? std::string() : line.fields[4];
    if (term.from.size() < 7 || !IsPartialDate(term.from) ||
        (!term.to.empty() && (term.to.size() < 7 || !IsPartialDate(term.to)))) {
      return absl::InvalidArgumentError(absl::StrCat(
          line.where, ": dates must be YYYY-MM-DD or YYYY-MM (\"-\" for an open end)"));
    }
    if (!term.to.empty() && LastDay(term.to) < FirstDay(term.from)) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": term ends before it starts"));
    }
    Entry& person = g->entries_[it->second];
    if (person.terms.empty()) g->term_holders_.push_back(it->second);
    bool known = false;
    for (auto r : person.roles) known = known || r == term.role;
    if (!known) person.roles.push_back(term.role);
    person.terms.push_back(std::move(term));
  }

  absl::StatusOr<std::vector<Line>> roles = ReadTable(dir + "/roles.tsv", 3, 3);
  if (!roles.ok()) return roles.status();
  for (const Line& line : *roles) {
    std::optional<records::v1::Role> role = records::ParseRoleCode(line.fields[0]);
    if (!role.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": unknown role code ", line.fields[0]));
    }
    if (line.fields[1] != "fr" && line.fields[1] != "en") {
      return absl::InvalidArgumentError(
          absl::StrCat(line.where, ": language must be fr or en"));
    }
    if (line.fields[2].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(line.where, ": empty title"));
    }
    g->role_titles_.push_back({line.fields[2], line.fields[1], *role});
  }
  return g;
}

const Entry* Gazetteer::Find(absl::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::vector<const Entry*> Gazetteer::OfficeHolders(absl::string_view country,
                                                   records::v1::Role role,
                                                   absl::string_view date) const {
  std::vector<const Entry*> out;
  if (!IsPartialDate(date)) return out;
  for (size_t index : term_holders_) {
    const Entry& e = entries_[index];
    for (const Term& t : e.terms) {
      if (t.role == role && t.country == country && MayCover(t, date)) {
        out.push_back(&e);
        break;
      }
    }
  }
  return out;
}

const Entry* Gazetteer::SoleOfficeHolder(absl::string_view country, records::v1::Role role,
                                         absl::string_view date) const {
  std::vector<const Entry*> holders = OfficeHolders(country, role, date);
  return holders.size() == 1 ? holders.front() : nullptr;
}

records::v1::Role Gazetteer::RoleOn(const Entry& person, absl::string_view date) {
  records::v1::Role found = records::v1::ROLE_UNSPECIFIED;
  if (!IsPartialDate(date)) return found;
  for (const Term& t : person.terms) {
    if (!MayCover(t, date)) continue;
    if (found != records::v1::ROLE_UNSPECIFIED && found != t.role) {
      return records::v1::ROLE_UNSPECIFIED;
    }
    found = t.role;
  }
  return found;
}

bool Gazetteer::IsCountryCode(absl::string_view alpha2) const {
  const Entry* e = Find(absl::StrCat("country:", alpha2));
  return e != nullptr && e->kind == Kind::kCountry;
}

}  // namespace dragoman::gazetteer
