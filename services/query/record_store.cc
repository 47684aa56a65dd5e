#include "services/query/record_store.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/names/name_key.h"
#include "common/records/codes.h"
#include "common/text/unicode.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "services/query/globalize.h"
#include "services/query/merge.h"
#include "services/query/store.pb.h"
#include "services/query/text_search.h"

namespace dragoman::query {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;

namespace {

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
  return absl::InternalError(absl::StrCat(what, ": rocksdb: ", s.ToString()));
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
  for (const std::string& c : InvolvedCountries(e)) {
    keys.insert(absl::StrCat("ev/c/", c, Nul(), s));
  }
  for (const rv1::Participant& p : e.participants()) {
    keys.insert(absl::StrCat("ev/p/", p.entity(), Nul(), s));
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

std::string TextKey(const std::string& word, const std::string& doc) {
  return absl::StrCat("tx/", word, Nul(), doc);
}

std::string OfficeKey(const std::string& person, const std::string& doc, int n) {
  return absl::StrCat(person, Nul(), doc, Nul(), absl::StrFormat("%04d", n));
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

// FNV-1a: stable across processes, unlike absl::Hash.
uint64_t Fingerprint(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

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
    return FromRocks(db_->Get(options_, cf, rocksdb::Slice(key.data(), key.size()), value),
                     absl::StrCat(cf->GetName(), " \"", absl::CHexEscape(key), "\""));
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

  std::unique_ptr<rocksdb::Iterator> Iterate(rocksdb::ColumnFamilyHandle* cf) const {
    return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options_, cf));
  }

  // Key suffixes after `prefix` in the index, in order.
  std::vector<std::string> IndexSuffixes(absl::string_view prefix) const {
    std::vector<std::string> out;
    std::unique_ptr<rocksdb::Iterator> it = Iterate(cf_->index);
    for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
      absl::string_view key(it->key().data(), it->key().size());
      if (!absl::StartsWith(key, prefix)) break;
      out.emplace_back(key.substr(prefix.size()));
    }
    return out;
  }

  absl::StatusOr<rv1::Entity> Entity(absl::string_view id) const {
    store::StoredEntity stored;
    if (absl::Status s = GetProto(cf_->entities, id, &stored); !s.ok()) return s;
    return MergeEntity(stored);
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
        absl::StatusOr<rv1::Entity> e = Entity(id);
        if (!e.ok() || !IsPerson(*e)) continue;
      }
      out.push_back(id);
    }
    return out;
  }

  // An existing person id as given, else the persons the name matches.
  std::vector<std::string> ResolvePerson(absl::string_view person) const {
    std::string value;
    if (Get(cf_->entities, person, &value).ok()) return {std::string(person)};
    return FindByName(person, /*persons_only=*/true);
  }

 private:
  rocksdb::DB* db_;
  const Handles* cf_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  rocksdb::ReadOptions options_;
};

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("record store directory is empty");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (const char* name : kColumnFamilies) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  auto handles = std::make_unique<Handles>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, descriptors, &handles->all, &raw);
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open record store ", dir, ": ", s.ToString()));
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
    g = db->Put(w, handles->default_cf, "schema", "1");
    schema = "1";
  }
  if (!g.ok() || schema != "1") {
    for (auto* h : handles->all) db->DestroyColumnFamilyHandle(h);
    return absl::FailedPreconditionError(absl::StrCat(
        "record store ", dir, " has an unknown schema \"", schema, "\" ", g.ToString()));
  }
  return std::unique_ptr<RecordStore>(new RecordStore(std::move(db), std::move(handles)));
}

