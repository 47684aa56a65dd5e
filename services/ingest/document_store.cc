#include "services/ingest/document_store.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/storage/storage_errors.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/sst_file_writer.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace dragoman::ingest {
namespace {

constexpr char kNextSequence[] = "next_sequence";
constexpr char kBandsSpilledThrough[] = "bands_spilled_through";
constexpr char kPageTokenPrefix[] = "v1/";

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat(what, ": not found"));
  return storage::StorageFailure(what, s.ToString());
}

std::string EncodeSequence(uint64_t n) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(n & 0xFF);
    n >>= 8;
  }
  return key;
}

uint64_t DecodeSequence(absl::string_view key) {
  uint64_t n = 0;
  for (size_t i = 0; i < 8 && i < key.size(); ++i) {
    n = (n << 8) | static_cast<unsigned char>(key[i]);
  }
  return n;
}

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// Band lookups share a candidate only when it shows up in this many bands:
// a pair at the near-duplicate threshold (0.45) shares about 13 of the 64
// bands (each equal with probability 0.45^2), so requiring two misses about
// one such pair in 100,000 (one in 2 million with one band), while pairs
// that merely share boilerplate (similarity a few percent, common among
// releases of one ministry) stop costing a signature read each.
constexpr int kMinSharedBands = 2;

// Bounds on one lookup, so that its cost does not grow with the store when
// many documents share bands (one story rewrapped by many outlets, or
// common phrasing): at most this many entries are read per band, and the
// candidates sharing the most bands are compared, this many at most. A
// story's copies all resolve to its original, so meeting any of them is
// enough; documents that only share phrasing are the ones left out.
constexpr int kMaxEntriesPerBand = RecentBands::kKept;
constexpr size_t kMaxCandidates = 64;

// Most groups are a few streams' read-ahead; this bounds one batch's size.
constexpr size_t kMaxGroupDocuments = 1024;

// A group's batch is kept for the next group unless it grew past this.
constexpr size_t kMaxKeptBatchBytes = 8 << 20;

// Stored signatures kept in memory for the checks that WriteGroup does
// itself: a few groups' worth.
constexpr size_t kRecentSignatures = 8192;

// Equal 8-byte positions of two encoded signatures (EncodeSignature).
int EqualPositions(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return 0;
  int equal = 0;
  for (size_t i = 0; i + 8 <= a.size(); i += 8) {
    equal += std::memcmp(a.data() + i, b.data() + i, 8) == 0;
  }
  return equal;
}

// Identical bands (BandKeys) of two encoded signatures.
int SharedBands(absl::string_view a, absl::string_view b) {
  constexpr size_t kBandBytes = 8 * kRowsPerBand;
  if (a.size() != b.size()) return 0;
  int shared = 0;
  for (size_t i = 0; i + kBandBytes <= a.size(); i += kBandBytes) {
    shared += std::memcmp(a.data() + i, b.data() + i, kBandBytes) == 0;
  }
  return shared;
}

bool NearDuplicates(absl::string_view a, absl::string_view b) {
  return SharedBands(a, b) >= kMinSharedBands &&
         static_cast<double>(EqualPositions(a, b)) / kMinHashes >= kNearDuplicateSimilarity;
}

// A band_lists value: the smallest ids of the documents with that band
// key, sorted, each as a varint length and its bytes.
void AppendId(absl::string_view id, std::string& out) {
  size_t n = id.size();
  while (n >= 0x80) {
    out.push_back(static_cast<char>(n | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  out.append(id.data(), id.size());
}

// The list cache slot of a band key, among `slots` (a power of two).
size_t ListCacheSlot(const std::string& band_key, size_t slots) {
  return absl::Hash<absl::string_view>{}(band_key) & (slots - 1);
}

bool DecodeIds(absl::string_view value, std::vector<absl::string_view>& ids) {
  while (!value.empty()) {
    size_t n = 0;
    int shift = 0;
    size_t used = 0;
    for (;;) {
      if (used == value.size() || shift > 28) return false;
      const unsigned char byte = static_cast<unsigned char>(value[used++]);
      n |= static_cast<size_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
      shift += 7;
    }
    if (value.size() - used < n) return false;
    ids.push_back(value.substr(used, n));
    value.remove_prefix(used + n);
  }
  return true;
}

// Merges two band_lists values: the kMaxEntriesPerBand smallest distinct
// ids of both. A lookup reads no more per band, and the smallest of a union
// are among the smallest of its parts, so spills and compactions can keep
// just these.
class SmallestIdsOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    std::vector<absl::string_view> ids;
    if (existing_value != nullptr &&
        !DecodeIds(absl::string_view(existing_value->data(), existing_value->size()), ids)) {
      return false;
    }
    if (!DecodeIds(absl::string_view(value.data(), value.size()), ids)) return false;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > static_cast<size_t>(kMaxEntriesPerBand)) ids.resize(kMaxEntriesPerBand);
    new_value->clear();
    for (absl::string_view id : ids) AppendId(id, *new_value);
    return true;
  }
  const char* Name() const override { return "dragoman.SmallestIds"; }
};

