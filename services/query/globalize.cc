#include "services/query/globalize.h"

#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/names/name_key.h"
#include "common/records/codes.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;

// Non-ASCII bytes are allowed so names in other scripts keep readable slugs
// (protobuf has already checked the UTF-8).
bool IsIdTail(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(u) || c == '-' || c == '_' || c == '.' || c == '@' || u >= 0x80;
}

// "<prefix>:<tail>": lower-case letters/underscore prefix, tail of
// alphanumerics, '-', '_', '.'. No spaces, slashes or NULs, so ids sit
// safely inside index keys and command lines.
bool IsWellFormedKey(absl::string_view key) {
  const size_t colon = key.find(':');
  if (colon == absl::string_view::npos || colon == 0 || colon + 1 == key.size()) return false;
  for (size_t i = 0; i < colon; ++i) {
    const char c = key[i];
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  for (size_t i = colon + 1; i < key.size(); ++i) {
    if (!IsIdTail(key[i])) return false;
  }
  return key.size() <= 200;
}

absl::StatusOr<std::string> NormalizeCountry(absl::string_view code, absl::string_view where) {
  std::string upper = absl::AsciiStrToUpper(code);
  if (upper.size() != 2 || !absl::ascii_isupper(static_cast<unsigned char>(upper[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(upper[1]))) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": country code \"", code, "\" is not ISO 3166-1 alpha-2"));
  }
  return upper;
}

class Globalizer {
 public:
  explicit Globalizer(const rv1::DocumentRecords& in)
      : in_(in),
        doc_(in.document().id()),
        text_length_(static_cast<int>(text::CodePointCount(in.document().clean_text()))) {}

  absl::StatusOr<rv1::DocumentRecords> Run() {
    if (doc_.empty()) return absl::InvalidArgumentError("records.document.id is missing");
    if (doc_.size() > 200 || doc_.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError("records.document.id is not a document id");
    }
    *out_.mutable_document() = in_.document();
    if (out_.document().duplicate_of().empty() || out_.document().duplicate_of() == doc_) {
      out_.mutable_document()->clear_duplicate_of();
    }
    if (absl::Status s = Entities(); !s.ok()) return s;
    if (absl::Status s = Events(); !s.ok()) return s;
    if (absl::Status s = Offices(); !s.ok()) return s;
    return std::move(out_);
  }

