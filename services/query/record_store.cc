#include "services/query/record_store.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/names/name_key.h"
#include "common/records/codes.h"
#include "common/storage/storage_errors.h"
#include "common/text/unicode.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"
#include "services/query/citations.h"
#include "services/query/entity_search.h"
#include "services/query/full_text.h"
#include "services/query/globalize.h"
#include "services/query/merge.h"
#include "services/query/store.pb.h"
#include "services/query/text_search.h"

namespace dragoman::query {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;

namespace {

// Ids echoed in error messages travel in the status trailer, which clients
// cap (8 KiB by default): a long hostile id must not turn NOT_FOUND into a
// metadata error.
std::string QuotableId(absl::string_view id) {
  constexpr size_t kMax = 200;
  if (id.size() <= kMax) return std::string(id);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(id.substr(0, cut), "... (", id.size(), " bytes)");
}


constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
constexpr int kDefaultSearchResults = 20;
constexpr int kMaxSearchResults = 100;
constexpr char kUndatedSortDate[] = "~";

const char* const kColumnFamilies[] = {"documents", "doc_records", "entities",
                                       "events",    "offices",     "index"};

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat(what, ": not found"));
  return storage::StorageFailure(what, s.ToString());
}

std::string Nul() { return std::string(1, '\0'); }

std::string SortKey(const rv1::Event& e) {
  return absl::StrCat(e.has_date() ? e.date() : kUndatedSortDate, Nul(), e.id());
}

// The parties as extraction states them. A participant's own country is
// not added: an ambassador's nationality does not make a state a party.
std::set<std::string> InvolvedCountries(const rv1::Event& e) {
  return std::set<std::string>(e.countries().begin(), e.countries().end());
}

std::set<std::string> EventIndexKeys(const rv1::Event& e) {
  const std::string s = SortKey(e);
  std::set<std::string> keys = {absl::StrCat("ev/d/", s)};
  const std::set<std::string> countries = InvolvedCountries(e);
  for (auto a = countries.begin(); a != countries.end(); ++a) {
    keys.insert(absl::StrCat("ev/c/", *a, Nul(), s));
    for (auto b = std::next(a); b != countries.end(); ++b) {
      keys.insert(absl::StrCat("ev/cc/", *a, "-", *b, Nul(), s));
    }
  }
  for (const rv1::Participant& p : e.participants()) {
    keys.insert(absl::StrCat("ev/p/", p.entity(), Nul(), s));
  }
  if (e.has_location() && !e.location().empty()) {
    keys.insert(absl::StrCat("ev/l/", e.location(), Nul(), s));
  }
  keys.insert(absl::StrCat("ev/t/", records::EventTypeCode(e.type()), Nul(), s));
  if (e.has_series() && !e.series().empty()) {
    keys.insert(absl::StrCat("ev/s/", text::Fold(e.series()), Nul(), s));
  }
  return keys;
}

bool IsPerson(const rv1::Entity& e) {
  return e.type() == rv1::ENTITY_TYPE_PERSON || absl::StartsWith(e.id(), "person:");
}

std::vector<std::string> NameTokens(const std::string& folded) {
  std::vector<std::string> out;
  for (absl::string_view t : absl::StrSplit(folded, absl::ByAnyChar(" -'.,"), absl::SkipEmpty())) {
    if (t.size() >= 2) out.emplace_back(t);
  }
  return out;
}

std::set<std::string> EntityIndexKeys(const rv1::Entity& e) {
  std::set<std::string> keys;
  std::vector<std::string> spellings(e.aliases().begin(), e.aliases().end());
  spellings.push_back(e.name());
  for (const std::string& s : spellings) {
    const std::string folded = text::Fold(s);
    if (folded.empty()) continue;
    keys.insert(absl::StrCat("en/n/", folded, Nul(), e.id()));
    const std::vector<std::string> words = SearchWords(s);
    std::string compact;
    for (const std::string& w : words) {
      keys.insert(absl::StrCat("en/w/", w, Nul(), e.id()));
      compact += w;
    }
    if (!compact.empty()) keys.insert(absl::StrCat("en/c/", compact, Nul(), e.id()));
    if (IsPerson(e)) {
      const std::string key = names::NameKey::Of(s).Slug();
      if (!key.empty()) keys.insert(absl::StrCat("en/k/", key, Nul(), e.id()));
      for (const std::string& t : NameTokens(folded)) {
        keys.insert(absl::StrCat("en/t/", t, Nul(), e.id()));
      }
    }
  }
  return keys;
}

std::set<std::string> SearchableWords(const rv1::Document& d) {
  return IndexWords(absl::StrCat(d.title(), "\n", d.clean_text()));
}

// What full-text search indexes of a document: term frequencies of its
// title and clean text.
std::map<std::string, int> DocumentTerms(const rv1::Document& d) {
  std::map<std::string, int> tf = TermFrequencies(d.clean_text(), d.language());
  if (d.has_title()) {
    for (const auto& [term, n] : TermFrequencies(d.title(), d.language())) tf[term] += n;
  }
  return tf;
}

int TermCount(const std::map<std::string, int>& tf) {
  int n = 0;
  for (const auto& [term, count] : tf) n += count;
  return n;
}

std::string PostingKey(const std::string& term, const std::string& doc) {
  return absl::StrCat("fs/", term, Nul(), doc);
}

std::string PostingValue(int tf, int length) { return absl::StrCat(tf, " ", length); }

constexpr char kIndexVersion[] = "6";

std::string SummaryKey(absl::string_view id) { return absl::StrCat("en/m/", id); }

std::string SummaryValue(rv1::Entity merged) {
  merged.clear_mentions();
  return merged.SerializeAsString();
}

// Schema 2: entities hold one key per (entity, document), so a put writes
// what this document says, not every document's contribution again.
constexpr char kSchema[] = "2";

std::string EntityPrefix(absl::string_view id) { return absl::StrCat(id, Nul()); }
std::string EntityKey(absl::string_view id, absl::string_view doc) {
  return absl::StrCat(id, Nul(), doc);
}
std::string TallyKey(absl::string_view id) { return absl::StrCat("en/g/", id); }

// What document `doc` says about the global entity `e`.
store::EntityContribution ContributionOf(const rv1::Entity& e, const std::string& doc) {
  store::EntityContribution c;
  c.set_doc(doc);
  c.set_type(e.type());
  c.set_name(e.name());
  *c.mutable_aliases() = e.aliases();
  if (e.has_country()) c.set_country(e.country());
  *c.mutable_mentions() = e.mentions();
  return c;
}

// Calls `visit` with each entity's contributions, in id order, from an
// iterator over the entities column family (schema 2 keys).
absl::Status ForEachStoredEntity(rocksdb::Iterator* it,
                                 const std::function<absl::Status(store::StoredEntity&)>& visit) {
  store::StoredEntity group;
  bool open = false;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    const size_t nul = key.find('\0');
    if (nul == absl::string_view::npos) return absl::DataLossError("entity key without a document");
    const absl::string_view id = key.substr(0, nul);
    if (open && id != group.id()) {
      if (absl::Status s = visit(group); !s.ok()) return s;
      group.Clear();
      open = false;
    }
    if (!open) {
      group.set_id(std::string(id));
      open = true;
    }
    if (!group.add_contributions()->ParseFromArray(it->value().data(),
                                                   static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt record in entities");
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "entities");
  if (open) return visit(group);
  return absl::OkStatus();
}

std::string TextKey(const std::string& word, const std::string& doc) {
  return absl::StrCat("tx/", word, Nul(), doc);
}

// "kz " -> "KZ"; InvalidArgument naming the value otherwise.
absl::StatusOr<std::string> CountryCode(absl::string_view raw) {
  std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(raw));
  if (upper.size() != 2 || !absl::ascii_isupper(static_cast<unsigned char>(upper[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(upper[1]))) {
    return absl::InvalidArgumentError(
        absl::StrCat("country \"", QuotableId(raw), "\" is not an ISO 3166-1 alpha-2 code"));
  }
  return upper;
}

// Appends the offices stored as values under `prefix` (the offices column
// family, or the of/ index keys, which carry the office as value).
absl::Status AppendOffices(std::unique_ptr<rocksdb::Iterator> it, absl::string_view prefix,
                           std::vector<rv1::Office>* out) {
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size()));
       it->Valid() && it->key().starts_with(rocksdb::Slice(prefix.data(), prefix.size()));
       it->Next()) {
    rv1::Office o;
    if (!o.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt office record");
    }
    out->push_back(std::move(o));
  }
  return absl::OkStatus();
}

// Offices by as_of (undated last), then person, then document.
void SortOffices(std::vector<rv1::Office>& offices) {
  std::stable_sort(offices.begin(), offices.end(), [](const rv1::Office& a, const rv1::Office& b) {
    const bool a_undated = !a.has_as_of(), b_undated = !b.has_as_of();
    if (a_undated != b_undated) return b_undated;
    if (a.as_of() != b.as_of()) return a.as_of() < b.as_of();
    if (a.person() != b.person()) return a.person() < b.person();
    return a.doc() < b.doc();
  });
}

std::string OfficeKey(const std::string& person, const std::string& doc, int n) {
  return absl::StrCat(person, Nul(), doc, Nul(), absl::StrFormat("%04d", n));
}

// "Who held this office": of/<role code>/<CC or ->\0<offices key>, valued
// with the office itself so a listing reads one prefix.
std::string OfficeRolePrefix(rv1::Role role, absl::string_view country) {
  return absl::StrCat("of/", records::RoleCode(role), "/",
                      country.empty() ? absl::string_view("") : country,
                      country.empty() ? "" : Nul());
}
std::string OfficeRoleKey(const rv1::Office& o, const std::string& office_key) {
  return absl::StrCat("of/", records::RoleCode(o.role()), "/",
                      o.has_country() && !o.country().empty() ? o.country() : "-", Nul(),
                      office_key);
}

// Bounds of a partial date, comparable as strings: "2025-11" covers
// ["2025-11-00", "2025-11-99"].
std::string LowEnd(const std::string& d) {
  if (d.size() == 4) return d + "-00-00";
  if (d.size() == 7) return d + "-00";
  return d;
}
std::string HighEnd(const std::string& d) {
  if (d.size() == 4) return d + "-99-99";
  if (d.size() == 7) return d + "-99";
  return d;
}

// The part of a key up to its first NUL ("fs/fr:negoci" of
// "fs/fr:negoci\0<doc>"): the memtable remembers where it last inserted a
// key of each such group and starts the next insert of the group there.
// Most keys of a put (postings, words, entity and event index keys) join
// a group of keys differing only by document, so this spares most of a
// skip list search from the top. Only insertion uses it; reads, table
// files and key order are unaffected.
class UpToNulTransform : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "dragoman.UpToNul"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* nul = std::memchr(key.data(), '\0', key.size());
    return rocksdb::Slice(key.data(), static_cast<const char*>(nul) - key.data());
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

// FNV-1a: stable across processes, unlike absl::Hash.
uint64_t Fingerprint(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Citations for one read: loads each cited document once and splits it
// into sentences once.
class CitationCache {
 public:
  // Loads documents `ids`: (*statuses)[i] is OK, NotFound or an error, and
  // (*documents)[i] the document when OK.
  using Loader = std::function<void(const std::vector<std::string>& ids,
                                    std::vector<absl::Status>* statuses,
                                    std::vector<store::CitedDocument>* documents)>;
  explicit CitationCache(Loader load) : load_(std::move(load)) {}

  // Loads every document the evidence of `events` cites, in one batch
  // (a listing cites dozens), so that citing them reads nothing more.
  // Errors other than NotFound are returned.
  absl::Status Prefetch(const google::protobuf::RepeatedPtrField<rv1::Event>& events) {
    std::set<std::string> ids;
    for (const rv1::Event& e : events) {
      const std::string fallback = e.docs().empty() ? "" : e.docs(0);
      for (const rv1::Span& span : e.evidence()) {
        const std::string& id = span.doc().empty() ? fallback : span.doc();
        if (docs_.count(id) == 0) ids.insert(id);
      }
    }
    return Load(std::vector<std::string>(ids.begin(), ids.end()));
  }

  // The citation of `span` (its doc, else `doc`); nullopt when the
  // document is gone. Errors other than NotFound are returned.
  absl::StatusOr<std::optional<qv1::Citation>> Cite(const rv1::Span& span,
                                                    const std::string& doc) {
    const std::string& id = span.doc().empty() ? doc : span.doc();
    auto it = docs_.find(id);
    if (it == docs_.end()) {
      if (absl::Status s = Load({id}); !s.ok()) return s;
      it = docs_.find(id);
    }
    if (it->second->sentences == nullptr) return std::optional<qv1::Citation>();
    return std::optional<qv1::Citation>(
        it->second->sentences->Cite(it->second->id, it->second->uri, span.start(), span.end()));
  }

  // One citation per evidence span of `e`.
  absl::Status CiteEvent(const rv1::Event& e,
                         google::protobuf::RepeatedPtrField<qv1::Citation>* out) {
    const std::string fallback = e.docs().empty() ? "" : e.docs(0);
    for (const rv1::Span& span : e.evidence()) {
      absl::StatusOr<std::optional<qv1::Citation>> c = Cite(span, fallback);
      if (!c.ok()) return c.status();
      if (c->has_value()) *out->Add() = std::move(**c);
    }
    return absl::OkStatus();
  }

 private:
  struct Entry {
    std::string id, uri;
    std::unique_ptr<SentenceIndex> sentences;  // null when the document is gone
  };

  absl::Status Load(const std::vector<std::string>& ids) {
    if (ids.empty()) return absl::OkStatus();
    std::vector<absl::Status> statuses;
    std::vector<store::CitedDocument> documents;
    load_(ids, &statuses, &documents);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!statuses[i].ok() && !absl::IsNotFound(statuses[i])) return statuses[i];
      auto entry = std::make_unique<Entry>();
      if (statuses[i].ok()) {
        store::CitedDocument& d = documents[i];
        entry->id = std::move(*d.mutable_id());
        entry->uri = std::move(*d.mutable_uri());
        entry->sentences = std::make_unique<SentenceIndex>(std::move(*d.mutable_clean_text()));
      }
      docs_.emplace(ids[i], std::move(entry));
    }
    return absl::OkStatus();
  }

  Loader load_;
  std::map<std::string, std::unique_ptr<Entry>> docs_;
};

}  // namespace