rocksdb::WriteOptions SyncWrite() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

struct DocumentStore::Writer {
  const std::vector<NewDocument>* documents;
  std::vector<Lookup> lookups;  // one per document
  absl::StatusOr<std::vector<Inserted>> result;
  bool done = false;
  std::condition_variable cv;
};

DocumentStore::DocumentStore() = default;

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(
    const std::string& path, const DocumentStoreOptions& store_options) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return storage::StorageFailure(absl::StrCat("create ingest store directory ", path),
                                   error.message());
  }
  // Spill files are written here, then moved into the store by ingestion.
  const std::string spill_directory = (std::filesystem::path(path) / "bands-spill").string();
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // The bands and bands_recent memtables (below) do not take concurrent
  // inserts.
  options.allow_concurrent_memtable_write = false;
  const std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, "documents", "originals", "by_hash", "queue", "meta",
      "signatures", "bands", "bands_recent", "band_lists"};
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) {
    rocksdb::ColumnFamilyOptions cf;
    if (name == "originals") cf.compression = rocksdb::kNoCompression;
    // Every new document is first looked up by id (a miss) and its bands
    // by prefix (mostly misses): Bloom filters answer those without
    // reading blocks.
    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    if (name == "bands") {
      // Only ever read by band (prefix seeks): a memtable hashed by band
      // makes each of a document's 64 seeks a bucket lookup instead of a
      // descent through a skip list of every stored band key.
      cf.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(9));  // band number + hash
      cf.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 20));
      cf.memtable_prefix_bloom_size_ratio = 0.05;
      table.whole_key_filtering = false;
    } else if (name == "bands_recent") {
      // Written with every document, read only at Open (RecentBands answers
      // lookups): an insert is an append, no search for its place.
      cf.memtable_factory.reset(new rocksdb::VectorRepFactory());
    } else if (name == "band_lists") {
      // Only written by ingesting spill files, only read by whole key
      // (MultiGet; the table's Bloom filter is on whole keys).
      cf.merge_operator = std::make_shared<SmallestIdsOperator>();
    } else if (name == "documents" || name == "by_hash") {
      // Each new document's id is looked up twice (by the ingestor, then
      // by the group commit) and misses: a whole-key Bloom filter on the
      // memtable answers without a skip list descent. Memtable only, so
      // stored files are unchanged.
      cf.memtable_prefix_bloom_size_ratio = 0.02;
      cf.memtable_whole_key_filtering = true;
    }
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    families.emplace_back(name, cf);
  }
  std::unique_ptr<DocumentStore> store(new DocumentStore());
  store->options_ = store_options;
  store->spill_directory_ = spill_directory;
  store->next_spill_at_ = std::max<size_t>(store_options.spill_documents, 1);
  store->bands_file_options_ = std::make_unique<rocksdb::Options>(options, families[9].options);
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, families, &store->handles_, &db);
  if (!s.ok()) {
    return storage::StorageFailure(absl::StrCat("open ingest store at ", path), s.ToString());
  }
  store->db_.reset(db);
  // Whatever is left in the spill directory was never ingested (a crash
  // before it). Emptied only now that the store's lock is held.
  std::filesystem::remove_all(spill_directory, error);
  std::filesystem::create_directories(spill_directory, error);
  if (error) {
    return storage::StorageFailure(absl::StrCat("create spill directory ", spill_directory),
                                   error.message());
  }
  store->documents_ = store->handles_[1];
  store->originals_ = store->handles_[2];
  store->by_hash_ = store->handles_[3];
  store->queue_ = store->handles_[4];
  store->meta_ = store->handles_[5];
  store->signatures_ = store->handles_[6];
  store->bands_ = store->handles_[7];
  store->bands_recent_ = store->handles_[8];
  store->band_lists_ = store->handles_[9];

  std::string value;
  s = db->Get(rocksdb::ReadOptions(), store->meta_, kNextSequence, &value);
  if (s.ok()) {
    store->next_sequence_ = DecodeSequence(value);
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "read next_sequence");
  }
  int64_t pending = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), store->queue_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++pending;
  if (!it->status().ok()) return FromRocks(it->status(), "count queue");
  it.reset();
  store->pending_ = pending;
  store->stored_through_ = store->next_sequence_ - 1;
  store->recent_floor_ = store->next_sequence_ - 1;

  // Do `bands` (written by an older version) and `band_lists` (spills)
  // hold anything?
  rocksdb::ReadOptions any;
  any.total_order_seek = true;  // ignore the band prefix: any entry at all
  it.reset(db->NewIterator(any, store->bands_));
  it->SeekToFirst();
  if (!it->status().ok()) return FromRocks(it->status(), "read bands");
  store->bands_on_disk_ = it->Valid();
  it.reset(db->NewIterator(any, store->band_lists_));
  it->SeekToFirst();
  if (!it->status().ok()) return FromRocks(it->status(), "read band_lists");
  store->lists_on_disk_ = it->Valid();
  it.reset();
  if (absl::Status loaded = store->LoadRecentBands(); !loaded.ok()) return loaded;
  return store;
}

