#include "services/extraction/extractor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/unknown_field_set.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/extraction/analysis.h"
#include "services/extraction/dates.h"
#include "services/extraction/events.h"
#include "services/extraction/header.h"
#include "services/extraction/language.h"
#include "services/extraction/office_holders.h"
#include "services/extraction/persons.h"

namespace dragoman::extraction {
namespace {

// Texts up to this size leave their per-thread buffers allocated for the
// next document (a few hundred kilobytes at most per thread; releases
// average under a kilobyte).
constexpr size_t kKeptScratchBytes = 16 << 10;

using records::v1::Role;

// Which of a person's roles to show on an event: the diplomatic one first.
int RoleRank(Role r) {
  switch (r) {
    case Role::ROLE_HEAD_OF_STATE: return 0;
    case Role::ROLE_HEAD_OF_GOVERNMENT: return 1;
    case Role::ROLE_FOREIGN_MINISTER: return 2;
    case Role::ROLE_DEPUTY_HEAD_OF_GOVERNMENT: return 3;
    case Role::ROLE_DEPUTY_FOREIGN_MINISTER: return 4;
    case Role::ROLE_SECRETARY_GENERAL: return 5;
    case Role::ROLE_MINISTER: return 6;
    case Role::ROLE_AMBASSADOR: return 7;
    default: return 8;
  }
}

char TypeLetter(gazetteer::Kind kind) {
  switch (kind) {
    case gazetteer::Kind::kPerson: return 'p';
    case gazetteer::Kind::kCountry: return 'c';
    case gazetteer::Kind::kPlace: return 'l';
    case gazetteer::Kind::kOrganization: return 'o';
  }
  return 'x';
}

records::v1::EntityType EntityType(gazetteer::Kind kind) {
  switch (kind) {
    case gazetteer::Kind::kPerson: return records::v1::ENTITY_TYPE_PERSON;
    case gazetteer::Kind::kCountry: return records::v1::ENTITY_TYPE_COUNTRY;
    case gazetteer::Kind::kPlace: return records::v1::ENTITY_TYPE_PLACE;
    case gazetteer::Kind::kOrganization: return records::v1::ENTITY_TYPE_ORGANIZATION;
  }
  return records::v1::ENTITY_TYPE_OTHER;
}

// A document-local id ("p1", "e12"): a letter and a number, without a
// string per entity and event.
class LocalId {
 public:
  LocalId() = default;
  LocalId(char letter, int number) {
    char digits[12];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number > 0);
    text_[size_++] = letter;
    while (n > 0) text_[size_++] = digits[--n];
  }
  bool empty() const { return size_ == 0; }
  absl::string_view view() const { return absl::string_view(text_, size_); }