struct RecordStore::Handles {
  rocksdb::ColumnFamilyHandle* default_cf = nullptr;
  rocksdb::ColumnFamilyHandle* documents = nullptr;
  rocksdb::ColumnFamilyHandle* doc_records = nullptr;
  rocksdb::ColumnFamilyHandle* entities = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* offices = nullptr;
  rocksdb::ColumnFamilyHandle* index = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> all;
};

// Reads from one consistent view (a RocksDB snapshot), or from the latest
// state when the caller holds the write mutex.
class RecordStore::Reader {
 public:
  Reader(rocksdb::DB* db, const Handles* cf, bool pin) : db_(db), cf_(cf) {
    if (pin) {
      snapshot_ = db_->GetSnapshot();
      options_.snapshot = snapshot_;
    }
  }
  ~Reader() {
    if (snapshot_ != nullptr) db_->ReleaseSnapshot(snapshot_);
  }

  const Handles& cf() const { return *cf_; }

  // NotFound when absent.
  absl::Status Get(rocksdb::ColumnFamilyHandle* cf, absl::string_view key,
                   std::string* value) const {
    const rocksdb::Status s = db_->Get(options_, cf, rocksdb::Slice(key.data(), key.size()), value);
    if (s.ok()) return absl::OkStatus();  // the message below costs more than most reads
    return FromRocks(s, absl::StrCat(cf->GetName(), " \"", absl::CHexEscape(key), "\""));
  }

  template <typename Message>
  absl::Status GetProto(rocksdb::ColumnFamilyHandle* cf, absl::string_view key,
                        Message* message) const {
    std::string value;
    if (absl::Status s = Get(cf, key, &value); !s.ok()) return s;
    if (!message->ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("corrupt record in ", cf->GetName()));
    }
    return absl::OkStatus();
  }

  // The values of `keys` in one batched lookup (RocksDB sorts the keys and
  // walks each level once for all of them, instead of once per key):
  // `values[i]` and `statuses[i]` (OK, NotFound or an error) for keys[i].
  void MultiGet(rocksdb::ColumnFamilyHandle* cf, const std::vector<std::string>& keys,
                std::vector<rocksdb::PinnableSlice>* values,
                std::vector<absl::Status>* statuses) const {
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::Status> found(keys.size());
    *values = std::vector<rocksdb::PinnableSlice>(keys.size());
    if (!keys.empty()) {
      db_->MultiGet(options_, cf, keys.size(), slices.data(), values->data(), found.data());
    }
    statuses->clear();
    for (size_t i = 0; i < keys.size(); ++i) {
      statuses->push_back(found[i].ok() ? absl::OkStatus()
                                        : FromRocks(found[i], absl::StrCat(cf->GetName(), " \"",
                                                                          absl::CHexEscape(keys[i]),
                                                                          "\"")));
    }
  }

  std::unique_ptr<rocksdb::Iterator> Iterate(rocksdb::ColumnFamilyHandle* cf) const {
    return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options_, cf));
  }

  // Key suffixes after `prefix` in the index, in order.
  std::vector<std::string> IndexSuffixes(absl::string_view prefix) const {
    std::vector<std::string> out;
    // One iterator for all of this view's index scans: creating a RocksDB
    // iterator (a merging iterator over every memtable and table file)
    // costs more than the short scans a put makes dozens of.
    if (index_it_ == nullptr) index_it_ = Iterate(cf_->index);
    rocksdb::Iterator* it = index_it_.get();
    for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
      absl::string_view key(it->key().data(), it->key().size());
      if (!absl::StartsWith(key, prefix)) break;
      out.emplace_back(key.substr(prefix.size()));
    }
    return out;
  }

  // Makes later reads see writes made since the view's first index scan
  // (an unpinned iterator reads the state as of its creation). The writer
  // calls it after each write it makes while still using the view.
  void Refresh() const { index_it_.reset(); }

  // Every document's contribution to entity `id`, in document order;
  // NotFound when none.
  absl::StatusOr<store::StoredEntity> Contributions(absl::string_view id) const {
    store::StoredEntity stored;
    stored.set_id(std::string(id));
    const std::string prefix = EntityPrefix(id);
    std::unique_ptr<rocksdb::Iterator> it = Iterate(cf_->entities);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      if (!stored.add_contributions()->ParseFromArray(it->value().data(),
                                                      static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in entities");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "entities");
    if (stored.contributions().empty()) {
      return absl::NotFoundError(
          absl::StrCat("entities \"", absl::CHexEscape(id), "\": not found"));
    }
    return stored;
  }

  absl::StatusOr<rv1::Entity> Entity(absl::string_view id) const {
    absl::StatusOr<store::StoredEntity> stored = Contributions(id);
    if (!stored.ok()) return stored.status();
    return MergeEntity(*stored);
  }

  // True when some document contributes to entity `id`.
  bool HasEntity(absl::string_view id) const {
    std::string unused;
    if (Get(cf_->index, SummaryKey(id), &unused).ok()) return true;
    const std::string prefix = EntityPrefix(id);
    std::unique_ptr<rocksdb::Iterator> it = Iterate(cf_->entities);
    it->Seek(prefix);
    return it->Valid() && it->key().starts_with(prefix);
  }

  // The stored tally of entity `id` (empty when it has no contributions).
  absl::StatusOr<store::EntityTally> Tally(absl::string_view id) const {
    store::EntityTally tally;
    absl::Status s = GetProto(cf_->index, TallyKey(id), &tally);
    if (!s.ok() && !absl::IsNotFound(s)) return s;
    return tally;
  }

  // The merged entity without mentions, from its stored summary: what
  // listings need, at a cost independent of how many documents mention it.
  // Summary() of each of `ids`, looked up together; NotFound for an id with
  // no entity.
  std::vector<absl::StatusOr<rv1::Entity>> Summaries(const std::vector<std::string>& ids) const {
    std::vector<std::string> keys;
    keys.reserve(ids.size());
    for (const std::string& id : ids) keys.push_back(SummaryKey(id));
    std::vector<rocksdb::PinnableSlice> values;
    std::vector<absl::Status> statuses;
    MultiGet(cf_->index, keys, &values, &statuses);
    std::vector<absl::StatusOr<rv1::Entity>> out;
    out.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      if (absl::IsNotFound(statuses[i])) {
        out.push_back(Summary(ids[i]));  // no summary key: merged from the contributions
      } else if (!statuses[i].ok()) {
        out.push_back(statuses[i]);
      } else if (rv1::Entity e; !e.ParseFromArray(values[i].data(),
                                                  static_cast<int>(values[i].size()))) {
        out.push_back(absl::DataLossError(
            absl::StrCat("corrupt record in ", cf_->index->GetName())));
      } else {
        out.push_back(std::move(e));
      }
    }
    return out;
  }

  absl::StatusOr<rv1::Entity> Summary(absl::string_view id) const {
    rv1::Entity summary;
    absl::Status s = GetProto(cf_->index, SummaryKey(id), &summary);
    if (s.ok()) return summary;
    if (!absl::IsNotFound(s)) return s;
    absl::StatusOr<rv1::Entity> e = Entity(id);
    if (e.ok()) e->clear_mentions();
    return e;
  }

  std::vector<std::string> FindByName(absl::string_view name, bool persons_only) const {
    const std::string folded = text::Fold(name);
    if (folded.empty()) return {};
    std::set<std::string> ids;
    for (std::string& id : IndexSuffixes(absl::StrCat("en/n/", folded, Nul()))) {
      ids.insert(std::move(id));
    }
    if (ids.empty()) {
      // A spelling never seen, of a known name ("Jeenbek Kulubayev").
      const std::string key = names::NameKey::Of(name).Slug();
      if (!key.empty()) {
        for (std::string& id : IndexSuffixes(absl::StrCat("en/k/", key, Nul()))) {
          ids.insert(std::move(id));
        }
      }
    }
    if (ids.empty()) {
      bool first = true;
      for (const std::string& token : NameTokens(folded)) {
        std::vector<std::string> hits = IndexSuffixes(absl::StrCat("en/t/", token, Nul()));
        std::set<std::string> hit_set(hits.begin(), hits.end());
        if (first) {
          ids = std::move(hit_set);
          first = false;
        } else {
          std::set<std::string> both;
          std::set_intersection(ids.begin(), ids.end(), hit_set.begin(), hit_set.end(),
                                std::inserter(both, both.end()));
          ids = std::move(both);
        }
      }
    }
    std::vector<std::string> out;
    for (const std::string& id : ids) {
      if (persons_only) {
        absl::StatusOr<rv1::Entity> e = Summary(id);
        if (!e.ok() || !IsPerson(*e)) continue;
      }
      out.push_back(id);
    }
    return out;
  }

  // An existing entity id as given, else the entities of `type` (any when
  // unspecified) whose name or alias matches.
  std::vector<std::string> ResolveEntity(absl::string_view value, rv1::EntityType type) const {
    if (HasEntity(value)) return {std::string(value)};
    std::vector<std::string> out;
    for (const std::string& id : FindByName(value, /*persons_only=*/false)) {
      if (type != rv1::ENTITY_TYPE_UNSPECIFIED) {
        absl::StatusOr<rv1::Entity> e = Summary(id);
        if (!e.ok() || e->type() != type) continue;
      }
      out.push_back(id);
    }
    return out;
  }

  // Documents whose title or text has every one of `words` (folded).
  std::set<std::string> DocsWithWords(const std::vector<std::string>& words) const {
    std::set<std::string> docs;
    for (size_t i = 0; i < words.size(); ++i) {
      std::vector<std::string> hits = IndexSuffixes(absl::StrCat("tx/", words[i], Nul()));
      std::set<std::string> hit_set(hits.begin(), hits.end());
      if (i == 0) {
        docs = std::move(hit_set);
      } else {
        std::set<std::string> both;
        std::set_intersection(docs.begin(), docs.end(), hit_set.begin(), hit_set.end(),
                              std::inserter(both, both.end()));
        docs = std::move(both);
      }
      if (docs.empty()) break;
    }
    return docs;
  }

  CitationCache Citations() const {
    return CitationCache([this](const std::vector<std::string>& ids,
                                std::vector<absl::Status>* statuses,
                                std::vector<store::CitedDocument>* documents) {
      std::vector<rocksdb::PinnableSlice> values;
      MultiGet(cf_->documents, ids, &values, statuses);
      documents->resize(ids.size());
      for (size_t i = 0; i < ids.size(); ++i) {
        if ((*statuses)[i].ok() &&
            !(*documents)[i].ParseFromArray(values[i].data(), static_cast<int>(values[i].size()))) {
          (*statuses)[i] = absl::DataLossError(
              absl::StrCat("corrupt record in ", cf_->documents->GetName()));
        }
      }
    });
  }

  // An existing person id as given, else the persons the name matches.
  std::vector<std::string> ResolvePerson(absl::string_view person) const {
    if (HasEntity(person)) return {std::string(person)};
    return FindByName(person, /*persons_only=*/true);
  }

 private:
  rocksdb::DB* db_;
  const Handles* cf_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  rocksdb::ReadOptions options_;
  mutable std::unique_ptr<rocksdb::Iterator> index_it_;  // see IndexSuffixes
};

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(const std::string& dir) {
  return Open(dir, Options());
}

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(const std::string& dir,
                                                               const Options& store_options) {
  if (dir.empty()) return absl::InvalidArgumentError("record store directory is empty");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return storage::StorageFailure(absl::StrCat("create record store directory ", dir),
                                   ec.message());
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // One memory budget for the whole store. With RocksDB's defaults each of
  // the seven column families may hold two 64 MiB memtables, and the index
  // and filter blocks of every table file stay in memory outside any cache,
  // so a busy store grew without bound. Here memtables (charged to the
  // cache) and index, filter and data blocks all live in one LRU cache.
  constexpr size_t kMemoryBudget = 256 << 20;
  constexpr size_t kMemtableBudget = 96 << 20;
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kMemoryBudget);
  options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(kMemtableBudget, cache);
  // A WAL file can only be dropped once every column family has flushed
  // what it holds, and the default family (two counters per put) never
  // fills a memtable on its own: without a bound the WAL grew to most of
  // the store. Past this size RocksDB flushes the families pinning it.
  // Each such flush writes small table files of every family, to be
  // compacted again; at 64 MiB that cost ~20% more CPU per put and slower
  // reads after a bulk load of 100k documents, at 256 MiB much less.
  options.max_total_wal_size = 256 << 20;
  rocksdb::ColumnFamilyOptions family;
  family.write_buffer_size = 16 << 20;
  family.max_write_buffer_number = 2;
  family.memtable_insert_with_hint_prefix_extractor = std::make_shared<UpToNulTransform>();
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Families read by whole key (a put reads the records of every document
  // reporting on its dates): a Bloom filter per table file lets a lookup
  // skip the files of other levels instead of searching their blocks. They
  // hold a few keys per document, so the filters cost little space; the
  // index, read by prefix, has none.
  rocksdb::ColumnFamilyOptions looked_up = family;
  rocksdb::BlockBasedTableOptions filtered = table;
  filtered.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  looked_up.table_factory.reset(rocksdb::NewBlockBasedTableFactory(filtered));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family);
  for (const char* name : kColumnFamilies) {
    const bool by_key = std::strcmp(name, "documents") == 0 ||
                        std::strcmp(name, "doc_records") == 0 || std::strcmp(name, "events") == 0;
    descriptors.emplace_back(name, by_key ? looked_up : family);
  }
  auto handles = std::make_unique<Handles>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, descriptors, &handles->all, &raw);
  if (!s.ok()) {
    return storage::StorageFailure(absl::StrCat("open record store at ", dir), s.ToString());
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  handles->default_cf = handles->all[0];
  handles->documents = handles->all[1];
  handles->doc_records = handles->all[2];
  handles->entities = handles->all[3];
  handles->events = handles->all[4];
  handles->offices = handles->all[5];
  handles->index = handles->all[6];

  std::string schema;
  rocksdb::Status g = db->Get(rocksdb::ReadOptions(), handles->default_cf, "schema", &schema);
  if (g.IsNotFound()) {
    rocksdb::WriteOptions w;
    w.sync = true;
    g = db->Put(w, handles->default_cf, "schema", kSchema);
    schema = kSchema;
  }
  if (g.ok() && schema == "1") {
    if (absl::Status m = MigrateEntities(db.get(), *handles); !m.ok()) {
      for (auto* h : handles->all) db->DestroyColumnFamilyHandle(h);
      return m;
    }
    schema = kSchema;
  }
  if (!g.ok() || schema != kSchema) {
    for (auto* h : handles->all) db->DestroyColumnFamilyHandle(h);
    return absl::FailedPreconditionError(absl::StrCat(
        "record store ", dir, " has an unknown schema \"", schema, "\" ", g.ToString()));
  }
  std::string index_version;
  g = db->Get(rocksdb::ReadOptions(), handles->default_cf, "index_version", &index_version);
  if (g.IsNotFound() || (g.ok() && index_version != kIndexVersion)) {
    if (absl::Status u = UpgradeIndex(db.get(), *handles); !u.ok()) {
      for (auto* h : handles->all) db->DestroyColumnFamilyHandle(h);
      return u;
    }
  } else if (!g.ok()) {
    for (auto* h : handles->all) db->DestroyColumnFamilyHandle(h);
    return absl::UnavailableError(absl::StrCat("record store ", dir, ": ", g.ToString()));
  }
  return std::unique_ptr<RecordStore>(
      new RecordStore(std::move(db), std::move(handles), store_options));
}