DocumentStore::~DocumentStore() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

absl::StatusOr<DocumentStore::Lookup> DocumentStore::LookUp(
    const MinHashSignature& signature) const {
  Lookup lookup;
  // Read before the store: whatever is stored up to here is visible below.
  lookup.stored_through = stored_through_.load();
  lookup.encoded_signature = EncodeSignature(signature);
  lookup.bands = BandKeys(signature);
  const std::string& encoded = lookup.encoded_signature;
  // Candidate id -> bands in common. The ids are copied into a few large
  // blocks rather than a string each (a lookup meets ~200 distinct ids).
  absl::flat_hash_map<absl::string_view, int> shared_bands;
  shared_bands.reserve(kBands * kMaxEntriesPerBand / 2);  // ~200 ids met: no regrowth
  std::vector<std::string> id_blocks;
  auto keep = [&id_blocks](absl::string_view id) {
    constexpr size_t kBlockBytes = 8192;
    if (id_blocks.empty() ||
        id_blocks.back().capacity() - id_blocks.back().size() < id.size()) {
      id_blocks.emplace_back().reserve(std::max(kBlockBytes, id.size()));
    }
    std::string& block = id_blocks.back();
    const size_t at = block.size();
    block.append(id.data(), id.size());  // within capacity: earlier views stay valid
    return absl::string_view(block.data() + at, id.size());
  };
  auto count = [&](absl::string_view id) {
    if (auto seen = shared_bands.find(id); seen != shared_bands.end()) {
      ++seen->second;
    } else {
      shared_bands.emplace(keep(id), 1);
    }
  };
  // Per band, the first kMaxEntriesPerBand distinct ids in id order of the
  // recent documents' (memory), the spilled ones' (`band_lists`) and those
  // an older version stored (`bands`): what one family holding every band
  // key would give.
  auto intern = [&](absl::string_view id) {
    auto seen = shared_bands.find(id);
    if (seen == shared_bands.end()) seen = shared_bands.emplace(keep(id), 0).first;
    return seen->first;
  };
  std::vector<std::vector<absl::string_view>> met;  // per band, when merging
  bool read_lists = false;
  bool read_bands = false;
  {
    // Under the lock, a spill has either not dropped memory yet, or has
    // ingested its file and set lists_on_disk_ before it did.
    std::shared_lock<std::shared_mutex> recent_lock(recent_mu_);
    read_lists = lists_on_disk_.load();
    read_bands = bands_on_disk_.load();
    if (!read_lists && !read_bands) {
      for (const std::string& band : lookup.bands) recent_bands_.Find(band, count);
    } else {
      met.resize(lookup.bands.size());
      for (size_t b = 0; b < lookup.bands.size(); ++b) {
        recent_bands_.Find(lookup.bands[b],
                           [&](absl::string_view id) { met[b].push_back(intern(id)); });
      }
    }
  }
  if (read_lists) {
    const size_t n = lookup.bands.size();
    std::vector<std::string> cached(n);
    std::vector<size_t> missing;  // band indexes to read, in key order
    uint64_t generation = 0;
    {
      std::lock_guard<std::mutex> lock(list_cache_mu_);
      if (list_cache_.empty()) list_cache_.resize(kListCacheSlots);
      generation = lists_generation_;
      for (size_t b = 0; b < n; ++b) {
        const CachedList& slot = list_cache_[ListCacheSlot(lookup.bands[b], kListCacheSlots)];
        if (slot.generation == generation && slot.key == lookup.bands[b]) {
          cached[b] = slot.value;
        } else {
          missing.push_back(b);
        }
      }
    }
    if (!missing.empty()) {
      const size_t m = missing.size();
      std::vector<rocksdb::Slice> keys;
      keys.reserve(m);
      for (size_t b : missing) keys.emplace_back(lookup.bands[b]);
      std::vector<rocksdb::PinnableSlice> values(m);
      std::vector<rocksdb::Status> statuses(m);
      // Band keys start with their band number: already in key order.
      db_->MultiGet(rocksdb::ReadOptions(), band_lists_, m, keys.data(), values.data(),
                    statuses.data(), /*sorted_input=*/true);
      for (size_t k = 0; k < m; ++k) {
        if (statuses[k].IsNotFound()) continue;
        if (!statuses[k].ok()) return FromRocks(statuses[k], "read band_lists");
        cached[missing[k]].assign(values[k].data(), values[k].size());
      }
      std::lock_guard<std::mutex> lock(list_cache_mu_);
      // Read before a spill's file was ingested: may be stale, not kept.
      if (generation == lists_generation_) {
        for (size_t b : missing) {
          CachedList& slot = list_cache_[ListCacheSlot(lookup.bands[b], kListCacheSlots)];
          slot.key = lookup.bands[b];
          slot.value = cached[b];
          slot.generation = generation;
        }
      }
    }
    std::vector<absl::string_view> ids;
    for (size_t b = 0; b < n; ++b) {
      if (cached[b].empty()) continue;
      ids.clear();
      if (!DecodeIds(cached[b], ids)) {
        return absl::DataLossError("band_lists entry does not parse");
      }
      for (absl::string_view id : ids) met[b].push_back(intern(id));
    }
  }
  if (read_bands) {
    rocksdb::ReadOptions options;
    options.prefix_same_as_start = true;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, bands_));
    for (size_t b = 0; b < lookup.bands.size(); ++b) {
      const std::string& band = lookup.bands[b];
      it->Seek(band);
      for (int entries = 0; it->Valid() && it->key().starts_with(band);) {
        const rocksdb::Slice key = it->key();
        met[b].push_back(
            intern(absl::string_view(key.data() + band.size(), key.size() - band.size())));
        // No step past the last entry read: each is a memtable and table walk.
        if (++entries == kMaxEntriesPerBand) break;
        it->Next();
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "read bands");
  }
  for (std::vector<absl::string_view>& ids : met) {
    std::sort(ids.begin(), ids.end());
    // In two places after a crash during a spill: counted once.
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > static_cast<size_t>(kMaxEntriesPerBand)) ids.resize(kMaxEntriesPerBand);
    for (absl::string_view id : ids) ++shared_bands.find(id)->second;
  }
  std::vector<std::pair<int, absl::string_view>> candidates;  // (shared bands, id)
  for (const auto& [id, bands] : shared_bands) {
    if (bands >= kMinSharedBands) candidates.emplace_back(bands, id);
  }
  if (candidates.size() > kMaxCandidates) {
    std::partial_sort(candidates.begin(), candidates.begin() + kMaxCandidates, candidates.end(),
                      [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    candidates.resize(kMaxCandidates);
  }
  // Compares one candidate's stored sequence and signature.
  auto compare = [&](absl::string_view id, uint64_t sequence, absl::string_view stored) {
    const double similarity =
        static_cast<double>(EqualPositions(encoded, stored)) / signature.size();
    if (similarity < kNearDuplicateSimilarity) return;
    if (!lookup.earliest.has_value() || sequence < lookup.earliest->sequence) {
      lookup.earliest = Indexed{sequence, std::string(id), "", ""};
    }
  };
  std::vector<absl::string_view> unread;  // candidates not in recent_
  {
    std::shared_lock<std::shared_mutex> recent_lock(recent_mu_);
    for (const auto& [bands, candidate] : candidates) {
      auto cached = recent_by_id_.find(candidate);
      if (cached == recent_by_id_.end()) {
        unread.push_back(candidate);
      } else {
        compare(candidate, cached->second->sequence, cached->second->encoded_signature);
      }
    }
  }
  std::string value;
  for (absl::string_view id : unread) {
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), signatures_, ToSlice(id), &value);
    if (s.IsNotFound() || value.size() < 8) continue;
    if (!s.ok()) return FromRocks(s, "read signature");
    compare(id, DecodeSequence(value), absl::string_view(value).substr(8));
  }
  if (lookup.earliest.has_value()) {
    absl::StatusOr<v1::StoredDocument> original = Get(lookup.earliest->id);
    if (!original.ok()) return original.status();
    lookup.earliest->original =
        original->duplicate_of().empty() ? lookup.earliest->id : original->duplicate_of();
  }
  return lookup;
}