 private:
  char text_[11] = {};  // a letter and at most ten digits
  uint8_t size_ = 0;
};

// Sets a string field, given its mutable pointer. protobuf's setter goes
// through two calls out of line (ArenaStringPtr::Set, then a general
// std::string replace); with tens of thousands of string fields per MB that
// was a visible share of the output's cost. A value no longer than the old
// one is copied over it; else the (cleared) string is appended to, which
// keeps its capacity as assign does.
inline void Put(std::string* field, absl::string_view value) {
  if (value.size() <= field->size()) {
    field->erase(value.size());
    if (!value.empty()) std::memcpy(field->data(), value.data(), value.size());
  } else {
    field->clear();
    field->append(value.data(), value.size());
  }
}

// RepeatedPtrField::Reserve is a call even when a reused field already has
// the room, as it mostly does.
template <typename Field>
inline void Reserve(int size, Field* field) {
  if (field->Capacity() < size) field->Reserve(size);
}

// Country codes are two bytes: compared inline (the bytes as unsigned, as
// memcmp does), not through a memcmp call per compare.
inline bool PartyLess(absl::string_view a, absl::string_view b) {
  if (a.size() == 2 && b.size() == 2) {
    const auto key = [](absl::string_view s) {
      return static_cast<unsigned>(static_cast<unsigned char>(s[0])) << 8 |
             static_cast<unsigned char>(s[1]);
    };
    return key(a) < key(b);
  }
  return a < b;
}

// Whether m holds unknown fields (only a parsed message can): a reused
// element that does is cleared first, as Clear() would have.
template <typename M>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool HasUnknownFields(const M& m) {
  static const google::protobuf::Reflection* const reflection = M::GetReflection();
  return !reflection->GetUnknownFields(m).empty();
}

// Element i of a repeated field being refilled: the one a previous fill
// left there, else a new one (Add reuses cleared elements).
template <typename M>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline M* Refill(int i, google::protobuf::RepeatedPtrField<M>* field) {
  if (i == field->size()) return field->Add();
  M* m = field->Mutable(i);
  if (HasUnknownFields(*m)) m->Clear();
  return m;
}
inline std::string* Refill(int i, google::protobuf::RepeatedPtrField<std::string>* field) {
  return i == field->size() ? field->Add() : field->Mutable(i);
}

// Drops what a previous, longer fill left after the first `size` elements.
// RemoveLast keeps them cleared for later Adds, as Clear() does.
template <typename T>
void Truncate(int size, google::protobuf::RepeatedPtrField<T>* field) {
  while (field->size() > size) field->RemoveLast();
}

void PutSpan(absl::string_view doc, int start, int end, records::v1::Span* span) {
  Put(span->mutable_doc(), doc);
  span->set_start(start);
  span->set_end(end);
}

// Per-thread buffers of the output building, sized by the document's
// entities: kept from document to document like the analysis.
struct OutputScratch {
  struct OfficeDraft {
    int person;
    Role role;
    absl::string_view country;
    int organization;
    const RoleMention* evidence;
  };
  std::vector<OfficeDraft> offices;
  std::vector<LocalId> local_id;
  std::vector<int> mention_count;
  std::vector<records::v1::Entity*> by_entity;
  std::vector<const std::string*> aliases;
  std::vector<const std::string*> event_date_of_person;
  std::vector<absl::string_view> parties;
  std::vector<int> mentions_written;
  // Evidence spans of offices a shorter fill drops (Clear() on an office
  // would delete its evidence), for the offices a later fill adds.
  std::vector<std::unique_ptr<records::v1::Span>> spare_evidence;
};

// At most this many spare evidence spans are kept per thread.
constexpr size_t kKeptSpareSpans = 256;

}  // namespace

Extractor::Extractor(const gazetteer::Gazetteer& gazetteer)
    : gazetteer_(gazetteer), matcher_(gazetteer), roles_(gazetteer) {}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(const gazetteer::Gazetteer& gazetteer) {
  if (gazetteer.role_titles().empty()) {
    return absl::FailedPreconditionError("gazetteer has no role titles");
  }
  return std::unique_ptr<Extractor>(new Extractor(gazetteer));
}

absl::StatusOr<records::v1::DocumentRecords> Extractor::Extract(const ExtractionInput& input) const {
  records::v1::DocumentRecords out;
  if (absl::Status s = Extract(input, &out); !s.ok()) return s;
  return out;
}