absl::Status RecordStore::MigrateEntities(rocksdb::DB* db, const Handles& cf) {
  // Schema 1 kept every document's contribution to an entity in one value
  // under the entity id (no NUL in the key); schema 2 splits it per
  // document and keeps its tally and summary beside it. One synced batch:
  // a crash leaves either store whole.
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf.entities));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    if (key.find('\0') != absl::string_view::npos) continue;  // already split
    store::StoredEntity stored;
    if (!stored.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt record in entities");
    }
    const std::string id(key);
    store::EntityTally tally;
    for (const store::EntityContribution& c : stored.contributions()) {
      batch.Put(cf.entities, EntityKey(id, c.doc()), c.SerializeAsString());
      AddToTally(c, 1, &tally);
    }
    batch.Delete(cf.entities, id);
    if (tally.contributions() > 0) {
      batch.Put(cf.index, TallyKey(id), tally.SerializeAsString());
      batch.Put(cf.index, SummaryKey(id), SummaryValue(MergeTally(id, tally)));
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "entities");
  batch.Put(cf.default_cf, "schema", kSchema);
  rocksdb::WriteOptions w;
  w.sync = true;
  return FromRocks(db->Write(w, &batch), "entity layout migration");
}

absl::Status RecordStore::UpgradeIndex(rocksdb::DB* db, const Handles& cf) {
  // Index keys are a function of the records, so adding every record's
  // keys again is idempotent; only the new kinds are actually new.
  rocksdb::WriteBatch batch;
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf.events));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rv1::Event e;
      if (!e.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in events");
      }
      for (const std::string& k : EventIndexKeys(e)) batch.Put(cf.index, k, "");
    }
    if (!it->status().ok()) return FromRocks(it->status(), "events");
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf.entities));
    absl::Status s = ForEachStoredEntity(it.get(), [&](store::StoredEntity& stored) {
      const rv1::Entity merged = MergeEntity(stored);
      for (const std::string& k : EntityIndexKeys(merged)) batch.Put(cf.index, k, "");
      batch.Put(cf.index, SummaryKey(merged.id()), SummaryValue(merged));
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf.offices));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rv1::Office o;
      if (!o.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in offices");
      }
      batch.Put(cf.index, OfficeRoleKey(o, it->key().ToString()), it->value());
    }
    if (!it->status().ok()) return FromRocks(it->status(), "offices");
  }
  {
    // Postings and their statistics, from scratch: stores before version 3
    // have none.
    int64_t docs = 0, tokens = 0;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf.documents));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rv1::Document d;
      if (!d.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in documents");
      }
      const std::map<std::string, int> tf = DocumentTerms(d);
      const int length = TermCount(tf);
      for (const auto& [term, n] : tf) {
        batch.Put(cf.index, PostingKey(term, d.id()), PostingValue(n, length));
      }
      ++docs;
      tokens += length;
    }
    if (!it->status().ok()) return FromRocks(it->status(), "documents");
    batch.Put(cf.default_cf, "fts_docs", absl::StrCat(docs));
    batch.Put(cf.default_cf, "fts_tokens", absl::StrCat(tokens));
  }
  batch.Put(cf.default_cf, "index_version", kIndexVersion);
  rocksdb::WriteOptions w;
  w.sync = true;
  return FromRocks(db->Write(w, &batch), "index upgrade");
}

RecordStore::RecordStore(std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles,
                         Options options)
    : db_(std::move(db)), cf_(std::move(handles)), options_(options) {}

RecordStore::~RecordStore() {
  absl::MutexLock lock(&write_mutex_);
  for (auto* h : cf_->all) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

namespace {

// Index maintenance on a batch.
void PutIndexKeys(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* index,
                  const std::set<std::string>& keys) {
  for (const std::string& k : keys) batch.Put(index, k, "");
}
void DeleteIndexKeys(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* index,
                     const std::set<std::string>& keys) {
  for (const std::string& k : keys) batch.Delete(index, k);
}

template <typename T>
std::set<T> Minus(const std::set<T>& a, const std::set<T>& b) {
  std::set<T> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

}  // namespace

namespace {

// "person:aset-nur" for "person:aset-nur.mn" (a namesake's id); other ids
// unchanged.
std::string PersonBase(const std::string& id) {
  const size_t n = id.size();
  if (n > 3 && id[n - 3] == '.' && absl::ascii_islower(static_cast<unsigned char>(id[n - 2])) &&
      absl::ascii_islower(static_cast<unsigned char>(id[n - 1]))) {
    return id.substr(0, n - 3);
  }
  return id;
}

// Points every reference of `records` at the new ids.
void RenameEntities(const std::map<std::string, std::string>& renamed,
                    rv1::DocumentRecords& records) {
  auto rename = [&](std::string* id) {
    if (auto it = renamed.find(*id); it != renamed.end()) *id = it->second;
  };
  for (rv1::Entity& e : *records.mutable_entities()) {
    rename(e.mutable_id());
    rename(e.mutable_key());
  }
  for (rv1::Event& e : *records.mutable_events()) {
    if (e.has_location()) rename(e.mutable_location());
    for (rv1::Participant& p : *e.mutable_participants()) rename(p.mutable_entity());
  }
  for (rv1::Office& o : *records.mutable_offices()) rename(o.mutable_person());
}

}  // namespace

absl::StatusOr<RecordStore::PutResult> RecordStore::PutDocumentRecords(
    const rv1::DocumentRecords& records) {
  absl::StatusOr<rv1::DocumentRecords> contribution = Globalize(records);
  if (!contribution.ok()) return contribution.status();
  const std::string doc = contribution->document().id();

  absl::MutexLock lock(&write_mutex_);
  // This is the only writer, so the latest state is a consistent view.
  Reader view(db_.get(), cf_.get(), /*pin=*/false);

  rv1::DocumentRecords old;
  if (absl::Status s = view.GetProto(cf_->doc_records, doc, &old);
      !s.ok() && !absl::IsNotFound(s)) {
    return s;
  }
  std::map<std::string, std::map<std::string, std::string>> moves;
  if (absl::Status s = SeparateNamesakes(view, doc, old, *contribution, &moves); !s.ok()) {
    return s;
  }
  // Other documents whose namesakes change ids are put again first, each in
  // its own write: every intermediate state is a valid store.
  for (const auto& [other, renamed] : moves) {
    rv1::DocumentRecords theirs;
    if (absl::Status s = view.GetProto(cf_->doc_records, other, &theirs); !s.ok()) return s;
    rv1::DocumentRecords before = theirs;
    if (absl::Status s = view.GetProto(cf_->documents, other, theirs.mutable_document()); !s.ok()) {
      return s;
    }
    RenameEntities(renamed, theirs);
    absl::StatusOr<PutResult> moved = Stage(view, other, before, std::move(theirs));
    if (!moved.ok()) return moved.status();
  }
  return Stage(view, doc, old, *std::move(contribution));
}

absl::StatusOr<RecordStore::PutResult> RecordStore::Stage(const Reader& view,
                                                          const std::string& doc,
                                                          const rv1::DocumentRecords& old,
                                                          rv1::DocumentRecords contribution) {
  rocksdb::WriteBatch batch;
  if (absl::Status s = StageEntities(view, doc, old, contribution, batch); !s.ok()) return s;
  if (absl::Status s = StageEvents(view, doc, old, contribution, batch); !s.ok()) return s;
  StageOffices(doc, old, contribution, batch);
  if (absl::Status s = StageText(view, contribution.document(), batch); !s.ok()) return s;

  batch.Put(cf_->documents, doc, contribution.document().SerializeAsString());
  const std::string duplicate_of = contribution.document().duplicate_of();
  rv1::DocumentRecords kept = std::move(contribution);
  kept.mutable_document()->Clear();
  kept.mutable_document()->set_id(doc);
  // Kept for merging: near duplicates are evidence of one event.
  if (!duplicate_of.empty()) kept.mutable_document()->set_duplicate_of(duplicate_of);
  batch.Put(cf_->doc_records, doc, kept.SerializeAsString());

  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  absl::Status written = FromRocks(db_->Write(write_options, &batch), "write");
  view.Refresh();
  if (!written.ok()) return written;

  PutResult result;
  result.document_id = doc;
  result.entity_count = kept.entities_size();
  result.event_count = kept.events_size();
  return result;
}

absl::Status RecordStore::SeparateNamesakes(
    const Reader& view, const std::string& doc, const rv1::DocumentRecords& old,
    rv1::DocumentRecords& next, std::map<std::string, std::map<std::string, std::string>>* moves) {
  // Name keys this put touches, before or after.
  std::set<std::string> bases;
  const rv1::DocumentRecords& now = next;
  for (const rv1::DocumentRecords* r : {&old, &now}) {
    for (const rv1::Entity& e : r->entities()) {
      if (IsPerson(e) && e.id().find('@') == std::string::npos) bases.insert(PersonBase(e.id()));
    }
  }
  std::map<std::string, std::string> renamed;  // for `next`
  for (const std::string& base : bases) {
    // Every person contribution under this key: document, id, country.
    struct Seen {
      std::string doc, id, country;
    };
    std::vector<Seen> seen;
    // The countries under this key, from the tallies: when this put leaves
    // them unchanged, no other document's ids change (they were chosen for
    // the same set), so only this document's contributions are placed and
    // the other documents' contributions are not read at all.
    std::map<std::string, int> tallied;  // country -> contributions
    {
      const std::string prefix = TallyKey(base);
      std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->index);
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        const std::string id = it->key().ToString().substr(prefix.size() - base.size());
        if (PersonBase(id) != base) continue;
        store::EntityTally tally;
        if (!tally.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
          return absl::DataLossError("corrupt entity tally");
        }
        for (const auto& c : tally.countries()) tallied[c.key()] += c.count();
      }
      if (!it->status().ok()) return FromRocks(it->status(), "index");
    }
    std::set<std::string> before, after;
    for (const auto& [country, n] : tallied) {
      if (n > 0) before.insert(country);
    }
    for (const rv1::Entity& e : old.entities()) {
      if (PersonBase(e.id()) != base) continue;
      std::string bytes;
      absl::Status s = view.Get(cf_->entities, EntityKey(e.id(), doc), &bytes);
      if (absl::IsNotFound(s)) continue;
      if (!s.ok()) return s;
      store::EntityContribution c;
      if (!c.ParseFromString(bytes)) return absl::DataLossError("corrupt record in entities");
      if (c.has_country() && !c.country().empty()) --tallied[c.country()];
    }
    for (const auto& [country, n] : tallied) {
      if (n > 0) after.insert(country);
    }
    for (const rv1::Entity& e : next.entities()) {
      if (IsPerson(e) && e.id().find('@') == std::string::npos && PersonBase(e.id()) == base &&
          e.has_country() && !e.country().empty()) {
        after.insert(e.country());
      }
    }
    if (before != after) {
      std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->entities);
      for (it->Seek(base); it->Valid() && it->key().starts_with(base); it->Next()) {
        const absl::string_view key(it->key().data(), it->key().size());
        const size_t nul = key.find('\0');
        if (nul == absl::string_view::npos) {
          return absl::DataLossError("entity key without a document");
        }
        const std::string id(key.substr(0, nul));
        if (PersonBase(id) != base) continue;
        if (key.substr(nul + 1) == doc) continue;
        store::EntityContribution c;
        if (!c.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
          return absl::DataLossError("corrupt record in entities");
        }
        seen.push_back({c.doc(), id, c.has_country() ? c.country() : ""});
      }
      if (!it->status().ok()) return FromRocks(it->status(), "entities");
    }
    for (const rv1::Entity& e : next.entities()) {
      if (IsPerson(e) && e.id().find('@') == std::string::npos && PersonBase(e.id()) == base) {
        seen.push_back({doc, e.id(), e.has_country() ? e.country() : ""});
      }
    }
    std::set<std::string> countries = after;
    if (before != after) {
      countries.clear();
      for (const Seen& s : seen) {
        if (!s.country.empty()) countries.insert(s.country);
      }
    }
    for (const Seen& s : seen) {
      std::string target = base;
      if (countries.size() > 1 && !s.country.empty() && s.country != *countries.begin()) {
        target = absl::StrCat(base, ".", absl::AsciiStrToLower(s.country));
      }
      if (target == s.id) continue;
      if (s.doc == doc) {
        renamed[s.id] = target;
      } else {
        (*moves)[s.doc][s.id] = target;
      }
    }
  }
  if (!renamed.empty()) RenameEntities(renamed, next);
  return absl::OkStatus();
}