absl::StatusOr<std::optional<WorkItem>> DocumentStore::Insert(const v1::StoredDocument& document,
                                                              absl::string_view original,
                                                              const MinHashSignature& signature) {
  std::vector<NewDocument> documents(1);
  documents[0].document = document;
  documents[0].original = std::string(original);
  documents[0].signature = signature;
  absl::StatusOr<std::vector<Inserted>> inserted = InsertBatch(documents);
  if (!inserted.ok()) return inserted.status();
  return (*inserted)[0].item;
}

absl::StatusOr<std::vector<Inserted>> DocumentStore::InsertBatch(
    const std::vector<NewDocument>& documents) {
  if (documents.empty()) return std::vector<Inserted>();
  Writer w;
  w.documents = &documents;
  w.lookups.reserve(documents.size());
  for (const NewDocument& d : documents) {
    if (d.signature.empty()) {
      w.lookups.emplace_back();
      continue;
    }
    absl::StatusOr<Lookup> lookup = LookUp(d.signature);
    if (!lookup.ok()) return lookup.status();
    w.lookups.push_back(*std::move(lookup));
  }
  std::unique_lock<std::mutex> lock(queue_mu_);
  writers_.push_back(&w);
  w.cv.wait(lock, [&] { return w.done || writers_.front() == &w; });
  if (w.done) return std::move(w.result);

  // Head of the queue: write for everyone waiting (up to a bound), in order.
  std::vector<Writer*> group;
  size_t count = 0;
  for (Writer* writer : writers_) {
    if (!group.empty() && count + writer->documents->size() > kMaxGroupDocuments) break;
    group.push_back(writer);
    count += writer->documents->size();
  }
  lock.unlock();
  bool spill = false;
  {
    std::lock_guard<std::mutex> insert_lock(insert_mu_);
    WriteGroup(group);
    spill = recent_bands_.documents() >= next_spill_at_;
  }
  lock.lock();
  for (Writer* writer : group) {
    writers_.pop_front();
    if (writer != &w) {
      writer->done = true;
      writer->cv.notify_one();
    }
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  lock.unlock();
  if (spill) {
    // After the group is answered: only the next group waits for it.
    std::lock_guard<std::mutex> insert_lock(insert_mu_);
    if (recent_bands_.documents() >= next_spill_at_) {
      if (absl::Status spilled = SpillBands(false); !spilled.ok()) {
        // The documents are stored; memory keeps their bands. Try again later.
        Log(LogLevel::kWarning, absl::StrCat("ingest store: band spill failed: ",
                                             spilled.ToString()));
        next_spill_at_ = recent_bands_.documents() + std::max<size_t>(options_.spill_documents, 1);
      }
    }
  }
  return std::move(w.result);
}

absl::Status DocumentStore::LoadRecentBands() {
  // Keys: sequence (8 bytes) + band key (9) + id; a document's 64 keys
  // are adjacent (same sequence).
  constexpr size_t kPrefix = 8 + 9;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), bands_recent_));
  std::string sequence;
  std::string id;
  std::vector<std::string> bands;
  auto flush = [&] {
    if (!bands.empty()) recent_bands_.Add(id, bands);
    bands.clear();
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    if (key.size() < kPrefix) continue;
    if (key.substr(0, 8) != sequence) {
      flush();
      sequence = std::string(key.substr(0, 8));
      id = std::string(key.substr(kPrefix));
    }
    bands.emplace_back(key.substr(8, 9));
  }
  flush();
  if (!it->status().ok()) return FromRocks(it->status(), "read bands_recent");
  next_spill_at_ = std::max(next_spill_at_, recent_bands_.documents());
  return absl::OkStatus();
}