absl::Status Extractor::Extract(const ExtractionInput& input, records::v1::DocumentRecords* out_ptr) const {
  records::v1::DocumentRecords& out = *out_ptr;
  if (input.text.empty()) {
    out.Clear();
    return absl::InvalidArgumentError("text is empty");
  }
  if (input.text.size() > kMaxTextBytes) {
    out.Clear();
    return absl::InvalidArgumentError(absl::StrCat("text is ", input.text.size(),
                                                   " bytes; the limit is ", kMaxTextBytes));
  }
  if (absl::Status s = text::ValidateUtf8(input.text); !s.ok()) {
    out.Clear();
    return absl::InvalidArgumentError(absl::StrCat("text is not valid UTF-8: ", s.message()));
  }

  // The message is refilled in place rather than cleared and rebuilt:
  // Clear() deletes the document and every office's evidence (which the
  // fill would allocate again) and empties every string, so each value
  // would be appended anew. Every field of a reused element is set or
  // cleared below, elements with unknown fields are cleared first, and
  // what a longer previous fill left is dropped: the message ends up the
  // same as after Clear() and a fill (extractor_test checks it against a
  // message with every field set).
  thread_local OutputScratch output;
  if (HasUnknownFields(out)) out.Clear();

  // One analysis per thread, reset for each document: its token, sentence
  // and mention buffers keep their capacity, so a document of usual size
  // allocates none of them. A large one gives its memory back.
  thread_local std::unique_ptr<Analysis> scratch;
  if (scratch == nullptr) scratch = std::make_unique<Analysis>("");
  struct Release {
    size_t bytes;
    ~Release() {
      if (bytes > kKeptScratchBytes) scratch.reset();
    }
  } release{input.text.size()};
  Analysis& analysis = *scratch;
  analysis.Reset(input.text);
  const TextIndex& index = analysis.index;
  const std::vector<Token>& tokens = index.tokens();
  const std::string& doc_id = input.document_id;

  Header header = ReadHeader(input.text, tokens);
  analysis.language = DetectLanguage(tokens, input.language_hint);
  std::optional<std::string> published = std::move(header.published);  // not read again
  if (!published && ParseDay(input.published_hint.substr(0, 10))) published = input.published_hint;
  std::optional<std::string> published_day;
  if (published) published_day = published->substr(0, 10);

  matcher_.Match(&analysis);
  roles_.FindTitles(&analysis);
  FindPersons(&analysis);
  roles_.Attribute(&analysis);
  if (published_day) LinkTitledFamilyNames(gazetteer_, *published_day, &analysis);

  EventContext context;
  std::optional<absl::CivilDay> reference;
  if (published_day) reference = ParseDay(*published_day);
  std::vector<DateMention> dates = FindDates(input.text, reference);
  context.dates.reserve(dates.size());
  for (DateMention& d : dates) {
    if (d.start >= header.body_start && d.start >= header.dateline_date_end) {
      context.dates.push_back(std::move(d));
    }
  }
  context.published = published_day;
  context.body_start = header.body_start;
  if (header.dateline_end > header.dateline_start) {
    for (const Mention& m : analysis.mentions) {
      if (tokens[m.first].start >= header.dateline_start && tokens[m.first].start < header.dateline_end &&
          analysis.entities[m.entity].kind == gazetteer::Kind::kPlace) {
        context.dateline_place = m.entity;
        break;
      }
    }
  }
  const std::vector<EventDraft> events = FindEvents(analysis, context);

  records::v1::Document* doc = out.mutable_document();
  if (HasUnknownFields(*doc)) doc->Clear();
  Put(doc->mutable_id(), doc_id);
  Put(doc->mutable_uri(), input.uri);
  if (header.title) {
    Put(doc->mutable_title(), *header.title);
  } else if (!input.title_hint.empty()) {
    Put(doc->mutable_title(), input.title_hint);
  } else if (doc->has_title()) {
    doc->clear_title();
  }
  if (published) {
    Put(doc->mutable_published(), *published);
  } else if (doc->has_published()) {
    doc->clear_published();
  }
  Put(doc->mutable_language(), analysis.language);
  if (doc->has_duplicate_of()) doc->clear_duplicate_of();
  if (!input.source_hint.empty()) {
    Put(doc->mutable_source(), input.source_hint);
  } else if (doc->has_source()) {
    doc->clear_source();
  }
  if (!doc->content_sha256().empty()) doc->clear_content_sha256();
  if (!doc->clean_text().empty()) doc->clear_clean_text();
  if (!doc->ingested_at().empty()) doc->clear_ingested_at();
  Put(doc->mutable_extractor_version(), kExtractorVersion);

  // Offices: one per (person, role); country from the title, else the person's.
  std::vector<OutputScratch::OfficeDraft>& offices = output.offices;
  offices.clear();
  for (const RoleMention& r : analysis.roles) {
    if (r.person < 0 || r.role == Role::ROLE_UNSPECIFIED) continue;
    DocEntity& person = analysis.entities[r.person];
    absl::string_view country = r.country;
    if (person.country.empty() && !country.empty()) person.country = r.country;
    // A party or international office is held for the organization. (A
    // person's country, once set, does not change: the view stays valid.)
    if (country.empty() && r.organization < 0) country = person.country;
    bool seen = false;
    for (const OutputScratch::OfficeDraft& o : offices) seen |= o.person == r.person && o.role == r.role;
    if (!seen) offices.push_back({r.person, r.role, country, r.organization, &r});
  }

  // Entities with local ids, in order of first mention (indexed by entity;
  // empty: not mentioned).
  const size_t entity_count = analysis.entities.size();
  std::vector<LocalId>& local_id = output.local_id;
  local_id.assign(entity_count, LocalId());
  int counters[128] = {};
  // Repeated fields are sized once: growing them one element at a time was
  // a visible share of building the output.
  std::vector<int>& mention_count = output.mention_count;
  mention_count.assign(entity_count, 0);
  int distinct = 0;
  for (const Mention& m : analysis.mentions) {
    ++mention_count[m.entity];
    if (!local_id[m.entity].empty()) continue;
    ++distinct;
    const DocEntity& e = analysis.entities[m.entity];
    const char letter = TypeLetter(e.kind);
    local_id[m.entity] = LocalId(letter, ++counters[static_cast<int>(letter)]);
  }
  auto has_id = [&](int entity) { return entity >= 0 && !local_id[entity].empty(); };
  std::vector<records::v1::Entity*>& by_entity = output.by_entity;
  by_entity.assign(entity_count, nullptr);
  std::vector<int>& mentions_written = output.mentions_written;
  mentions_written.assign(entity_count, 0);
  std::vector<const std::string*>& aliases = output.aliases;
  Reserve(distinct, out.mutable_entities());
  int entities_written = 0;
  for (const Mention& m : analysis.mentions) {
    records::v1::Entity*& entity = by_entity[m.entity];
    const DocEntity& e = analysis.entities[m.entity];
    if (entity == nullptr) {
      entity = Refill(entities_written++, out.mutable_entities());
      Put(entity->mutable_id(), local_id[m.entity].view());
      entity->set_type(EntityType(e.kind));
      Put(entity->mutable_name(), e.name);
      if (e.document_scoped) {
        std::string* key = entity->mutable_key();
        key->clear();
        key->append(e.key).append("@").append(doc_id);
      } else {
        Put(entity->mutable_key(), e.key);
      }
      if (!e.country.empty()) {
        Put(entity->mutable_country(), e.country);
      } else if (entity->has_country()) {
        entity->clear_country();
      }
      aliases.clear();
      auto add_alias = [&](const std::string& a) {
        if (a == e.name) return;
        for (const std::string* seen : aliases) {
          if (*seen == a) return;
        }
        aliases.push_back(&a);
      };
      for (const std::string& s : e.surfaces) add_alias(s);
      if (e.entry != nullptr) {
        for (const std::string& a : e.entry->aliases) add_alias(a);
      }
      const int alias_count = static_cast<int>(aliases.size());
      Truncate(alias_count, entity->mutable_aliases());
      Reserve(alias_count, entity->mutable_aliases());
      for (int k = 0; k < alias_count; ++k) Put(Refill(k, entity->mutable_aliases()), *aliases[k]);
      // Every one of its mentions is written below, in order.
      Truncate(mention_count[m.entity], entity->mutable_mentions());
      Reserve(mention_count[m.entity], entity->mutable_mentions());
    }
    PutSpan(doc_id, index.CodePointStart(m.first), index.CodePointEnd(m.end - 1),
            Refill(mentions_written[m.entity]++, entity->mutable_mentions()));
  }
  Truncate(entities_written, out.mutable_entities());

  auto best_role = [&](int person) -> const OutputScratch::OfficeDraft* {
    const OutputScratch::OfficeDraft* best = nullptr;
    for (const OutputScratch::OfficeDraft& o : offices) {
      if (o.person == person && (best == nullptr || RoleRank(o.role) < RoleRank(best->role))) best = &o;
    }
    return best;
  };

  // Events.
  std::vector<const std::string*>& event_date_of_person = output.event_date_of_person;
  event_date_of_person.assign(entity_count, nullptr);
  std::vector<absl::string_view>& parties = output.parties;
  Reserve(static_cast<int>(events.size()), out.mutable_events());
  int event_number = 0;
  for (const EventDraft& d : events) {
    records::v1::Event* ev = Refill(event_number, out.mutable_events());
    Put(ev->mutable_id(), LocalId('e', ++event_number).view());
    ev->set_type(d.type);
    if (d.date) {
      Put(ev->mutable_date(), *d.date);
    } else if (ev->has_date()) {
      ev->clear_date();
    }
    if (has_id(d.location)) {
      Put(ev->mutable_location(), local_id[d.location].view());
    } else if (ev->has_location()) {
      ev->clear_location();
    }
    Reserve(static_cast<int>(d.participants.size()), ev->mutable_participants());
    Reserve(static_cast<int>(d.sentences.size()), ev->mutable_evidence());
    int participants = 0;
    for (int p : d.participants) {
      if (!has_id(p)) continue;
      records::v1::Participant* part = Refill(participants++, ev->mutable_participants());
      Put(part->mutable_entity(), local_id[p].view());
      const OutputScratch::OfficeDraft* office = best_role(p);
      records::v1::Role role = records::v1::ROLE_UNSPECIFIED;
      if (office != nullptr) {
        role = office->role;
      } else if (const gazetteer::Entry* entry = analysis.entities[p].entry;
                 entry != nullptr && !entry->roles.empty()) {
        // The document gives no title: what the gazetteer knows, the
        // office held on the event's date when its terms tell.
        const records::v1::Role dated =
            d.date ? gazetteer::Gazetteer::RoleOn(*entry, *d.date) : records::v1::ROLE_UNSPECIFIED;
        role = dated != records::v1::ROLE_UNSPECIFIED ? dated : entry->roles.front();
      }
      part->set_role(role);
      const absl::string_view country = office != nullptr && !office->country.empty()
                                            ? office->country
                                            : absl::string_view(analysis.entities[p].country);
      if (!country.empty()) {
        Put(part->mutable_country(), country);
      } else if (part->has_country()) {
        part->clear_country();
      }
      if (d.date && d.date->size() == 10 && event_date_of_person[p] == nullptr) {
        event_date_of_person[p] = &*d.date;
      }
    }
    Truncate(participants, ev->mutable_participants());
    // The parties: the sentence's countries and those of every participant,
    // including the ones later sentences added ("Y ont pris part ...").
    parties.assign(d.countries.begin(), d.countries.end());
    for (const records::v1::Participant& part : ev->participants()) {
      if (part.has_country()) parties.push_back(part.country());
    }
    std::sort(parties.begin(), parties.end(), PartyLess);
    parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
    const int party_count = static_cast<int>(parties.size());
    Truncate(party_count, ev->mutable_countries());
    for (int k = 0; k < party_count; ++k) Put(Refill(k, ev->mutable_countries()), parties[k]);
    if (d.series) {
      Put(ev->mutable_series(), *d.series);
    } else if (ev->has_series()) {
      ev->clear_series();
    }
    if (d.ordinal) {
      ev->set_ordinal(*d.ordinal);
    } else if (ev->has_ordinal()) {
      ev->clear_ordinal();
    }
    const int agreement_count = static_cast<int>(d.agreements.size());
    Truncate(agreement_count, ev->mutable_agreements());
    for (int k = 0; k < agreement_count; ++k) {
      Put(Refill(k, ev->mutable_agreements()), d.agreements[k]);
    }
    Truncate(1, ev->mutable_docs());
    Put(Refill(0, ev->mutable_docs()), doc_id);
    const int evidence_count = static_cast<int>(d.sentences.size());
    Truncate(evidence_count, ev->mutable_evidence());
    for (int k = 0; k < evidence_count; ++k) {
      const TextIndex::Range r = index.sentences()[d.sentences[k]];
      PutSpan(doc_id, index.CodePointStart(r.begin), index.CodePointEnd(r.end - 1),
              Refill(k, ev->mutable_evidence()));
    }
  }
  Truncate(event_number, out.mutable_events());

  int offices_written = 0;
  for (const OutputScratch::OfficeDraft& o : offices) {
    if (!has_id(o.person)) continue;
    records::v1::Office* office = Refill(offices_written++, out.mutable_offices());
    Put(office->mutable_person(), local_id[o.person].view());
    office->set_role(o.role);
    if (!o.country.empty()) {
      Put(office->mutable_country(), o.country);
    } else if (office->has_country()) {
      office->clear_country();
    }
    if (has_id(o.organization)) {
      Put(office->mutable_organization(), local_id[o.organization].view());
    } else if (office->has_organization()) {
      office->clear_organization();
    }
    if (const std::string* date = event_date_of_person[o.person]; date != nullptr) {
      Put(office->mutable_as_of(), *date);
    } else if (published_day) {
      Put(office->mutable_as_of(), *published_day);
    } else if (office->has_as_of()) {
      office->clear_as_of();
    }
    Put(office->mutable_doc(), doc_id);
    records::v1::Span* span;
    if (office->has_evidence() || output.spare_evidence.empty()) {
      span = office->mutable_evidence();
      if (HasUnknownFields(*span)) span->Clear();
    } else {
      span = output.spare_evidence.back().release();
      output.spare_evidence.pop_back();
      span->Clear();
      office->set_allocated_evidence(span);
    }
    PutSpan(doc_id, index.CodePointStart(o.evidence->first), index.CodePointEnd(o.evidence->end - 1),
            span);
  }
  // Offices dropped keep their evidence for later ones (off an arena,
  // where the spans are the message's own heap objects).
  if (out.GetArena() == nullptr) {
    for (int k = offices_written; k < out.offices_size(); ++k) {
      records::v1::Office* dropped = out.mutable_offices(k);
      if (dropped->has_evidence() && output.spare_evidence.size() < kKeptSpareSpans) {
        output.spare_evidence.emplace_back(dropped->release_evidence());
      }
    }
  }
  Truncate(offices_written, out.mutable_offices());
  return absl::OkStatus();
}

}  // namespace dragoman::extraction