absl::Status RecordStore::StageEntities(const Reader& view, const std::string& doc,
                                        const rv1::DocumentRecords& old,
                                        const rv1::DocumentRecords& next,
                                        rocksdb::WriteBatch& batch) {
  std::map<std::string, const rv1::Entity*> added;
  for (const rv1::Entity& e : next.entities()) added[e.id()] = &e;
  std::set<std::string> touched;
  for (const rv1::Entity& e : old.entities()) touched.insert(e.id());
  for (const auto& [id, e] : added) touched.insert(id);

  for (const std::string& id : touched) {
    absl::StatusOr<store::EntityTally> tally = view.Tally(id);
    if (!tally.ok()) return tally.status();
    const std::string tally_before = tally->SerializeAsString();
    const bool existed = tally->contributions() > 0;
    const rv1::Entity merged_before = MergeTally(id, *tally);

    // Withdraw what this document said before, add what it says now.
    const std::string key = EntityKey(id, doc);
    std::string stored_bytes;
    absl::Status s = view.Get(cf_->entities, key, &stored_bytes);
    if (!s.ok() && !absl::IsNotFound(s)) return s;
    const bool had = s.ok();
    if (had) {
      store::EntityContribution previous;
      if (!previous.ParseFromString(stored_bytes)) {
        return absl::DataLossError("corrupt record in entities");
      }
      AddToTally(previous, -1, &*tally);
    }
    if (auto it = added.find(id); it != added.end()) {
      const store::EntityContribution c = ContributionOf(*it->second, doc);
      AddToTally(c, 1, &*tally);
      std::string bytes = c.SerializeAsString();
      if (!had || bytes != stored_bytes) batch.Put(cf_->entities, key, bytes);
    } else if (had) {
      batch.Delete(cf_->entities, key);
    }

    const bool exists = tally->contributions() > 0;
    rv1::Entity merged = MergeTally(id, *tally);
    if (!exists) {
      if (existed) {
        batch.Delete(cf_->index, TallyKey(id));
        batch.Delete(cf_->index, SummaryKey(id));
      }
    } else {
      std::string tally_after = tally->SerializeAsString();
      if (tally_after != tally_before) batch.Put(cf_->index, TallyKey(id), tally_after);
      std::string summary = SummaryValue(merged);
      if (!existed || summary != SummaryValue(merged_before)) {
        batch.Put(cf_->index, SummaryKey(id), summary);
      }
    }
    // Index keys are a function of the spellings and of being a person;
    // most puts change neither, and computing them (transliteration, name
    // keys) costs more than the rest of the entity's update.
    if (existed && exists && merged.name() == merged_before.name() &&
        IsPerson(merged) == IsPerson(merged_before) &&
        std::equal(merged.aliases().begin(), merged.aliases().end(),
                   merged_before.aliases().begin(), merged_before.aliases().end())) {
      continue;
    }
    const std::set<std::string> old_keys =
        existed ? EntityIndexKeys(merged_before) : std::set<std::string>();
    const std::set<std::string> new_keys =
        exists ? EntityIndexKeys(merged) : std::set<std::string>();
    DeleteIndexKeys(batch, cf_->index, Minus(old_keys, new_keys));
    PutIndexKeys(batch, cf_->index, Minus(new_keys, old_keys));
  }
  return absl::OkStatus();
}

absl::Status RecordStore::StageEvents(const Reader& view, const std::string& doc,
                                      const rv1::DocumentRecords& old,
                                      const rv1::DocumentRecords& next,
                                      rocksdb::WriteBatch& batch) {
  // Re-merging a date withdraws every event of that date and puts the
  // merged ones back, mostly unchanged. The operations are netted here, in
  // order (the last one on a key wins), and only real changes reach the
  // batch at the end: no tombstone and new version for every key of every
  // unchanged event, which would slow every later scan until compaction.
  //
  // Every index key of an event ends with its sort key, which holds its id,
  // so the keys of different events never meet and each id's keys can be
  // netted on their own: an event stored again with the same bytes has
  // the same keys, and neither version needs decoding.
  std::map<std::string, std::string> stored_events;  // id -> bytes as stored
  std::map<std::string, std::optional<std::string>> event_ops;  // id -> final value
  auto delete_event = [&](const std::string& id) -> absl::Status {
    std::string bytes;
    absl::Status s = view.Get(cf_->events, id, &bytes);
    if (absl::IsNotFound(s)) return absl::OkStatus();
    if (!s.ok()) return s;
    stored_events[id] = std::move(bytes);
    event_ops[id] = std::nullopt;
    return absl::OkStatus();
  };
  auto put_event = [&](const rv1::Event& e) { event_ops[e.id()] = e.SerializeAsString(); };
  auto apply_event_ops = [&]() -> absl::Status {
    for (const auto& [id, value] : event_ops) {
      auto stored = stored_events.find(id);
      if (stored != stored_events.end() && value.has_value() && stored->second == *value) {
        continue;  // unchanged: the event and its keys stay as they are
      }
      std::set<std::string> stored_keys;
      if (stored != stored_events.end()) {
        rv1::Event e;
        if (!e.ParseFromString(stored->second)) {
          return absl::DataLossError("corrupt record in events");
        }
        stored_keys = EventIndexKeys(e);
      }
      std::set<std::string> new_keys;
      if (value.has_value()) {
        rv1::Event e;
        if (!e.ParseFromString(*value)) return absl::InternalError("event does not reparse");
        new_keys = EventIndexKeys(e);
        batch.Put(cf_->events, id, *value);
      } else {
        batch.Delete(cf_->events, id);
      }
      DeleteIndexKeys(batch, cf_->index, Minus(stored_keys, new_keys));
      PutIndexKeys(batch, cf_->index, Minus(new_keys, stored_keys));
    }
    return absl::OkStatus();
  };
  // Every document's records as they will be after this put; each read
  // and parsed once per put (a document reporting on several touched
  // dates is a member of each of their buckets).
  // Only their events and duplicate links are read, so entities and
  // offices are not decoded.
  store::DocumentEvents next_events;
  next_events.mutable_document()->set_id(doc);
  next_events.mutable_document()->set_duplicate_of(next.document().duplicate_of());
  *next_events.mutable_events() = next.events();
  std::map<std::string, store::DocumentEvents> loaded;
  auto records_of = [&](const std::string& d) -> absl::StatusOr<const store::DocumentEvents*> {
    if (d == doc) return &next_events;
    auto it = loaded.find(d);
    if (it != loaded.end()) return &it->second;
    store::DocumentEvents r;
    absl::Status s = view.GetProto(cf_->doc_records, d, &r);
    if (!s.ok() && !absl::IsNotFound(s)) return s;
    return &loaded.emplace(d, std::move(r)).first->second;
  };
  // Documents that are near duplicates of `d` or share its original.
  auto relatives = [&](const std::string& d, const std::string& original) {
    std::set<std::string> out;
    const std::string root = original.empty() ? d : original;
    out.insert(root);
    for (std::string& x : view.IndexSuffixes(absl::StrCat("dup/", root, Nul()))) {
      out.insert(std::move(x));
    }
    out.erase(doc);  // the index holds its old link; use the new one
    if (next.document().duplicate_of() == root || doc == root) out.insert(doc);
    out.erase(d);
    return out;
  };
  // Undated reports of `d` that join a dated report elsewhere: local id ->
  // the one date they join (see UndatedJoins; ambiguous ones stay undated).
  auto attachments_of =
      [&](const std::string& d,
          const store::DocumentEvents& r) -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    std::set<std::string> related;
    bool have_related = false;
    for (const rv1::Event& u : r.events()) {
      if (u.has_date()) continue;
      if (!have_related) {
        related = relatives(d, r.document().duplicate_of());
        have_related = true;
      }
      std::set<std::string> candidates = related;
      if (u.participants_size() > 0) {
        const std::string prefix = absl::StrCat("ev/p/", u.participants(0).entity(), Nul());
        for (const std::string& sort_key : view.IndexSuffixes(prefix)) {
          const size_t nul = sort_key.find('\0');
          if (nul == std::string::npos || sort_key.substr(0, nul) == kUndatedSortDate) continue;
          rv1::Event merged;
          absl::Status s = view.GetProto(cf_->events, sort_key.substr(nul + 1), &merged);
          if (absl::IsNotFound(s)) continue;
          if (!s.ok()) return s;
          candidates.insert(merged.docs().begin(), merged.docs().end());
        }
        candidates.insert(doc);  // its new reports are not indexed yet
      }
      candidates.erase(d);
      const EventReport undated{d, u, r.document().duplicate_of()};
      std::set<std::string> dates;
      for (const std::string& y : candidates) {
        absl::StatusOr<const store::DocumentEvents*> theirs = records_of(y);
        if (!theirs.ok()) return theirs.status();
        for (const rv1::Event& e : (*theirs)->events()) {
          if (e.has_date() && UndatedJoins(undated, {y, e, (*theirs)->document().duplicate_of()})) {
            dates.insert(e.date());
          }
        }
      }
      if (dates.size() == 1) out[u.id()] = *dates.begin();
    }
    return out;
  };
  auto stored_attachments = [&](const std::string& d) {
    std::map<std::string, std::string> out;
    const std::string prefix = absl::StrCat("ev/a/", d, Nul());
    for (const std::string& local : view.IndexSuffixes(prefix)) {
      std::string date;
      if (view.Get(cf_->index, prefix + local, &date).ok()) out[local] = date;
    }
    return out;
  };

  // Index of undated reports by participant and of near-duplicate links,
  // so a later dated report finds the undated ones it may absorb.
  auto link_keys = [&](const rv1::DocumentRecords& r) {
    std::set<std::string> keys;
    for (const rv1::Event& e : r.events()) {
      if (e.has_date()) continue;
      for (const rv1::Participant& p : e.participants()) {
        keys.insert(absl::StrCat("ev/u/", p.entity(), Nul(), doc));
      }
    }
    if (!r.document().duplicate_of().empty()) {
      keys.insert(absl::StrCat("dup/", r.document().duplicate_of(), Nul(), doc));
    }
    return keys;
  };
  {
    const std::set<std::string> old_keys = link_keys(old), new_keys = link_keys(next);
    DeleteIndexKeys(batch, cf_->index, Minus(old_keys, new_keys));
    PutIndexKeys(batch, cf_->index, Minus(new_keys, old_keys));
  }

  // Documents whose undated reports may join or leave this document's
  // dated reports (before or after), and this document itself.
  std::set<std::string> affected = {doc};
  for (const rv1::DocumentRecords* r : {&old, &next}) {
    for (const rv1::Event& e : r->events()) {
      if (!e.has_date()) continue;
      for (const rv1::Participant& p : e.participants()) {
        for (std::string& x : view.IndexSuffixes(absl::StrCat("ev/u/", p.entity(), Nul()))) {
          affected.insert(std::move(x));
        }
      }
    }
    for (const std::string& x : relatives(doc, r->document().duplicate_of())) affected.insert(x);
  }

  std::set<std::string> dates;
  std::map<std::string, std::map<std::string, std::string>> attached;  // doc -> local -> date
  for (const std::string& x : affected) {
    absl::StatusOr<const store::DocumentEvents*> loaded_records = records_of(x);
    if (!loaded_records.ok()) return loaded_records.status();
    const store::DocumentEvents* records = *loaded_records;
    absl::StatusOr<std::map<std::string, std::string>> now = attachments_of(x, *records);
    if (!now.ok()) return now.status();
    const std::map<std::string, std::string> before = stored_attachments(x);
    for (const auto& [local, date] : before) {
      dates.insert(date);
      batch.Delete(cf_->index, absl::StrCat("ev/a/", x, Nul(), local));
    }
    for (const auto& [local, date] : *now) {
      dates.insert(date);
      batch.Put(cf_->index, absl::StrCat("ev/a/", x, Nul(), local), date);
    }
    // Undated events standing alone: withdrawn, then re-put unless attached
    // (this document's old ones all go; its new ones come from `next`).
    if (x == doc) {
      for (const rv1::Event& e : old.events()) {
        if (e.has_date()) continue;
        if (absl::Status s = delete_event(UndatedEventId(doc, e.id())); !s.ok()) return s;
      }
    }
    for (const rv1::Event& e : records->events()) {
      if (e.has_date()) continue;
      const bool was = before.count(e.id()) > 0, is = now->count(e.id()) > 0;
      if (is && (x == doc || !was)) {
        if (x != doc) {
          if (absl::Status s = delete_event(UndatedEventId(x, e.id())); !s.ok()) return s;
        }
      } else if (!is && (x == doc || was)) {
        for (const rv1::Event& alone :
             MergeEventReports({{x, e, records->document().duplicate_of()}})) {
          put_event(alone);
        }
      }
    }
    attached[x] = *std::move(now);
  }
  for (const rv1::DocumentRecords* r : {&old, &next}) {
    for (const rv1::Event& e : r->events()) {
      if (e.has_date()) dates.insert(e.date());
    }
  }

  // Every date touched (this document's, before or after, and the dates
  // undated reports joined or left) is re-merged from all documents
  // reporting events on that date: deletes first, then the new events
  // (netted by apply_event_ops, so a re-put key survives).
  for (const std::string& date : dates) {
    const std::string bucket = absl::StrCat("ev/b/", date, Nul());
    std::set<std::string> members;
    for (std::string& d : view.IndexSuffixes(bucket)) members.insert(std::move(d));
    for (const auto& [x, locals] : attached) {
      members.insert(x);  // affected: decided below from their new state
    }
    std::vector<EventReport> reports;
    std::vector<std::string> borrowed_ids;
    for (const std::string& member : members) {
      absl::StatusOr<const store::DocumentEvents*> loaded_theirs = records_of(member);
      if (!loaded_theirs.ok()) return loaded_theirs.status();
      const store::DocumentEvents* theirs = *loaded_theirs;
      auto it = attached.find(member);
      // Only undated reports join a date, so the stored joins are read for
      // members that have some (most have none).
      std::optional<std::map<std::string, std::string>> stored_joins;
      auto joins_of = [&]() -> const std::map<std::string, std::string>& {
        if (it != attached.end()) return it->second;
        if (!stored_joins.has_value()) stored_joins = stored_attachments(member);
        return *stored_joins;
      };
      bool reported = false;
      for (const rv1::Event& e : theirs->events()) {
        const std::string& dup = theirs->document().duplicate_of();
        if (e.has_date()) {
          if (e.date() != date) continue;
          reports.push_back({member, e, dup});
        } else {
          const std::map<std::string, std::string>& joins = joins_of();
          auto j = joins.find(e.id());
          if (j == joins.end() || j->second != date) continue;
          EventReport r{member, e, dup, /*borrowed_date=*/true};
          r.event.set_date(date);
          reports.push_back(std::move(r));
          borrowed_ids.push_back(UndatedEventId(member, e.id()));
        }
        reported = true;
      }
      if (it != attached.end()) {
        if (reported) {
          batch.Put(cf_->index, absl::StrCat(bucket, member), "");
        } else {
          batch.Delete(cf_->index, absl::StrCat(bucket, member));
        }
      }
    }
    for (const std::string& id : view.IndexSuffixes(absl::StrCat("ev/d/", date, Nul()))) {
      if (absl::Status s = delete_event(id); !s.ok()) return s;
    }
    for (const std::string& id : borrowed_ids) {
      if (absl::Status s = delete_event(id); !s.ok()) return s;
    }
    for (const rv1::Event& e : MergeEventReports(std::move(reports))) put_event(e);
  }
  return apply_event_ops();
}