RecordStore::RecordStore(std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles)
    : db_(std::move(db)), cf_(std::move(handles)) {}

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
  write_options.sync = true;
  if (absl::Status s = FromRocks(db_->Write(write_options, &batch), "write"); !s.ok()) return s;

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
    std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->entities);
    for (it->Seek(base); it->Valid() && it->key().starts_with(base); it->Next()) {
      const std::string id = it->key().ToString();
      if (PersonBase(id) != base) continue;
      store::StoredEntity stored;
      if (!stored.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in entities");
      }
      for (const store::EntityContribution& c : stored.contributions()) {
        if (c.doc() != doc) seen.push_back({c.doc(), id, c.has_country() ? c.country() : ""});
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "entities");
    for (const rv1::Entity& e : next.entities()) {
      if (IsPerson(e) && e.id().find('@') == std::string::npos && PersonBase(e.id()) == base) {
        seen.push_back({doc, e.id(), e.has_country() ? e.country() : ""});
      }
    }
    std::set<std::string> countries;
    for (const Seen& s : seen) {
      if (!s.country.empty()) countries.insert(s.country);
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
    store::StoredEntity stored;
    absl::Status s = view.GetProto(cf_->entities, id, &stored);
    if (!s.ok() && !absl::IsNotFound(s)) return s;
    const std::set<std::string> old_keys =
        s.ok() ? EntityIndexKeys(MergeEntity(stored)) : std::set<std::string>();

    store::StoredEntity updated;
    updated.set_id(id);
    for (const store::EntityContribution& c : stored.contributions()) {
      if (c.doc() != doc) *updated.add_contributions() = c;
    }
    if (auto it = added.find(id); it != added.end()) {
      const rv1::Entity& e = *it->second;
      store::EntityContribution* c = updated.add_contributions();
      c->set_doc(doc);
      c->set_type(e.type());
      c->set_name(e.name());
      *c->mutable_aliases() = e.aliases();
      if (e.has_country()) c->set_country(e.country());
      *c->mutable_mentions() = e.mentions();
    }
    std::sort(updated.mutable_contributions()->begin(), updated.mutable_contributions()->end(),
              [](const auto& a, const auto& b) { return a.doc() < b.doc(); });

    std::set<std::string> new_keys;
    if (updated.contributions_size() == 0) {
      batch.Delete(cf_->entities, id);
    } else {
      batch.Put(cf_->entities, id, updated.SerializeAsString());
      new_keys = EntityIndexKeys(MergeEntity(updated));
    }
    DeleteIndexKeys(batch, cf_->index, Minus(old_keys, new_keys));
    PutIndexKeys(batch, cf_->index, Minus(new_keys, old_keys));
  }
  return absl::OkStatus();
}