 private:
  absl::Status CheckSpan(rv1::Span& span, absl::string_view where) {
    if (span.start() < 0 || span.end() < span.start() || span.end() > text_length_) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": span [", span.start(), ", ",
                                                     span.end(), ") lies outside the clean text (",
                                                     text_length_, " code points)"));
    }
    span.set_doc(doc_);
    return absl::OkStatus();
  }

  absl::Status Entities() {
    std::map<std::string, int> index_of_global;  // global id -> out_ entity index
    for (int i = 0; i < in_.entities_size(); ++i) {
      const rv1::Entity& e = in_.entities(i);
      const std::string where = absl::StrCat("entities[", i, "]");
      if (e.id().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": empty id"));
      if (local_to_global_.contains(e.id())) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": local id \"", e.id(), "\" repeated"));
      }
      const std::string global = GlobalEntityId(e);
      if (global.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": neither a usable key nor a name"));
      }
      local_to_global_[e.id()] = global;

      auto [it, inserted] = index_of_global.try_emplace(global, out_.entities_size());
      rv1::Entity* g = inserted ? out_.add_entities() : out_.mutable_entities(it->second);
      if (inserted) {
        g->set_id(global);
        g->set_key(global);
        g->set_type(e.type());
        g->set_name(e.name());
      } else {
        if (g->type() == rv1::ENTITY_TYPE_UNSPECIFIED) g->set_type(e.type());
        if (g->name().empty()) {
          g->set_name(e.name());
        } else if (!e.name().empty() && e.name() != g->name()) {
          g->add_aliases(e.name());
        }
      }
      for (const std::string& alias : e.aliases()) {
        if (!alias.empty() && alias != g->name()) g->add_aliases(alias);
      }
      if (e.has_country() && !e.country().empty()) {
        absl::StatusOr<std::string> c = NormalizeCountry(e.country(), where);
        if (!c.ok()) return c.status();
        if (!g->has_country()) g->set_country(*c);
      }
      for (int m = 0; m < e.mentions_size(); ++m) {
        rv1::Span span = e.mentions(m);
        if (absl::Status s = CheckSpan(span, absl::StrCat(where, ".mentions[", m, "]")); !s.ok()) {
          return s;
        }
        *g->add_mentions() = span;
      }
    }
    // Aliases: unique, stable order, never the name itself.
    for (rv1::Entity& g : *out_.mutable_entities()) {
      std::set<std::string> unique(g.aliases().begin(), g.aliases().end());
      unique.erase(g.name());
      g.clear_aliases();
      for (const std::string& a : unique) g.add_aliases(a);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> Resolve(absl::string_view local, absl::string_view where) {
    auto it = local_to_global_.find(std::string(local));
    if (it == local_to_global_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": refers to unknown entity \"", local, "\""));
    }
    return it->second;
  }

  absl::Status Events() {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < in_.events_size(); ++i) {
      const rv1::Event& e = in_.events(i);
      const std::string where = absl::StrCat("events[", i, "]");
      rv1::Event* g = out_.add_events();
      g->set_id(e.id().empty() ? absl::StrCat("#", i) : e.id());
      if (!seen.insert(g->id()).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": local id \"", g->id(), "\" repeated"));
      }
      g->set_type(e.type());
      if (e.has_date() && !e.date().empty()) {
        if (!IsPartialDate(e.date())) {
          return absl::InvalidArgumentError(
              absl::StrCat(where, ": date \"", e.date(), "\" is not YYYY[-MM[-DD]]"));
        }
        g->set_date(e.date());
      }
      if (e.has_location() && !e.location().empty()) {
        absl::StatusOr<std::string> loc = Resolve(e.location(), absl::StrCat(where, ".location"));
        if (!loc.ok()) return loc.status();
        g->set_location(*loc);
      }
      std::map<std::string, int> participant_index;
      for (int p = 0; p < e.participants_size(); ++p) {
        const rv1::Participant& in_p = e.participants(p);
        const std::string pwhere = absl::StrCat(where, ".participants[", p, "]");
        absl::StatusOr<std::string> entity = Resolve(in_p.entity(), pwhere);
        if (!entity.ok()) return entity.status();
        std::string country;
        if (in_p.has_country() && !in_p.country().empty()) {
          absl::StatusOr<std::string> c = NormalizeCountry(in_p.country(), pwhere);
          if (!c.ok()) return c.status();
          country = *c;
        }
        auto [it, inserted] = participant_index.try_emplace(*entity, g->participants_size());
        rv1::Participant* out_p =
            inserted ? g->add_participants() : g->mutable_participants(it->second);
        if (inserted) out_p->set_entity(*entity);
        if (out_p->role() == rv1::ROLE_UNSPECIFIED) out_p->set_role(in_p.role());
        if (!out_p->has_country() && !country.empty()) out_p->set_country(country);
      }
      std::set<std::string> countries;
      for (const std::string& c : e.countries()) {
        absl::StatusOr<std::string> code = NormalizeCountry(c, absl::StrCat(where, ".countries"));
        if (!code.ok()) return code.status();
        countries.insert(*code);
      }
      for (const std::string& c : countries) g->add_countries(c);
      if (e.has_series() && !e.series().empty()) g->set_series(e.series());
      if (e.has_ordinal()) g->set_ordinal(e.ordinal());
      for (const std::string& a : e.agreements()) {
        if (!a.empty()) g->add_agreements(a);
      }
      g->add_docs(doc_);
      for (int s = 0; s < e.evidence_size(); ++s) {
        rv1::Span span = e.evidence(s);
        if (absl::Status st = CheckSpan(span, absl::StrCat(where, ".evidence[", s, "]"));
            !st.ok()) {
          return st;
        }
        *g->add_evidence() = span;
      }
    }
    return absl::OkStatus();
  }

  absl::Status Offices() {
    for (int i = 0; i < in_.offices_size(); ++i) {
      const rv1::Office& o = in_.offices(i);
      const std::string where = absl::StrCat("offices[", i, "]");
      absl::StatusOr<std::string> person = Resolve(o.person(), absl::StrCat(where, ".person"));
      if (!person.ok()) return person.status();
      rv1::Office* g = out_.add_offices();
      g->set_person(*person);
      g->set_role(o.role());
      if (o.has_country() && !o.country().empty()) {
        absl::StatusOr<std::string> c = NormalizeCountry(o.country(), where);
        if (!c.ok()) return c.status();
        g->set_country(*c);
      }
      if (o.has_organization() && !o.organization().empty()) {
        // Extraction may name the organization by local id or by key.
        auto it = local_to_global_.find(o.organization());
        g->set_organization(it != local_to_global_.end() ? it->second : o.organization());
      }
      if (o.has_as_of() && !o.as_of().empty()) g->set_as_of(o.as_of());
      g->set_doc(doc_);
      if (o.has_evidence()) {
        rv1::Span span = o.evidence();
        if (absl::Status s = CheckSpan(span, absl::StrCat(where, ".evidence")); !s.ok()) return s;
        *g->mutable_evidence() = span;
      }
    }
    return absl::OkStatus();
  }

  const rv1::DocumentRecords& in_;
  const std::string doc_;
  const int text_length_;
  rv1::DocumentRecords out_;
  absl::flat_hash_map<std::string, std::string> local_to_global_;
};

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool InRange(absl::string_view two_digits, int lo, int hi) {
  const int v = (two_digits[0] - '0') * 10 + (two_digits[1] - '0');
  return v >= lo && v <= hi;
}

}  // namespace