absl::Status DocumentStore::SpillBands(bool stop_after_ingestion) {
  if (recent_bands_.documents() == 0) return absl::OkStatus();
  const auto start = std::chrono::steady_clock::now();
  // Everything in memory was stored through here (insert_mu_ is held).
  const uint64_t through = next_sequence_ - 1;
  const std::string file =
      (std::filesystem::path(spill_directory_) / absl::StrCat("bands-", through, ".sst")).string();
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), *bands_file_options_, band_lists_);
  rocksdb::Status s = writer.Open(file);
  if (!s.ok()) return FromRocks(s, "open band spill file");
  // One merge operand per band key: its smallest ids (the entries come
  // grouped by band key, ids in order).
  std::string band;
  std::string ids;
  int kept = 0;
  auto add = [&] {
    if (s.ok() && kept > 0) s = writer.Merge(band, ids);
  };
  recent_bands_.ForEachSorted([&](absl::string_view key) {
    const absl::string_view key_band = key.substr(0, 9);
    if (key_band != band) {
      add();
      band = std::string(key_band);
      ids.clear();
      kept = 0;
    }
    if (kept < kMaxEntriesPerBand) {
      AppendId(key.substr(9), ids);
      ++kept;
    }
  });
  add();
  if (s.ok()) s = writer.Finish();
  if (s.ok()) {
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;  // a link, not a copy
    s = db_->IngestExternalFile(band_lists_, {file}, ingest);
  }
  std::error_code ignored;
  std::filesystem::remove(file, ignored);  // ingested (linked) or failed
  {
    // Whether or not the ingestion took effect, what lookups cached before
    // may be stale now.
    std::lock_guard<std::mutex> lock(list_cache_mu_);
    ++lists_generation_;
  }
  if (!s.ok()) return FromRocks(s, "ingest band spill file");
  lists_on_disk_ = true;
  if (stop_after_ingestion) return absl::OkStatus();

  rocksdb::WriteBatch batch;
  s = batch.DeleteRange(bands_recent_, rocksdb::Slice(), EncodeSequence(through + 1));
  if (s.ok()) s = batch.Put(meta_, kBandsSpilledThrough, EncodeSequence(through));
  if (s.ok()) s = db_->Write(SyncWrite(), &batch);
  if (!s.ok()) return FromRocks(s, "drop spilled bands_recent");
  const size_t documents = recent_bands_.documents();
  {
    std::unique_lock<std::shared_mutex> recent_lock(recent_mu_);
    recent_bands_.Clear();
  }
  next_spill_at_ = std::max<size_t>(options_.spill_documents, 1);
  Log(LogLevel::kInfo,
      absl::StrCat("ingest store: spilled the band keys of ", documents, " documents through #",
                   through, " to band_lists in ",
                   std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start).count(),
                   " ms"));
  return absl::OkStatus();
}