absl::Status RecordStore::StageEvents(const Reader& view, const std::string& doc,
                                      const rv1::DocumentRecords& old,
                                      const rv1::DocumentRecords& next,
                                      rocksdb::WriteBatch& batch) {
  auto delete_event = [&](const std::string& id) -> absl::Status {
    rv1::Event e;
    absl::Status s = view.GetProto(cf_->events, id, &e);
    if (absl::IsNotFound(s)) return absl::OkStatus();
    if (!s.ok()) return s;
    DeleteIndexKeys(batch, cf_->index, EventIndexKeys(e));
    batch.Delete(cf_->events, id);
    return absl::OkStatus();
  };
  auto put_event = [&](const rv1::Event& e) {
    batch.Put(cf_->events, e.id(), e.SerializeAsString());
    PutIndexKeys(batch, cf_->index, EventIndexKeys(e));
  };
  // Every document's records as they will be after this put.
  auto records_of = [&](const std::string& d) -> absl::StatusOr<rv1::DocumentRecords> {
    if (d == doc) return next;
    rv1::DocumentRecords r;
    absl::Status s = view.GetProto(cf_->doc_records, d, &r);
    if (!s.ok() && !absl::IsNotFound(s)) return s;
    return r;
  };
  // Documents that are near duplicates of `d` or share its original.
  auto relatives = [&](const std::string& d, const rv1::DocumentRecords& r) {
    std::set<std::string> out;
    const std::string& original = r.document().duplicate_of();
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
          const rv1::DocumentRecords& r) -> absl::StatusOr<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    std::set<std::string> related;
    bool have_related = false;
    for (const rv1::Event& u : r.events()) {
      if (u.has_date()) continue;
      if (!have_related) {
        related = relatives(d, r);
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
        absl::StatusOr<rv1::DocumentRecords> theirs = records_of(y);
        if (!theirs.ok()) return theirs.status();
        for (const rv1::Event& e : theirs->events()) {
          if (e.has_date() && UndatedJoins(undated, {y, e, theirs->document().duplicate_of()})) {
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
    for (const std::string& x : relatives(doc, *r)) affected.insert(x);
  }

  std::set<std::string> dates;
  std::map<std::string, std::map<std::string, std::string>> attached;  // doc -> local -> date
  for (const std::string& x : affected) {
    absl::StatusOr<rv1::DocumentRecords> records = records_of(x);
    if (!records.ok()) return records.status();
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
  // reporting events on that date: deletes first, then the new events (a
  // batch applies in order, so a re-put key survives).
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
      absl::StatusOr<rv1::DocumentRecords> theirs = records_of(member);
      if (!theirs.ok()) return theirs.status();
      auto it = attached.find(member);
      const std::map<std::string, std::string> joins =
          it != attached.end() ? it->second : stored_attachments(member);
      bool reported = false;
      for (const rv1::Event& e : theirs->events()) {
        const std::string& dup = theirs->document().duplicate_of();
        if (e.has_date()) {
          if (e.date() != date) continue;
          reports.push_back({member, e, dup});
        } else {
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
  return absl::OkStatus();
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
  return absl::OkStatus();
}

void RecordStore::StageOffices(const std::string& doc, const rv1::DocumentRecords& old,
                               const rv1::DocumentRecords& next, rocksdb::WriteBatch& batch) {
  for (int i = 0; i < old.offices_size(); ++i) {
    batch.Delete(cf_->offices, OfficeKey(old.offices(i).person(), doc, i));
  }
  for (int i = 0; i < next.offices_size(); ++i) {
    const rv1::Office& o = next.offices(i);
    batch.Put(cf_->offices, OfficeKey(o.person(), doc, i), o.SerializeAsString());
  }
}

absl::StatusOr<rv1::Event> RecordStore::GetEvent(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("event_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  rv1::Event e;
  absl::Status s = view.GetProto(cf_->events, id, &e);
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no event \"", id, "\""));
  if (!s.ok()) return s;
  return e;
}

absl::StatusOr<rv1::Entity> RecordStore::GetEntity(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("entity_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  absl::StatusOr<rv1::Entity> e = view.Entity(id);
  if (absl::IsNotFound(e.status())) {
    return absl::NotFoundError(absl::StrCat("no entity \"", id, "\""));
  }
  return e;
}

absl::StatusOr<rv1::Document> RecordStore::GetDocument(absl::string_view id) const {
  if (id.empty()) return absl::InvalidArgumentError("document_id is empty");
  Reader view(db_.get(), cf_.get(), /*pin=*/false);
  rv1::Document d;
  absl::Status s = view.GetProto(cf_->documents, id, &d);
  if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("no document \"", id, "\""));
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
    absl::StatusOr<rv1::Entity> e = view.Entity(id);
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
  std::string person;
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
    std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(c));
    if (upper.size() != 2 || !absl::ascii_isupper(static_cast<unsigned char>(upper[0])) ||
        !absl::ascii_isupper(static_cast<unsigned char>(upper[1]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("country \"", c, "\" is not an ISO 3166-1 alpha-2 code"));
    }
    countries.insert(upper);
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
  q.fingerprint = Fingerprint(absl::StrCat("v1\x1f", absl::StrJoin(q.countries, ","), "\x1f",
                                           q.person, "\x1f", q.from, "\x1f", q.to));

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

  std::vector<std::string> prefixes;
  if (!q.person.empty()) {
    for (const std::string& id : view.ResolvePerson(q.person)) {
      prefixes.push_back(absl::StrCat("ev/p/", id, Nul()));
    }
    if (prefixes.empty()) return response;
  } else if (!q.countries.empty()) {
    prefixes.push_back(absl::StrCat("ev/c/", q.countries.front(), Nul()));
  } else {
    prefixes.push_back("ev/d/");
  }

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

  std::string last_sort_key;
  bool more = false;
  while (true) {
    Cursor* next = nullptr;
    for (Cursor& c : cursors) {
      if (c.Valid() && (next == nullptr || c.SortKey() < next->SortKey())) next = &c;
    }
    if (next == nullptr) break;
    const std::string sort_key(next->SortKey());
    for (Cursor& c : cursors) {
      while (c.Valid() && c.SortKey() == sort_key) c.it->Next();
    }
    const size_t nul = sort_key.find('\0');
    if (nul == std::string::npos) continue;
    const std::string date = sort_key.substr(0, nul);
    const std::string id = sort_key.substr(nul + 1);
    if (date_filtered) {
      if (date == kUndatedSortDate) {
        if (!q.to.empty()) break;  // undated sort last: nothing further can match
        continue;
      }
      if (!q.to.empty() && LowEnd(date) > high) break;
      if (!q.from.empty() && HighEnd(date) < low) continue;
    }
    rv1::Event event;
    if (absl::Status s = view.GetProto(cf_->events, id, &event); !s.ok()) {
      if (absl::IsNotFound(s)) continue;
      return s;
    }
    if (!q.countries.empty()) {
      const std::set<std::string> involved = InvolvedCountries(event);
      if (!std::includes(involved.begin(), involved.end(), q.countries.begin(),
                         q.countries.end())) {
        continue;
      }
    }
    if (response.events_size() == q.page_size) {
      more = true;
      break;
    }
    *response.add_events() = std::move(event);
    last_sort_key = sort_key;
  }
  if (more) {
    store::PageToken token;
    token.set_filter_fingerprint(q.fingerprint);
    token.set_last_sort_key(last_sort_key);
    response.set_next_page_token(absl::WebSafeBase64Escape(token.SerializeAsString()));
  }

  std::set<std::string> referenced;
  for (const rv1::Event& e : response.events()) {
    for (const rv1::Participant& p : e.participants()) referenced.insert(p.entity());
    if (e.has_location()) referenced.insert(e.location());
  }
  for (const std::string& id : referenced) {
    absl::StatusOr<rv1::Entity> e = view.Entity(id);
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
    const std::string prefix = absl::StrCat(id, Nul());
    std::unique_ptr<rocksdb::Iterator> it = view.Iterate(cf_->offices);
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      rv1::Office o;
      if (!o.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt record in offices");
      }
      out.push_back(std::move(o));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const rv1::Office& a, const rv1::Office& b) {
    const bool a_undated = !a.has_as_of(), b_undated = !b.has_as_of();
    if (a_undated != b_undated) return b_undated;
    if (a.as_of() != b.as_of()) return a.as_of() < b.as_of();
    if (a.person() != b.person()) return a.person() < b.person();
    return a.doc() < b.doc();
  });
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
  const std::string prefix = absl::StrCat("ev/c/", q->countries.front(), Nul());
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
      if (agreement_keys.insert(text::Fold(a)).second) profile.add_agreements(a);
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
  for (const auto& [id, count] : participants) {
    absl::StatusOr<rv1::Entity> e = view.Entity(id);
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
  for (const std::string& id : docs) {
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
  s = scan(
      cf_->entities,
      [&](absl::string_view bytes, rv1::Record* r) {
        store::StoredEntity stored;
        if (!stored.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return corrupt(cf_->entities);
        }
        *r->mutable_entity() = MergeEntity(stored);
        return absl::OkStatus();
      },
      &stopped);
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

}  // namespace dragoman::query