absl::Status RecordStore::StageText(const Reader& view, const rv1::Document& document,
                                    rocksdb::WriteBatch& batch) {
  rv1::Document previous;
  absl::Status s = view.GetProto(cf_->documents, document.id(), &previous);
  if (!s.ok() && !absl::IsNotFound(s)) return s;
  const std::set<std::string> old_words =
      s.ok() ? SearchableWords(previous) : std::set<std::string>();
  const std::set<std::string> new_words = SearchableWords(document);
  for (const std::string& w : Minus(old_words, new_words)) {
    batch.Delete(cf_->index, TextKey(w, document.id()));
  }
  for (const std::string& w : Minus(new_words, old_words)) {
    batch.Put(cf_->index, TextKey(w, document.id()), "");
  }

  // Full-text postings carry the document's length, so every posting is
  // rewritten when the text changes at all; an unchanged text (a re-put
  // after re-extraction) writes nothing.
  const std::map<std::string, int> old_tf =
      s.ok() ? DocumentTerms(previous) : std::map<std::string, int>();
  const std::map<std::string, int> new_tf = DocumentTerms(document);
  if (s.ok() && old_tf == new_tf) return absl::OkStatus();
  const int old_length = TermCount(old_tf), new_length = TermCount(new_tf);
  for (const auto& [term, n] : old_tf) {
    if (new_tf.count(term) == 0) batch.Delete(cf_->index, PostingKey(term, document.id()));
  }
  for (const auto& [term, n] : new_tf) {
    batch.Put(cf_->index, PostingKey(term, document.id()), PostingValue(n, new_length));
  }
  int64_t docs = 0, tokens = 0;
  std::string value;
  if (view.Get(cf_->default_cf, "fts_docs", &value).ok()) (void)absl::SimpleAtoi(value, &docs);
  if (view.Get(cf_->default_cf, "fts_tokens", &value).ok()) (void)absl::SimpleAtoi(value, &tokens);
  if (!s.ok()) ++docs;
  tokens += new_length - old_length;
  batch.Put(cf_->default_cf, "fts_docs", absl::StrCat(docs));
  batch.Put(cf_->default_cf, "fts_tokens", absl::StrCat(std::max<int64_t>(tokens, 0)));
  return absl::OkStatus();
}

void RecordStore::StageOffices(const std::string& doc, const rv1::DocumentRecords& old,
                               const rv1::DocumentRecords& next, rocksdb::WriteBatch& batch) {
  for (int i = 0; i < old.offices_size(); ++i) {
    const std::string key = OfficeKey(old.offices(i).person(), doc, i);
    batch.Delete(cf_->offices, key);
    batch.Delete(cf_->index, OfficeRoleKey(old.offices(i), key));
  }
  for (int i = 0; i < next.offices_size(); ++i) {
    const rv1::Office& o = next.offices(i);
    const std::string key = OfficeKey(o.person(), doc, i);
    const std::string value = o.SerializeAsString();
    batch.Put(cf_->offices, key, value);
    batch.Put(cf_->index, OfficeRoleKey(o, key), value);
  }
}

absl::StatusOr<rv1::Event> RecordStore::GetEvent(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("event_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  rv1::Event e;
  absl::Status s = view.GetProto(cf_->events, id, &e);
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no event \"", QuotableId(id), "\""));
  if (!s.ok()) return s;
  return e;
}

absl::StatusOr<rv1::Entity> RecordStore::GetEntity(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("entity_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  absl::StatusOr<rv1::Entity> e = view.Entity(id);
  if (absl::IsNotFound(e.status())) {
    return absl::NotFoundError(absl::StrCat("no entity \"", QuotableId(id), "\""));
  }
  return e;
}

absl::StatusOr<rv1::Document> RecordStore::GetDocument(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("document_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  rv1::Document d;
  absl::Status s = view.GetProto(cf_->documents, id, &d);
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no document \"", QuotableId(id), "\""));
  if (!s.ok()) return s;
  return d;
}

absl::StatusOr<std::vector<rv1::Entity>> RecordStore::FindEntities(absl::string_view name,
                                                                   rv1::EntityType type) const {
  if (absl::StripAsciiWhitespace(name).empty()) {
    return absl::InvalidArgumentError("name is empty");
  }
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  std::vector<rv1::Entity> out;
  for (const std::string& id : view.FindByName(name, type == rv1::ENTITY_TYPE_PERSON)) {
    absl::StatusOr<rv1::Entity> e = view.Summary(id);
    if (absl::IsNotFound(e.status())) continue;
    if (!e.ok()) return e.status();
    if (type != rv1::ENTITY_TYPE_UNSPECIFIED && e->type() != type) continue;
    e->clear_mentions();
    out.push_back(*std::move(e));
  }
  return out;
}

namespace {

// A validated ListEventsRequest.
struct EventQuery {
  int page_size = kDefaultPageSize;
  std::vector<std::string> countries;  // upper case, sorted, unique
  bool any_country = false;            // COUNTRY_MATCH_ANY
  std::string person;
  std::string organization, place;     // ids or names
  rv1::EventType type = rv1::EVENT_TYPE_UNSPECIFIED;
  std::string series;                  // folded
  std::vector<std::string> text_words; // folded
  std::string from, to;      // partial dates or empty
  uint64_t fingerprint = 0;  // of the filters, binds page tokens to them
  // Where the scan starts: after `start` when resuming from a token, else
  // at it.
  std::string start;
  bool resume = false;
};

absl::StatusOr<EventQuery> ParseEventQuery(const qv1::ListEventsRequest& request) {
  EventQuery q;
  if (request.page_size() < 0) {
    return absl::InvalidArgumentError("page_size must not be negative");
  }
  if (request.page_size() > 0) q.page_size = std::min(request.page_size(), kMaxPageSize);
  std::set<std::string> countries;
  for (const std::string& c : request.countries()) {
    absl::StatusOr<std::string> upper = CountryCode(c);
    if (!upper.ok()) return upper.status();
    countries.insert(*std::move(upper));
  }
  q.countries.assign(countries.begin(), countries.end());
  q.from = std::string(absl::StripAsciiWhitespace(request.from_date()));
  q.to = std::string(absl::StripAsciiWhitespace(request.to_date()));
  for (const std::string* d : {&q.from, &q.to}) {
    if (!d->empty() && !IsPartialDate(*d)) {
      return absl::InvalidArgumentError(
          absl::StrCat("date \"", *d, "\" is not YYYY, YYYY-MM or YYYY-MM-DD"));
    }
  }
  if (!q.from.empty() && !q.to.empty() && LowEnd(q.from) > HighEnd(q.to)) {
    return absl::InvalidArgumentError(
        absl::StrCat("from_date ", q.from, " is after to_date ", q.to));
  }
  q.person = std::string(absl::StripAsciiWhitespace(request.person()));
  q.any_country = request.country_match() == qv1::COUNTRY_MATCH_ANY;
  q.organization = std::string(absl::StripAsciiWhitespace(request.organization()));
  q.place = std::string(absl::StripAsciiWhitespace(request.place()));
  if (!qv1::CountryMatch_IsValid(request.country_match())) {
    return absl::InvalidArgumentError("country_match is not a known value");
  }
  if (!rv1::EventType_IsValid(request.type())) {
    return absl::InvalidArgumentError("type is not a known event type");
  }
  q.type = request.type();
  q.series = text::Fold(absl::StripAsciiWhitespace(request.series()));
  q.text_words = QueryWords(request.text());
  if (!absl::StripAsciiWhitespace(request.text()).empty() && q.text_words.empty()) {
    return absl::InvalidArgumentError("text has no words");
  }
  std::string filters = absl::StrCat("v1\x1f", absl::StrJoin(q.countries, ","), "\x1f", q.person,
                                     "\x1f", q.from, "\x1f", q.to);
  // v1.1 filters join the fingerprint only when given, so tokens of v1
  // requests stay valid.
  if (q.any_country || !q.organization.empty() || !q.place.empty() ||
      q.type != rv1::EVENT_TYPE_UNSPECIFIED || !q.series.empty() || !q.text_words.empty()) {
    absl::StrAppend(&filters, "\x1fv1.1\x1f", q.any_country ? "any" : "all", "\x1f",
                    q.organization, "\x1f", q.place, "\x1f", static_cast<int>(q.type), "\x1f",
                    q.series, "\x1f", absl::StrJoin(q.text_words, " "));
  }
  q.fingerprint = Fingerprint(filters);

  if (!request.page_token().empty()) {
    std::string bytes;
    store::PageToken token;
    if (!absl::WebSafeBase64Unescape(request.page_token(), &bytes) ||
        !token.ParseFromString(bytes) || token.last_sort_key().empty()) {
      return absl::InvalidArgumentError("page_token is malformed");
    }
    if (token.filter_fingerprint() != q.fingerprint) {
      return absl::InvalidArgumentError(
          "page_token was issued for different filters; repeat the original filters or "
          "start without a token");
    }
    q.start = token.last_sort_key();
    q.resume = true;
  } else if (!q.from.empty()) {
    q.start = q.from.substr(0, 4);  // a year-only date overlaps any bound in that year
  }
  return q;
}

}  // namespace