absl::Status DocumentStore::SpillBandsForTesting(bool stop_after_ingestion) {
  std::lock_guard<std::mutex> insert_lock(insert_mu_);
  return SpillBands(stop_after_ingestion);
}

size_t DocumentStore::RecentBandDocumentsForTesting() const {
  std::shared_lock<std::shared_mutex> recent_lock(recent_mu_);
  return recent_bands_.documents();
}

void DocumentStore::WriteGroup(const std::vector<Writer*>& group) {
  std::vector<Indexed> indexed;  // signatures stored by this group, in order
  // Their ids and band keys, for recent_bands_ once written.
  std::vector<std::pair<const std::string*, const std::vector<std::string>*>> banded;
  if (group_batch_ == nullptr || group_batch_->GetDataSize() > kMaxKeptBatchBytes) {
    group_batch_ = std::make_unique<rocksdb::WriteBatch>();
  }
  rocksdb::WriteBatch& batch = *group_batch_;
  batch.Clear();
  uint64_t next = next_sequence_;
  auto fail = [&](const absl::Status& status) {
    for (Writer* writer : group) writer->result = status;
  };
  std::vector<std::vector<Inserted>> results(group.size());
  // Documents stored by this group, by id: the same bytes twice in one
  // group are stored once.
  std::unordered_map<std::string, const v1::StoredDocument*> stored_here;
  std::string existing;
  for (size_t g = 0; g < group.size(); ++g) {
    results[g].reserve(group[g]->documents->size());
    for (size_t k = 0; k < group[g]->documents->size(); ++k) {
      const NewDocument& d = (*group[g]->documents)[k];
      const std::string& id = d.document.document_id();
      Inserted inserted;
      if (auto here = stored_here.find(id); here != stored_here.end()) {
        inserted.stored = *here->second;
        results[g].push_back(std::move(inserted));
        continue;
      }
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), documents_, id, &existing);
      if (s.ok()) {
        if (!inserted.stored.ParseFromString(existing)) {
          return fail(absl::DataLossError(absl::StrCat("stored document ", id, " does not parse")));
        }
        results[g].push_back(std::move(inserted));
        continue;
      }
      if (!s.IsNotFound()) return fail(FromRocks(s, "read document"));

      const WorkItem item{next++, id};
      inserted.stored = d.document;
      if (!d.signature.empty()) {
        Lookup& lookup = group[g]->lookups[k];
        if (lookup.stored_through < recent_floor_) {
          // Stale: what was stored since has left recent_. Everything
          // committed is visible now (insert_mu_ is held).
          absl::StatusOr<Lookup> again = LookUp(d.signature);
          if (!again.ok()) return fail(again.status());
          lookup = *std::move(again);
        }
        Indexed entry{item.sequence, id, std::move(lookup.encoded_signature), id};
        std::optional<Indexed> earliest = std::move(lookup.earliest);
        auto consider = [&](const Indexed& other) {
          if (earliest.has_value() && earliest->sequence < other.sequence) return;
          if (NearDuplicates(entry.encoded_signature, other.encoded_signature)) earliest = other;
        };
        // recent_ and `indexed` are in sequence order: the first match wins.
        for (const Indexed& other : recent_) {
          if (other.sequence <= lookup.stored_through) continue;
          if (earliest.has_value() && earliest->sequence < other.sequence) break;
          consider(other);
        }
        for (const Indexed& other : indexed) {
          if (earliest.has_value()) break;
          consider(other);
        }
        if (earliest.has_value()) {
          entry.original = earliest->original;
          inserted.stored.set_duplicate_of(earliest->original);
        } else {
          inserted.stored.clear_duplicate_of();
        }
        // Keys and values from their parts: no string built per band key.
        const std::string sequence = EncodeSequence(item.sequence);
        const rocksdb::Slice id_slice(id);
        const rocksdb::Slice signature_parts[2] = {sequence, entry.encoded_signature};
        batch.Put(signatures_, rocksdb::SliceParts(&id_slice, 1),
                  rocksdb::SliceParts(signature_parts, 2));
        const rocksdb::Slice empty;
        const rocksdb::SliceParts no_value(&empty, 1);
        for (const std::string& band : lookup.bands) {
          const rocksdb::Slice key_parts[3] = {sequence, band, id_slice};
          batch.Put(bands_recent_, rocksdb::SliceParts(key_parts, 3), no_value);
        }
        banded.emplace_back(&id, &lookup.bands);
        indexed.push_back(std::move(entry));
      }
      batch.Put(documents_, id, inserted.stored.SerializeAsString());
      batch.Put(originals_, id, d.original);
      batch.Put(by_hash_, d.document.content_sha256(), id);
      batch.Put(queue_, EncodeSequence(item.sequence), id);
      inserted.item = item;
      results[g].push_back(std::move(inserted));
      stored_here[id] = &results[g].back().stored;  // reserved: no reallocation
    }
  }
  const int64_t queued = static_cast<int64_t>(next - next_sequence_);
  if (queued > 0) {
    batch.Put(meta_, kNextSequence, EncodeSequence(next));
    rocksdb::Status s = db_->Write(SyncWrite(), &batch);
    if (!s.ok()) return fail(FromRocks(s, "store documents"));
    next_sequence_ = next;
    pending_ += queued;
    std::unique_lock<std::shared_mutex> recent_lock(recent_mu_);
    for (Indexed& entry : indexed) {
      const Indexed& kept = recent_.emplace_back(std::move(entry));
      recent_by_id_[kept.id] = &kept;
    }
    for (const auto& [id, bands] : banded) recent_bands_.Add(*id, *bands);
    while (recent_.size() > kRecentSignatures) {
      recent_floor_ = recent_.front().sequence;
      recent_by_id_.erase(recent_.front().id);
      recent_.pop_front();
    }
    stored_through_ = next - 1;
  }
  for (size_t g = 0; g < group.size(); ++g) group[g]->result = std::move(results[g]);
}