bool IsPartialDate(absl::string_view d) {
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!AllDigits(d.substr(0, 4))) return false;
  if (d.size() >= 7) {
    if (d[4] != '-' || !AllDigits(d.substr(5, 2)) || !InRange(d.substr(5, 2), 1, 12)) {
      return false;
    }
  }
  if (d.size() == 10) {
    if (d[7] != '-' || !AllDigits(d.substr(8, 2)) || !InRange(d.substr(8, 2), 1, 31)) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<rv1::DocumentRecords> Globalize(const rv1::DocumentRecords& records) {
  return Globalizer(records).Run();
}

namespace {

// "person:<name key>" for a person key or name, keeping a document scope
// ("person:wang@d12": a lone family name only that document can resolve)
// so scoped persons never meet persons of other documents. Empty when the
// name has no letters left.
std::string PersonId(absl::string_view tail) {
  std::string scope;
  if (const size_t at = tail.find('@'); at != absl::string_view::npos) {
    scope = std::string(tail.substr(at));
    tail = tail.substr(0, at);
  }
  // The name key of a name, remembered per thread: NameKey::Of
  // transliterates, and a put names the same few persons again and again
  // (each entity and mention, the store's namesake checks). A pure
  // function of the name, bounded like the other per-thread memos.
  constexpr size_t kMaxRemembered = 4096;
  thread_local absl::flat_hash_map<std::string, std::string> slugs;
  constexpr size_t kMaxRememberedBytes = 256;
  if (tail.size() > kMaxRememberedBytes) {
    const std::string slug = names::NameKey::Of(tail).Slug();
    return slug.empty() ? "" : absl::StrCat("person:", slug, scope);
  }
  auto known = slugs.find(tail);
  if (known == slugs.end()) {
    if (slugs.size() >= kMaxRemembered) slugs.clear();
    known = slugs.emplace(std::string(tail), names::NameKey::Of(tail).Slug()).first;
  }
  const std::string& slug = known->second;
  if (slug.empty()) return "";
  return absl::StrCat("person:", slug, scope);
}

}  // namespace

std::string GlobalEntityId(const rv1::Entity& entity) {
  const std::string& key = entity.key();
  const bool person = absl::StartsWith(key, "person:") ||
                      (entity.type() == rv1::ENTITY_TYPE_PERSON && !IsWellFormedKey(key));
  if (person) {
    // Keys of persons are names; transliteration variants of one name get
    // one id whichever document or gazetteer entry spelled them.
    std::string id;
    if (absl::StartsWith(key, "person:")) {
      id = PersonId(absl::string_view(key).substr(7));
    } else if (key.empty() || key.find(':') == std::string::npos) {
      id = PersonId(key.empty() ? absl::string_view(entity.name()) : absl::string_view(key));
    }
    if (IsWellFormedKey(id)) return id;
    if (id.empty() && !entity.name().empty()) {
      id = PersonId(entity.name());
      if (IsWellFormedKey(id)) return id;
    }
  }
  if (IsWellFormedKey(key)) return key;
  std::string type = records::EntityTypeCode(entity.type());
  if (type.empty()) type = "other";
  if (!key.empty()) {
    // Salvage "Person:Wang Yi" and the like: keep the prefix, slug the rest.
    const size_t colon = key.find(':');
    if (colon != std::string::npos && colon > 0) {
      std::string prefix = absl::AsciiStrToLower(key.substr(0, colon));
      std::string candidate = absl::StrCat(prefix, ":", text::Slug(key.substr(colon + 1)));
      if (IsWellFormedKey(candidate)) return candidate;
    }
    std::string candidate = absl::StrCat(type, ":", text::Slug(key));
    if (IsWellFormedKey(candidate)) return candidate;
  }
  std::string candidate = absl::StrCat(type, ":", text::Slug(entity.name()));
  if (IsWellFormedKey(candidate)) return candidate;
  return "";
}

}  // namespace dragoman::query