absl::StatusOr<qv1::ListEventsResponse> RecordStore::ListEvents(
    const qv1::ListEventsRequest& request) const {
  absl::StatusOr<EventQuery> parsed = ParseEventQuery(request);
  if (!parsed.ok()) return parsed.status();
  const EventQuery& q = *parsed;

  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  qv1::ListEventsResponse response;

  // Every filter given is resolved to what an event must have; the most
  // selective index among them drives the scan, the others are checked on
  // each event it yields.
  std::optional<std::set<std::string>> persons, organizations, places, text_docs;
  if (!q.person.empty()) {
    const std::vector<std::string> ids = view.ResolvePerson(q.person);
    persons.emplace(ids.begin(), ids.end());
    if (persons->empty()) return response;
  }
  if (!q.organization.empty()) {
    const std::vector<std::string> ids =
        view.ResolveEntity(q.organization, rv1::ENTITY_TYPE_ORGANIZATION);
    organizations.emplace(ids.begin(), ids.end());
    if (organizations->empty()) return response;
  }
  if (!q.place.empty()) {
    const std::vector<std::string> ids = view.ResolveEntity(q.place, rv1::ENTITY_TYPE_UNSPECIFIED);
    places.emplace(ids.begin(), ids.end());
    if (places->empty()) return response;
  }
  if (!q.text_words.empty()) {
    text_docs = view.DocsWithWords(q.text_words);
    if (text_docs->empty()) return response;
  }

  std::vector<std::string> prefixes;
  auto prefixes_of = [&](const char* kind, const std::set<std::string>& ids) {
    for (const std::string& id : ids) prefixes.push_back(absl::StrCat(kind, id, Nul()));
  };
  if (persons) {
    prefixes_of("ev/p/", *persons);
  } else if (organizations) {
    prefixes_of("ev/p/", *organizations);
  } else if (places) {
    prefixes_of("ev/l/", *places);
  } else if (!q.countries.empty()) {
    if (q.any_country) {
      prefixes_of("ev/c/", std::set<std::string>(q.countries.begin(), q.countries.end()));
    } else if (q.countries.size() >= 2) {
      // Any pair of the requested countries narrows as much as a country
      // pair can; the rest are checked per event.
      prefixes.push_back(absl::StrCat("ev/cc/", q.countries[0], "-", q.countries[1], Nul()));
    } else {
      prefixes.push_back(absl::StrCat("ev/c/", q.countries.front(), Nul()));
    }
  } else if (!q.series.empty()) {
    prefixes.push_back(absl::StrCat("ev/s/", q.series, Nul()));
  } else if (q.type != rv1::EVENT_TYPE_UNSPECIFIED) {
    prefixes.push_back(absl::StrCat("ev/t/", records::EventTypeCode(q.type), Nul()));
  } else {
    prefixes.push_back("ev/d/");
  }
  auto has_participant = [](const rv1::Event& e, const std::set<std::string>& ids) {
    for (const rv1::Participant& p : e.participants()) {
      if (ids.count(p.entity())) return true;
    }
    return false;
  };
  auto keep = [&](const rv1::Event& e) {
    if (!q.countries.empty()) {
      const std::set<std::string> involved = InvolvedCountries(e);
      if (q.any_country) {
        if (std::none_of(q.countries.begin(), q.countries.end(),
                         [&](const std::string& c) { return involved.count(c) > 0; })) {
          return false;
        }
      } else if (!std::includes(involved.begin(), involved.end(), q.countries.begin(),
                                q.countries.end())) {
        return false;
      }
    }
    if (persons && !has_participant(e, *persons)) return false;
    if (organizations && !has_participant(e, *organizations)) return false;
    if (places && (!e.has_location() || places->count(e.location()) == 0)) return false;
    if (q.type != rv1::EVENT_TYPE_UNSPECIFIED && e.type() != q.type) return false;
    if (!q.series.empty() && (!e.has_series() || text::Fold(e.series()) != q.series)) return false;
    if (text_docs && std::none_of(e.docs().begin(), e.docs().end(), [&](const std::string& d) {
          return text_docs->count(d) > 0;
        })) {
      return false;
    }
    return true;
  };

  // One cursor per prefix, merged by sort key (several persons may match a
  // name; an event they share is listed once).
  struct Cursor {
    std::string prefix;
    std::unique_ptr<rocksdb::Iterator> it;
    bool Valid() const {
      return it->Valid() &&
             absl::StartsWith(absl::string_view(it->key().data(), it->key().size()), prefix);
    }
    absl::string_view SortKey() const {
      return absl::string_view(it->key().data(), it->key().size()).substr(prefix.size());
    }
  };
  std::vector<Cursor> cursors;
  for (const std::string& p : prefixes) {
    Cursor c{p, view.Iterate(cf_->index)};
    const std::string target = p + q.start;
    c.it->Seek(target);
    if (q.resume && c.Valid() && c.SortKey() == q.start) c.it->Next();
    cursors.push_back(std::move(c));
  }
  const bool date_filtered = !q.from.empty() || !q.to.empty();
  const std::string low = q.from.empty() ? "" : LowEnd(q.from);
  const std::string high = q.to.empty() ? "" : HighEnd(q.to);

  // Candidates are taken from the index in sort order, as many as could
  // still fit the page (and one more, to know whether a next page exists),
  // and their events read with one MultiGet; those not kept make room for
  // the next round.
  std::string last_sort_key;
  bool more = false;
  bool exhausted = false;  // no cursor left, or past the date range
  struct Candidate {
    std::string sort_key, id;
  };
  std::vector<Candidate> batch;
  std::vector<std::string> ids;
  std::vector<rocksdb::PinnableSlice> values;
  std::vector<absl::Status> statuses;
  while (!exhausted && !more) {
    batch.clear();
    const size_t room = static_cast<size_t>(q.page_size) + 1 - response.events_size();
    while (batch.size() < room) {
      Cursor* next = nullptr;
      for (Cursor& c : cursors) {
        if (c.Valid() && (next == nullptr || c.SortKey() < next->SortKey())) next = &c;
      }
      if (next == nullptr) {
        exhausted = true;
        break;
      }
      std::string sort_key(next->SortKey());
      for (Cursor& c : cursors) {
        while (c.Valid() && c.SortKey() == sort_key) c.it->Next();
      }
      const size_t nul = sort_key.find('\0');
      if (nul == std::string::npos) continue;
      const absl::string_view date = absl::string_view(sort_key).substr(0, nul);
      if (date_filtered) {
        if (date == kUndatedSortDate) {
          if (!q.to.empty()) {  // undated sort last: nothing further can match
            exhausted = true;
            break;
          }
          continue;
        }
        if (!q.to.empty() && LowEnd(std::string(date)) > high) {
          exhausted = true;
          break;
        }
        if (!q.from.empty() && HighEnd(std::string(date)) < low) continue;
      }
      std::string id = sort_key.substr(nul + 1);
      batch.push_back({std::move(sort_key), std::move(id)});
    }
    ids.clear();
    for (const Candidate& c : batch) ids.push_back(c.id);
    view.MultiGet(cf_->events, ids, &values, &statuses);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (absl::IsNotFound(statuses[i])) continue;
      if (!statuses[i].ok()) return statuses[i];
      rv1::Event event;
      if (!event.ParseFromArray(values[i].data(), static_cast<int>(values[i].size()))) {
        return absl::DataLossError(absl::StrCat("corrupt record in ", cf_->events->GetName()));
      }
      if (!keep(event)) continue;
      if (response.events_size() == q.page_size) {
        more = true;
        break;
      }
      *response.add_events() = std::move(event);
      last_sort_key = batch[i].sort_key;
    }
  }
  if (more) {
    store::PageToken token;
    token.set_filter_fingerprint(q.fingerprint);
    token.set_last_sort_key(last_sort_key);
    response.set_next_page_token(absl::WebSafeBase64Escape(token.SerializeAsString()));
  }

  CitationCache citations = view.Citations();
  if (absl::Status s = citations.Prefetch(response.events()); !s.ok()) return s;
  std::set<std::string> referenced;
  for (const rv1::Event& e : response.events()) {
    for (const rv1::Participant& p : e.participants()) referenced.insert(p.entity());
    if (e.has_location()) referenced.insert(e.location());
    if (absl::Status s = citations.CiteEvent(e, response.add_citations()->mutable_citations());
        !s.ok()) {
      return s;
    }
  }
  for (absl::StatusOr<rv1::Entity>& e :
       view.Summaries(std::vector<std::string>(referenced.begin(), referenced.end()))) {
    if (e.ok()) {
      e->clear_mentions();
      *response.add_referenced_entities() = *std::move(e);
    } else if (!absl::IsNotFound(e.status())) {
      return e.status();
    }
  }
  return response;
}

absl::StatusOr<std::vector<rv1::Office>> RecordStore::ListOffices(absl::string_view person) const {
  const std::string wanted(absl::StripAsciiWhitespace(person));
  if (wanted.empty()) return absl::InvalidArgumentError("person is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  std::vector<rv1::Office> out;
  for (const std::string& id : view.ResolvePerson(wanted)) {
    if (absl::Status s = AppendOffices(view.Iterate(cf_->offices), absl::StrCat(id, Nul()), &out);
        !s.ok()) {
      return s;
    }
  }
  SortOffices(out);
  return out;
}

namespace {

// Counts as Count messages: most frequent first, then by key.
void AddCounts(const std::map<std::string, int>& counts,
               google::protobuf::RepeatedPtrField<qv1::Count>* out) {
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [key, count] : sorted) {
    qv1::Count* c = out->Add();
    c->set_key(key);
    c->set_count(count);
  }
}

}  // namespace