int64_t DocumentStore::PendingCount() const { return pending_.load(); }

absl::StatusOr<v1::StoredDocument> DocumentStore::Get(absl::string_view id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), documents_, ToSlice(id), &value);
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat("no document ", id));
  if (!s.ok()) return FromRocks(s, "read document");
  v1::StoredDocument document;
  if (!document.ParseFromString(value)) {
    return absl::DataLossError(absl::StrCat("stored document ", id, " does not parse"));
  }
  return document;
}

absl::StatusOr<std::string> DocumentStore::GetOriginal(absl::string_view id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), originals_, ToSlice(id), &value);
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat("no original for ", id));
  if (!s.ok()) return FromRocks(s, "read original");
  return value;
}

absl::StatusOr<std::string> DocumentStore::FindByHash(absl::string_view sha256_hex) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), by_hash_, ToSlice(sha256_hex), &value);
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat("no document with ", sha256_hex));
  if (!s.ok()) return FromRocks(s, "read by_hash");
  return value;
}

absl::StatusOr<DocumentPage> DocumentStore::List(int page_size,
                                                 absl::string_view page_token) const {
  if (page_size <= 0) page_size = 100;
  page_size = std::min(page_size, 1000);
  std::string after;
  if (!page_token.empty()) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(page_token, &decoded) ||
        !absl::StartsWith(decoded, kPageTokenPrefix)) {
      return absl::InvalidArgumentError("invalid page_token");
    }
    after = decoded.substr(sizeof(kPageTokenPrefix) - 1);
  }
  DocumentPage page;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), documents_));
  if (after.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(after);
    if (it->Valid() && it->key() == rocksdb::Slice(after)) it->Next();
  }
  for (; it->Valid(); it->Next()) {
    if (static_cast<int>(page.documents.size()) == page_size) {
      page.next_page_token = absl::WebSafeBase64Escape(
          absl::StrCat(kPageTokenPrefix, page.documents.back().document_id()));
      break;
    }
    v1::StoredDocument document;
    if (!document.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(
          absl::StrCat("stored document ", it->key().ToString(), " does not parse"));
    }
    document.clear_clean_text();
    document.clear_alignment();
    page.documents.push_back(std::move(document));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list documents");
  return page;
}