absl::StatusOr<qv1::RelationProfile> RecordStore::GetRelationProfile(
    const qv1::GetRelationProfileRequest& request) const {
  if (request.countries().empty()) {
    return absl::InvalidArgumentError("countries: at least one code is required");
  }
  qv1::ListEventsRequest list;
  *list.mutable_countries() = request.countries();
  absl::StatusOr<EventQuery> q = ParseEventQuery(list);
  if (!q.ok()) return q.status();

  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  qv1::RelationProfile profile;
  for (const std::string& c : q->countries) profile.add_countries(c);
  std::map<std::string, int> types, years, counterparts, participants;
  std::set<std::string> agreement_keys;
  // v1.1 cited lines: each refers to one event, cited at the end.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> year_type;
  std::map<std::string, rv1::Event> cited_events;
  std::map<std::string, std::string> actor_event;  // participant -> latest event id
  std::vector<qv1::ProfileLine> agreement_lines;
  std::map<std::string, qv1::ProfileLine> mechanisms;  // folded series -> line
  std::optional<qv1::ProfileLine> first_event, last_event;
  auto line_for = [&](const std::string& key, const rv1::Event& e) {
    qv1::ProfileLine line;
    line.set_key(key);
    if (e.has_date()) line.set_date(e.date());
    line.set_event_id(e.id());
    cited_events.emplace(e.id(), e);
    return line;
  };
  // An event only near-duplicate documents report is a second copy of a
  // story counted elsewhere (its original usually reports it under another
  // date, resolved against another publication date): skipped here.
  std::map<std::string, bool> is_duplicate;  // doc id -> has duplicate_of
  auto only_duplicates = [&](const rv1::Event& e) -> absl::StatusOr<bool> {
    if (e.docs().empty()) return false;
    for (const std::string& d : e.docs()) {
      auto it = is_duplicate.find(d);
      if (it == is_duplicate.end()) {
        rv1::Document document;
        absl::Status s = view.GetProto(cf_->documents, d, &document);
        if (!s.ok() && !absl::IsNotFound(s)) return s;
        it = is_duplicate.emplace(d, s.ok() && !document.duplicate_of().empty()).first;
      }
      if (!it->second) return false;
    }
    return true;
  };
  const std::string prefix =
      q->countries.size() >= 2
          ? absl::StrCat("ev/cc/", q->countries[0], "-", q->countries[1], Nul())
          : absl::StrCat("ev/c/", q->countries.front(), Nul());
  for (const std::string& sort_key : view.IndexSuffixes(prefix)) {
    const size_t nul = sort_key.find('\0');
    if (nul == std::string::npos) continue;
    rv1::Event e;
    absl::Status s = view.GetProto(cf_->events, sort_key.substr(nul + 1), &e);
    if (absl::IsNotFound(s)) continue;
    if (!s.ok()) return s;
    const std::set<std::string> involved = InvolvedCountries(e);
    if (!std::includes(involved.begin(), involved.end(), q->countries.begin(),
                       q->countries.end())) {
      continue;
    }
    absl::StatusOr<bool> skip = only_duplicates(e);
    if (!skip.ok()) return skip.status();
    if (*skip) continue;
    profile.set_event_count(profile.event_count() + 1);
    if (e.has_date()) {
      // Index order is date order, so the first dated event is the earliest.
      if (!profile.has_first_date()) profile.set_first_date(e.date());
      profile.set_last_date(e.date());
    }
    std::string type = records::EventTypeCode(e.type());
    ++types[type.empty() ? "unspecified" : type];
    ++years[e.has_date() ? e.date().substr(0, 4) : "undated"];
    for (const std::string& c : involved) {
      if (!std::binary_search(q->countries.begin(), q->countries.end(), c)) ++counterparts[c];
    }
    for (const rv1::Participant& p : e.participants()) ++participants[p.entity()];
    for (const std::string& a : e.agreements()) {
      if (agreement_keys.insert(text::Fold(a)).second) {
        profile.add_agreements(a);
        agreement_lines.push_back(line_for(a, e));
      }
    }
    year_type[{e.has_date() ? e.date().substr(0, 4) : "undated", type.empty() ? "unspecified" : type}]
        .push_back(e.id());
    for (const rv1::Participant& p : e.participants()) {
      actor_event[p.entity()] = e.id();  // index order: the last one is the latest
      cited_events.emplace(e.id(), e);
    }
    if (e.has_series() && !e.series().empty()) {
      const std::string key = text::Fold(e.series());
      auto it = mechanisms.find(key);
      if (it == mechanisms.end() || (e.has_ordinal() && e.ordinal() >= it->second.count())) {
        qv1::ProfileLine line = line_for(e.series(), e);
        line.set_count(e.has_ordinal() ? e.ordinal() : 0);
        mechanisms[key] = std::move(line);
      }
    }
    if (e.has_date()) {
      if (!first_event) first_event = line_for(type, e);
      last_event = line_for(type, e);
    }
  }
  AddCounts(types, profile.mutable_by_type());
  for (const auto& [year, count] : years) {  // "undated" sorts after digits
    qv1::Count* c = profile.add_by_year();
    c->set_key(year);
    c->set_count(count);
  }
  AddCounts(counterparts, profile.mutable_counterparts());
  AddCounts(participants, profile.mutable_participants());

  CitationCache citations = view.Citations();
  auto cite = [&](qv1::ProfileLine* line) -> absl::Status {
    auto it = cited_events.find(line->event_id());
    if (it == cited_events.end()) return absl::OkStatus();
    return citations.CiteEvent(it->second, line->mutable_citations());
  };
  for (const auto& [key, ids] : year_type) {
    qv1::YearTypeCount* c = profile.add_by_year_and_type();
    c->set_year(key.first);
    c->set_type(key.second);
    c->set_count(static_cast<int>(ids.size()));
    for (const std::string& id : ids) c->add_event_ids(id);
  }
  for (const qv1::Count& count : profile.participants()) {
    qv1::ProfileLine* line = profile.add_key_actors();
    line->set_key(count.key());
    line->set_count(count.count());
    line->set_event_id(actor_event[count.key()]);
    const rv1::Event& e = cited_events[line->event_id()];
    if (e.has_date()) line->set_date(e.date());
    if (absl::Status s = cite(line); !s.ok()) return s;
    // Point each citation at the actor's own mention in its sentence, and
    // drop the sentences that do not name them (when some do).
    absl::StatusOr<rv1::Entity> actor = view.Entity(count.key());
    if (!actor.ok()) continue;
    google::protobuf::RepeatedPtrField<qv1::Citation> naming;
    for (const qv1::Citation& c : line->citations()) {
      for (const rv1::Span& m : actor->mentions()) {
        if (m.doc() == c.doc() && m.start() >= c.sentence_start() && m.end() <= c.sentence_end()) {
          qv1::Citation* kept = naming.Add();
          *kept = c;
          kept->set_start(m.start());
          kept->set_end(m.end());
          break;
        }
      }
    }
    if (!naming.empty()) *line->mutable_citations() = std::move(naming);
  }
  for (qv1::ProfileLine& line : agreement_lines) {
    if (absl::Status s = cite(&line); !s.ok()) return s;
    *profile.add_signed_agreements() = std::move(line);
  }
  for (auto& [key, line] : mechanisms) {
    if (absl::Status s = cite(&line); !s.ok()) return s;
    *profile.add_mechanisms() = std::move(line);
  }
  if (first_event) {
    if (absl::Status s = cite(&*first_event); !s.ok()) return s;
    *profile.mutable_first_event() = *std::move(first_event);
  }
  if (last_event) {
    if (absl::Status s = cite(&*last_event); !s.ok()) return s;
    *profile.mutable_last_event() = *std::move(last_event);
  }
  for (const auto& [id, count] : participants) {
    absl::StatusOr<rv1::Entity> e = view.Summary(id);
    if (e.ok()) {
      e->clear_mentions();
      *profile.add_referenced_entities() = *std::move(e);
    } else if (!absl::IsNotFound(e.status())) {
      return e.status();
    }
  }
  return profile;
}

absl::StatusOr<qv1::SearchDocumentsResponse> RecordStore::SearchDocuments(absl::string_view query,
                                                                          int max_results) const {
  if (max_results < 0) return absl::InvalidArgumentError("max_results must not be negative");
  const int limit =
      max_results == 0 ? kDefaultSearchResults : std::min(max_results, kMaxSearchResults);
  const std::vector<std::string> words = QueryWords(query);
  if (words.empty()) return absl::InvalidArgumentError("query has no words");

  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  std::set<std::string> docs;
  for (size_t i = 0; i < words.size(); ++i) {
    std::vector<std::string> hits = view.IndexSuffixes(absl::StrCat("tx/", words[i], Nul()));
    std::set<std::string> hit_set(hits.begin(), hits.end());
    if (i == 0) {
      docs = std::move(hit_set);
    } else {
      std::set<std::string> both;
      std::set_intersection(docs.begin(), docs.end(), hit_set.begin(), hit_set.end(),
                            std::inserter(both, both.end()));
      docs = std::move(both);
    }
    if (docs.empty()) break;
  }

  std::vector<rv1::Document> found;
  for (const std::string& id : docs) {  // NOLINT: `docs` is the intersection above
    rv1::Document d;
    absl::Status s = view.GetProto(cf_->documents, id, &d);
    if (absl::IsNotFound(s)) continue;
    if (!s.ok()) return s;
    found.push_back(std::move(d));
  }
  std::sort(found.begin(), found.end(), [](const rv1::Document& a, const rv1::Document& b) {
    if (a.has_published() != b.has_published()) return a.has_published();
    if (a.published() != b.published()) return a.published() > b.published();
    return a.id() < b.id();
  });

  qv1::SearchDocumentsResponse response;
  response.set_total_count(static_cast<int>(found.size()));
  const std::set<std::string> word_set(words.begin(), words.end());
  for (size_t i = 0; i < found.size() && static_cast<int>(i) < limit; ++i) {
    qv1::DocumentHit* hit = response.add_hits();
    if (std::optional<TextMatch> m = FindFirstMatch(found[i].clean_text(), word_set)) {
      hit->set_snippet(m->snippet);
      hit->mutable_match()->set_doc(found[i].id());
      hit->mutable_match()->set_start(m->start);
      hit->mutable_match()->set_end(m->end);
      *hit->mutable_citation() =
          SentenceIndex(found[i].clean_text()).Cite(found[i], m->start, m->end);
    }
    found[i].clear_clean_text();
    *hit->mutable_document() = std::move(found[i]);
  }
  return response;
}

absl::Status RecordStore::Export(const std::function<bool(const rv1::Record&)>& sink) const {
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  // Returns false when the sink asked to stop.
  auto scan = [&](rocksdb::ColumnFamilyHandle* cf,
                  const std::function<absl::Status(absl::string_view, rv1::Record*)>& decode,
                  bool* stopped) -> absl::Status {
    std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rv1::Record record;
      if (absl::Status s =
              decode(absl::string_view(it->value().data(), it->value().size()), &record);
          !s.ok()) {
        return s;
      }
      if (!sink(record)) {
        *stopped = true;
        return absl::OkStatus();
      }
    }
    return FromRocks(it->status(), cf->GetName());
  };
  auto corrupt = [](rocksdb::ColumnFamilyHandle* cf) {
    return absl::DataLossError(absl::StrCat("corrupt record in ", cf->GetName()));
  };
  bool stopped = false;
  absl::Status s = scan(
      cf_->documents,
      [&](absl::string_view bytes, rv1::Record* r) {
        rv1::Document* d = r->mutable_document();
        if (!d->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return corrupt(cf_->documents);
        }
        d->clear_clean_text();
        return absl::OkStatus();
      },
      &stopped);
  if (!s.ok() || stopped) return s;
  {
    // One record per entity from its run of per-document keys.
    std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->entities);
    s = ForEachStoredEntity(it.get(), [&](store::StoredEntity& stored) {
      rv1::Record record;
      *record.mutable_entity() = MergeEntity(stored);
      if (sink(record)) return absl::OkStatus();
      stopped = true;
      return absl::CancelledError("export stopped by its sink");
    });
  }
  if (stopped) return absl::OkStatus();
  if (!s.ok() || stopped) return s;
  s = scan(
      cf_->events,
      [&](absl::string_view bytes, rv1::Record* r) {
        if (!r->mutable_event()->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return corrupt(cf_->events);
        }
        return absl::OkStatus();
      },
      &stopped);
  if (!s.ok() || stopped) return s;
  return scan(
      cf_->offices,
      [&](absl::string_view bytes, rv1::Record* r) {
        if (!r->mutable_office()->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return corrupt(cf_->offices);
        }
        return absl::OkStatus();
      },
      &stopped);
}

absl::StatusOr<qv1::TimelineResponse> RecordStore::Timeline(
    const qv1::TimelineRequest& request) const {
  const bool has_person = !absl::StripAsciiWhitespace(request.person()).empty();
  if (has_person == !request.countries().empty()) {
    return absl::InvalidArgumentError(
        "a timeline needs either a person or one or more countries, not both");
  }
  qv1::ListEventsRequest list;
  list.set_person(request.person());
  *list.mutable_countries() = request.countries();
  list.set_from_date(request.from_date());
  list.set_to_date(request.to_date());
  list.set_page_size(request.page_size());
  list.set_page_token(request.page_token());
  absl::StatusOr<qv1::ListEventsResponse> events = ListEvents(list);
  if (!events.ok()) return events.status();
  qv1::TimelineResponse response;
  for (int i = 0; i < events->events_size(); ++i) {
    qv1::TimelineEntry* entry = response.add_entries();
    *entry->mutable_event() = std::move(*events->mutable_events(i));
    if (i < events->citations_size()) {
      *entry->mutable_citations() = std::move(*events->mutable_citations(i)->mutable_citations());
    }
  }
  response.set_next_page_token(events->next_page_token());
  *response.mutable_referenced_entities() = std::move(*events->mutable_referenced_entities());
  return response;
}

absl::StatusOr<qv1::SearchEntitiesResponse> RecordStore::SearchEntities(
    const qv1::SearchEntitiesRequest& request) const {
  if (request.max_results() < 0) {
    return absl::InvalidArgumentError("max_results must not be negative");
  }
  const int limit = request.max_results() == 0 ? kDefaultSearchResults
                                               : std::min(request.max_results(), kMaxSearchResults);
  const std::vector<std::string> words = SearchWords(request.query());
  if (words.empty()) return absl::InvalidArgumentError("query has no letters or digits");
  std::string compact;
  for (const std::string& w : words) compact += w;

  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  // Candidates from the index: whole names starting with the query, names
  // with a word starting with each query word, and (fuzzy) names or words
  // sharing the query's first letter within the edit budget. Each is then
  // scored on its own spellings.
  std::set<std::string> candidates;
  auto id_of = [](absl::string_view suffix) {
    const size_t nul = suffix.find('\0');
    return nul == absl::string_view::npos ? std::string() : std::string(suffix.substr(nul + 1));
  };
  for (const std::string& suffix : view.IndexSuffixes(absl::StrCat("en/c/", compact))) {
    candidates.insert(id_of(suffix));
  }
  {
    std::optional<std::set<std::string>> all_words;
    for (const std::string& w : words) {
      std::set<std::string> ids;
      for (const std::string& suffix : view.IndexSuffixes(absl::StrCat("en/w/", w))) {
        ids.insert(id_of(suffix));
      }
      if (!all_words) {
        all_words = std::move(ids);
      } else {
        std::set<std::string> both;
        std::set_intersection(all_words->begin(), all_words->end(), ids.begin(), ids.end(),
                              std::inserter(both, both.end()));
        all_words = std::move(both);
      }
    }
    if (all_words) candidates.insert(all_words->begin(), all_words->end());
  }
  {
    const int budget = FuzzyBudget(compact.size());
    const std::string first(1, compact[0]);
    std::vector<const char*> kinds = {"en/c/"};
    if (words.size() == 1) kinds.push_back("en/w/");
    for (const char* kind : kinds) {
      for (const std::string& suffix : view.IndexSuffixes(absl::StrCat(kind, first))) {
        const size_t nul = suffix.find('\0');
        if (nul == std::string::npos) continue;
        const std::string form = first + suffix.substr(0, nul);
        if (EditDistance(compact, form, budget) <= budget) candidates.insert(suffix.substr(nul + 1));
      }
    }
  }
  candidates.erase("");

  struct Ranked {
    SpellingMatch match;
    std::string matched;
    rv1::Entity entity;
  };
  std::vector<Ranked> ranked;
  for (const std::string& id : candidates) {
    absl::StatusOr<rv1::Entity> e = view.Summary(id);
    if (absl::IsNotFound(e.status())) continue;
    if (!e.ok()) return e.status();
    if (request.type() != rv1::ENTITY_TYPE_UNSPECIFIED && e->type() != request.type()) continue;
    Ranked r;
    std::vector<std::string> spellings = {e->name()};
    spellings.insert(spellings.end(), e->aliases().begin(), e->aliases().end());
    for (const std::string& spelling : spellings) {
      const SpellingMatch m = MatchSpelling(request.query(), spelling);
      if (r.matched.empty() ? m.kind != qv1::MATCH_KIND_UNSPECIFIED : BetterMatch(m, r.match)) {
        r.match = m;
        r.matched = spelling;
      }
    }
    if (r.matched.empty()) continue;
    e->clear_mentions();
    r.entity = *std::move(e);
    ranked.push_back(std::move(r));
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (BetterMatch(a.match, b.match)) return true;
    if (BetterMatch(b.match, a.match)) return false;
    if (a.entity.name() != b.entity.name()) return a.entity.name() < b.entity.name();
    return a.entity.id() < b.entity.id();
  });
  qv1::SearchEntitiesResponse response;
  for (size_t i = 0; i < ranked.size() && static_cast<int>(i) < limit; ++i) {
    qv1::EntityMatch* m = response.add_matches();
    m->set_kind(ranked[i].match.kind);
    m->set_distance(ranked[i].match.distance);
    m->set_matched(ranked[i].matched);
    *m->mutable_entity() = std::move(ranked[i].entity);
  }
  return response;
}