absl::StatusOr<std::vector<WorkItem>> DocumentStore::PendingWork() const {
  std::vector<WorkItem> items;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), queue_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    items.push_back(WorkItem{DecodeSequence(absl::string_view(key.data(), key.size())),
                             it->value().ToString()});
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read queue");
  return items;
}

absl::StatusOr<std::vector<WorkItem>> DocumentStore::RequeueFailed() {
  std::lock_guard<std::mutex> lock(insert_mu_);
  std::vector<WorkItem> items;
  rocksdb::WriteBatch batch;
  uint64_t next = next_sequence_;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), documents_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    v1::StoredDocument document;
    if (!document.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        document.state() != v1::PROCESSING_STATE_FAILED) {
      continue;
    }
    document.set_state(v1::PROCESSING_STATE_QUEUED);
    document.clear_error();
    const WorkItem item{next++, document.document_id()};
    batch.Put(documents_, document.document_id(), document.SerializeAsString());
    batch.Put(queue_, EncodeSequence(item.sequence), item.document_id);
    items.push_back(item);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan documents");
  if (items.empty()) return items;
  batch.Put(meta_, kNextSequence, EncodeSequence(next));
  if (rocksdb::Status s = db_->Write(SyncWrite(), &batch); !s.ok()) {
    return FromRocks(s, "requeue failed documents");
  }
  pending_ += static_cast<int64_t>(items.size());
  next_sequence_ = next;
  return items;
}

absl::StatusOr<DocumentStore::Requeued> DocumentStore::Requeue(
    const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(insert_mu_);
  std::vector<v1::StoredDocument> documents;
  if (ids.empty()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), documents_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      v1::StoredDocument document;
      if (!document.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError(
            absl::StrCat("stored document ", it->key().ToString(), " does not parse"));
      }
      documents.push_back(std::move(document));
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan documents");
  } else {
    std::set<std::string> unique(ids.begin(), ids.end());
    for (const std::string& id : unique) {
      absl::StatusOr<v1::StoredDocument> document = Get(id);
      if (!document.ok()) return document.status();
      documents.push_back(*std::move(document));
    }
  }
  Requeued result;
  rocksdb::WriteBatch batch;
  uint64_t next = next_sequence_;
  for (v1::StoredDocument& document : documents) {
    if (document.state() == v1::PROCESSING_STATE_QUEUED) {
      ++result.already_queued;
      continue;
    }
    document.set_state(v1::PROCESSING_STATE_QUEUED);
    document.clear_error();
    const WorkItem item{next++, document.document_id()};
    batch.Put(documents_, document.document_id(), document.SerializeAsString());
    batch.Put(queue_, EncodeSequence(item.sequence), item.document_id);
    result.items.push_back(item);
  }
  if (result.items.empty()) return result;
  batch.Put(meta_, kNextSequence, EncodeSequence(next));
  if (rocksdb::Status s = db_->Write(SyncWrite(), &batch); !s.ok()) {
    return FromRocks(s, "requeue documents");
  }
  pending_ += static_cast<int64_t>(result.items.size());
  next_sequence_ = next;
  return result;
}

absl::Status DocumentStore::Complete(const WorkItem& item, const v1::StoredDocument& document) {
  rocksdb::WriteBatch batch;
  batch.Put(documents_, document.document_id(), document.SerializeAsString());
  batch.Delete(queue_, EncodeSequence(item.sequence));
  absl::Status status = FromRocks(db_->Write(SyncWrite(), &batch), "complete work item");
  // Each work item is completed once (the pipeline holds one per id);
  // never below zero should a crash have left a completed entry around.
  if (status.ok()) {
    int64_t n = pending_.load();
    while (n > 0 && !pending_.compare_exchange_weak(n, n - 1)) {
    }
  }
  return status;
}

}  // namespace dragoman::ingest