absl::StatusOr<qv1::AnnotatedDocument> RecordStore::GetAnnotatedDocument(
    absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("document_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  qv1::AnnotatedDocument out;
  absl::Status s = view.GetProto(cf_->documents, id, out.mutable_document());
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no document \"", QuotableId(id), "\""));
  if (!s.ok()) return s;
  const std::string doc(id);
  rv1::DocumentRecords records;
  s = view.GetProto(cf_->doc_records, doc, &records);
  if (!s.ok() && !absl::IsNotFound(s)) return s;

  auto add = [&](const rv1::Span& span, const char* kind, const std::string& ref,
                 const std::string& label) {
    qv1::Annotation* a = out.add_annotations();
    *a->mutable_span() = span;
    a->mutable_span()->set_doc(doc);
    a->set_kind(kind);
    a->set_ref(ref);
    a->set_label(label);
  };
  std::map<std::string, std::string> names;  // entity id -> display name
  for (const rv1::Entity& e : records.entities()) {
    names[e.id()] = e.name();
    for (const rv1::Span& m : e.mentions()) add(m, "mention", e.id(), e.name());
  }
  // The merged event each local report went into: same document, same
  // date (its own, or the one an undated report joined), same evidence.
  auto global_event_of = [&](const rv1::Event& local) -> std::string {
    std::string date = local.has_date() ? local.date() : "";
    if (date.empty()) {
      const std::string undated = UndatedEventId(doc, local.id());
      std::string unused;
      if (view.Get(cf_->events, undated, &unused).ok()) return undated;
      if (!view.Get(cf_->index, absl::StrCat("ev/a/", doc, Nul(), local.id()), &date).ok()) {
        return "";
      }
    }
    for (const std::string& event_id : view.IndexSuffixes(absl::StrCat("ev/d/", date, Nul()))) {
      rv1::Event merged;
      if (!view.GetProto(cf_->events, event_id, &merged).ok()) continue;
      if (std::find(merged.docs().begin(), merged.docs().end(), doc) == merged.docs().end()) {
        continue;
      }
      for (const rv1::Span& ev : merged.evidence()) {
        for (const rv1::Span& mine : local.evidence()) {
          if ((ev.doc().empty() || ev.doc() == doc) && ev.start() == mine.start() &&
              ev.end() == mine.end()) {
            return event_id;
          }
        }
      }
    }
    return "";
  };
  for (const rv1::Event& e : records.events()) {
    const std::string global = global_event_of(e);
    std::string label = records::EventTypeCode(e.type());
    if (e.has_date()) absl::StrAppend(&label, " ", e.date());
    for (const rv1::Span& span : e.evidence()) add(span, "event", global, label);
  }
  for (const rv1::Office& o : records.offices()) {
    if (!o.has_evidence()) continue;
    auto n = names.find(o.person());
    add(o.evidence(), "office", o.person(),
        absl::StrCat(n == names.end() ? o.person() : n->second, ": ", records::RoleCode(o.role()),
                     o.has_country() ? absl::StrCat(" (", o.country(), ")") : ""));
  }
  std::stable_sort(out.mutable_annotations()->begin(), out.mutable_annotations()->end(),
                   [](const qv1::Annotation& a, const qv1::Annotation& b) {
                     if (a.span().start() != b.span().start()) {
                       return a.span().start() < b.span().start();
                     }
                     return a.span().end() < b.span().end();
                   });
  return out;
}

absl::StatusOr<std::vector<rv1::Office>> RecordStore::ListOfficeHolders(
    rv1::Role role, absl::string_view country) const {
  if (role == rv1::ROLE_UNSPECIFIED) {
    return absl::InvalidArgumentError("person or role is required");
  }
  std::string cc;
  if (!absl::StripAsciiWhitespace(country).empty()) {
    absl::StatusOr<std::string> code = CountryCode(country);
    if (!code.ok()) return code.status();
    cc = *std::move(code);
  }
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  std::vector<rv1::Office> out;
  if (absl::Status s = AppendOffices(view.Iterate(cf_->index), OfficeRolePrefix(role, cc), &out);
      !s.ok()) {
    return s;
  }
  SortOffices(out);
  return out;
}

absl::StatusOr<qv1::ListOfficesResponse> RecordStore::ListOfficesCited(
    const qv1::ListOfficesRequest& request) const {
  absl::StatusOr<std::vector<rv1::Office>> offices =
      !absl::StripAsciiWhitespace(request.person()).empty() || request.role() == rv1::ROLE_UNSPECIFIED
          ? ListOffices(request.person())
          : ListOfficeHolders(request.role(), request.country());
  if (!offices.ok()) return offices.status();
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  // Holders: one line per (person, role, country), first seen first.
  std::map<std::tuple<std::string, int, std::string>, qv1::OfficeHolder> holders;
  std::map<std::tuple<std::string, int, std::string>, std::set<std::string>> holder_docs;
  for (const rv1::Office& o : *offices) {
    const auto key = std::make_tuple(o.person(), static_cast<int>(o.role()), o.country());
    qv1::OfficeHolder& h = holders[key];
    h.set_person(o.person());
    h.set_role(o.role());
    h.set_country(o.country());
    if (o.has_as_of() && !o.as_of().empty()) {
      if (h.first_seen().empty() || o.as_of() < h.first_seen()) h.set_first_seen(o.as_of());
      if (o.as_of() > h.last_seen()) h.set_last_seen(o.as_of());
    }
    holder_docs[key].insert(o.doc());
  }
  std::vector<qv1::OfficeHolder> sorted_holders;
  for (auto& [key, h] : holders) {
    h.set_documents(static_cast<int>(holder_docs[key].size()));
    sorted_holders.push_back(h);
  }
  std::stable_sort(sorted_holders.begin(), sorted_holders.end(),
                   [](const qv1::OfficeHolder& a, const qv1::OfficeHolder& b) {
                     if (a.first_seen().empty() != b.first_seen().empty()) {
                       return b.first_seen().empty();
                     }
                     return a.first_seen() < b.first_seen();
                   });
  CitationCache citations = view.Citations();
  qv1::ListOfficesResponse response;
  std::set<std::string> referenced;
  for (rv1::Office& o : *offices) {
    referenced.insert(o.person());
    if (o.has_organization()) referenced.insert(o.organization());
    qv1::Citation* c = response.add_citations();
    if (o.has_evidence()) {
      absl::StatusOr<std::optional<qv1::Citation>> cited = citations.Cite(o.evidence(), o.doc());
      if (!cited.ok()) return cited.status();
      if (cited->has_value()) *c = **cited;
    }
    if (c->doc().empty()) c->set_doc(o.doc());
    *response.add_offices() = std::move(o);
  }
  for (qv1::OfficeHolder& h : sorted_holders) *response.add_holders() = std::move(h);
  for (const std::string& id : referenced) {
    absl::StatusOr<rv1::Entity> e = view.Summary(id);
    if (!e.ok()) continue;
    e->clear_mentions();  // names are what a listing needs
    *response.add_referenced_entities() = *std::move(e);
  }
  return response;
}

absl::StatusOr<qv1::SearchResponse> RecordStore::Search(const qv1::SearchRequest& request) const {
  if (request.max_results() < 0) {
    return absl::InvalidArgumentError("max_results must not be negative");
  }
  const int limit = request.max_results() == 0 ? kDefaultSearchResults
                                               : std::min(request.max_results(), kMaxSearchResults);
  const std::vector<std::vector<std::string>> words = QueryTerms(request.query());
  if (words.empty()) return absl::InvalidArgumentError("query has no searchable words");

  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  int64_t docs = 0, tokens = 0;
  std::string value;
  if (view.Get(cf_->default_cf, "fts_docs", &value).ok()) (void)absl::SimpleAtoi(value, &docs);
  if (view.Get(cf_->default_cf, "fts_tokens", &value).ok()) (void)absl::SimpleAtoi(value, &tokens);
  const double average = docs > 0 ? static_cast<double>(tokens) / docs : 0.0;

  // Per query word, the best of its French and English terms.
  absl::flat_hash_map<std::string, double> scores;
  std::set<std::string> all_terms;
  for (const std::vector<std::string>& terms : words) {
    absl::flat_hash_map<std::string, double> best;
    for (const std::string& term : terms) {
      all_terms.insert(term);
      std::vector<std::string> keys;  // owns the document ids
      std::vector<std::pair<int, int>> stats;
      const std::string prefix = absl::StrCat("fs/", term, Nul());
      std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->index);
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        const absl::string_view v(it->value().data(), it->value().size());
        const size_t space = v.find(' ');
        int tf = 0, length = 0;
        if (space == absl::string_view::npos || !absl::SimpleAtoi(v.substr(0, space), &tf) ||
            !absl::SimpleAtoi(v.substr(space + 1), &length)) {
          return absl::DataLossError("corrupt full-text posting");
        }
        keys.emplace_back(it->key().data() + prefix.size(), it->key().size() - prefix.size());
        stats.emplace_back(tf, length);
      }
      if (!it->status().ok()) return FromRocks(it->status(), "index");
      const int df = static_cast<int>(keys.size());
      best.reserve(best.size() + keys.size());
      for (size_t k = 0; k < keys.size(); ++k) {
        const double w = Bm25(stats[k].first, df, static_cast<int>(docs), stats[k].second, average);
        double& b = best[keys[k]];
        b = std::max(b, w);
      }
    }
    scores.reserve(scores.size() + best.size());
    for (const auto& [doc, w] : best) scores[doc] += w;
  }

  std::vector<std::pair<std::string, double>> ranked(scores.begin(), scores.end());
  const size_t keep = std::min(ranked.size(), static_cast<size_t>(limit));
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    [](const auto& a, const auto& b) {
                      if (a.second != b.second) return a.second > b.second;
                      return a.first < b.first;
                    });
  qv1::SearchResponse response;
  response.set_total_count(static_cast<int>(ranked.size()));
  for (size_t i = 0; i < keep; ++i) {
    rv1::Document d;
    absl::Status s = view.GetProto(cf_->documents, ranked[i].first, &d);
    if (absl::IsNotFound(s)) continue;
    if (!s.ok()) return s;
    qv1::SearchHit* hit = response.add_hits();
    hit->set_score(ranked[i].second);
    // The sentence with the most distinct query terms; its first match.
    const SentenceIndex sentences(d.clean_text());
    // Sentence -> (distinct query terms in it, its first match).
    std::map<std::pair<int, int>, std::pair<std::set<std::string>, std::pair<int, int>>>
        by_sentence;
    for (const TermOccurrence& t : AnalyzeText(d.clean_text(), d.language())) {
      if (all_terms.count(t.term) == 0) continue;
      auto& entry = by_sentence[sentences.Covering(t.start, t.end)];
      if (entry.first.empty()) entry.second = {t.start, t.end};
      entry.first.insert(t.term);
    }
    const std::pair<int, int>* best = nullptr;
    size_t best_count = 0;
    for (const auto& [range, entry] : by_sentence) {
      if (entry.first.size() > best_count) {
        best = &range;
        best_count = entry.first.size();
      }
    }
    if (best != nullptr) {
      const auto [start, end] = by_sentence[*best].second;
      *hit->mutable_snippet() = sentences.Cite(d, start, end);
    }
    d.clear_clean_text();
    *hit->mutable_document() = std::move(d);
  }
  return response;
}

absl::StatusOr<qv1::CitedEvent> RecordStore::GetCitedEvent(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("event_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/true);
  qv1::CitedEvent out;
  absl::Status s = view.GetProto(cf_->events, id, out.mutable_event());
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no event \"", QuotableId(id), "\""));
  if (!s.ok()) return s;
  CitationCache citations = view.Citations();
  if (absl::Status c = citations.CiteEvent(out.event(), out.mutable_citations()); !c.ok()) return c;
  std::set<std::string> referenced;
  for (const rv1::Participant& p : out.event().participants()) referenced.insert(p.entity());
  if (out.event().has_location()) referenced.insert(out.event().location());
  for (const std::string& ref : referenced) {
    absl::StatusOr<rv1::Entity> e = view.Summary(ref);
    if (absl::IsNotFound(e.status())) continue;
    if (!e.ok()) return e.status();
    e->clear_mentions();
    *out.add_referenced_entities() = *std::move(e);
  }
  return out;
}

}  // namespace dragoman::query
