#ifndef DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_
#define DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dragoman/ingest/v1/ingest.pb.h"
#include "services/ingest/near_duplicate.h"
#include "services/ingest/recent_bands.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class WriteBatch;
struct Options;
}  // namespace rocksdb

namespace dragoman::ingest {

// One unit of pending work: a document waiting for extraction and delivery.
struct WorkItem {
  uint64_t sequence = 0;  // order of arrival; the queue key
  std::string document_id;
};

// A document to store with Insert: what the ingestor made of a request.
struct NewDocument {
  v1::StoredDocument document;  // state QUEUED
  std::string original;
  MinHashSignature signature;  // may be empty (no near-duplicate check)
};

// What Insert did with one NewDocument.
struct Inserted {
  // The queued work item, or nullopt when a document with the same id was
  // stored already (by an earlier call or earlier in the same batch).
  std::optional<WorkItem> item;
  // The document as stored now (duplicate_of decided), without the need
  // to read it back.
  v1::StoredDocument stored;
};

// A page of stored documents.
struct DocumentPage {
  std::vector<v1::StoredDocument> documents;
  std::string next_page_token;  // empty on the last page
};

// How a DocumentStore keeps its near-duplicate index.
struct DocumentStoreOptions {
  // Documents whose band keys are kept in memory (and in `bands_recent`)
  // before they move, as one sorted file, to `band_lists`.
  size_t spill_documents = 8192;
};

// The ingest service's durable state in RocksDB. Column families:
//   documents  id -> StoredDocument (clean text and alignment, no original)
//   originals  id -> original bytes
//   by_hash    hex SHA-256 -> id
//   queue      8-byte big-endian sequence -> id (pending work, in order)
//   meta       "next_sequence" -> 8-byte big-endian counter
//   signatures id -> 8-byte big-endian sequence of first storage + MinHash
//              signature (near_duplicate.h)
//   bands_recent  8-byte big-endian sequence + band key (9 bytes) + id ->
//              "": the band keys of the last documents stored
//   band_lists band key -> the smallest ids (at most 8, sorted) of the
//              documents spilled with that band key; a merge operator
//              combines lists
//   bands      band key + id -> "": written only by versions before
//              bands_recent; read, never written
// Band keys serve near-duplicate candidate lookup. A document's band keys
// are written to `bands_recent` in its synced batch and kept in memory
// (RecentBands), which answers lookups for them; `bands_recent` is only
// read at Open. Every spill_documents documents they are spilled: one
// merge operand per band key, written sorted to a file ingested into
// `band_lists`, then deleted from `bands_recent` by sequence range
// (recording the spill point in meta "bands_spilled_through") and dropped
// from memory. A crash between the two leaves them in both, which lookups
// de-duplicate. A lookup reads at most 8 ids per band, so keeping the 8
// smallest loses nothing. Stores written before `bands_recent` existed
// (band keys in `bands` only) open and work as they are.
// Every acknowledged write is one synced WriteBatch, so a document is
// never stored without its original and queue entry, and a finished
// document never keeps its queue entry.
//
// Inserts are group-committed: concurrent InsertBatch callers queue up,
// and the caller at the head of the queue checks and writes the documents
// of everyone waiting in one synced WriteBatch (one WAL fsync), in queue
// order, then wakes the others (as LevelDB's DBImpl::Write does). Callers
// that arrive during the fsync form the next group.
class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(
      const std::string& path, const DocumentStoreOptions& options = {});
  ~DocumentStore();

  DocumentStore(const DocumentStore&) = delete;
  DocumentStore& operator=(const DocumentStore&) = delete;

  // Stores a new document (state QUEUED) with its original bytes and a
  // queue entry. Returns the queued work item, or nullopt when a document
  // with the same id was already stored (nothing is written then).
  //
  // With a signature, the document is also indexed for near-duplicate
  // search, and when earlier stored documents are near duplicates of it
  // (estimated similarity >= kNearDuplicateSimilarity) the stored copy
  // gets duplicate_of = the earliest stored of them (or what that one is a
  // duplicate of, so chains point at one original). The check and the
  // write happen under one lock, so concurrent near duplicates resolve in
  // storage order.
  absl::StatusOr<std::optional<WorkItem>> Insert(const v1::StoredDocument& document,
                                                 absl::string_view original,
                                                 const MinHashSignature& signature = {});

  // Insert for several documents, stored durably together (one synced
  // batch, possibly shared with concurrent callers) and decided in order:
  // a later document sees the earlier ones as stored. One Inserted per
  // document, in order; on a storage error nothing of the group is stored.
  absl::StatusOr<std::vector<Inserted>> InsertBatch(const std::vector<NewDocument>& documents);

  // Documents in the outbox: queued and not yet completed.
  int64_t PendingCount() const;

  // NotFound when absent.
  absl::StatusOr<v1::StoredDocument> Get(absl::string_view id) const;
  absl::StatusOr<std::string> GetOriginal(absl::string_view id) const;
  // Id of the document with these exact bytes (hex SHA-256), NotFound if none.
  absl::StatusOr<std::string> FindByHash(absl::string_view sha256_hex) const;

  // Documents in id order, without clean text or alignment. page_size is
  // clamped to [1, 1000] (0 means 100). InvalidArgument for a bad token.
  absl::StatusOr<DocumentPage> List(int page_size, absl::string_view page_token) const;

  // Pending work in arrival order.
  absl::StatusOr<std::vector<WorkItem>> PendingWork() const;

  // Puts every FAILED document back in the queue (state QUEUED, error
  // cleared), e.g. after the extractor was fixed. Returns the new work.
  absl::StatusOr<std::vector<WorkItem>> RequeueFailed();

  // What Requeue did.
  struct Requeued {
    std::vector<WorkItem> items;  // newly queued, in id order
    int already_queued = 0;       // were QUEUED (pending or in progress)
  };
  // Puts stored documents back in the queue (state QUEUED, error cleared)
  // so extraction runs again on their stored clean text: the documents in
  // `ids`, or every document when `ids` is empty. Documents already QUEUED
  // are left alone (counted). NotFound, with nothing queued, when an id is
  // unknown.
  absl::StatusOr<Requeued> Requeue(const std::vector<std::string>& ids);

  // Records the outcome of processing (DONE or FAILED) and removes the
  // queue entry, atomically.
  absl::Status Complete(const WorkItem& item, const v1::StoredDocument& document);

  // Spills the band keys held in memory now, or, with
  // stop_after_ingestion, only ingests them into `band_lists` and returns as a
  // crash before the rest would (they then stay in memory and
  // `bands_recent` too). For tests.
  absl::Status SpillBandsForTesting(bool stop_after_ingestion = false);
  // Documents whose band keys are held in memory. For tests.
  size_t RecentBandDocumentsForTesting() const;

 private:
  DocumentStore();

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* documents_ = nullptr;
  rocksdb::ColumnFamilyHandle* originals_ = nullptr;
  rocksdb::ColumnFamilyHandle* by_hash_ = nullptr;
  rocksdb::ColumnFamilyHandle* queue_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* signatures_ = nullptr;
  rocksdb::ColumnFamilyHandle* bands_ = nullptr;
  rocksdb::ColumnFamilyHandle* bands_recent_ = nullptr;
  rocksdb::ColumnFamilyHandle* band_lists_ = nullptr;
  std::string spill_directory_;
  DocumentStoreOptions options_;
  // What a file ingested into `band_lists` is written with: its options.
  std::unique_ptr<rocksdb::Options> bands_file_options_;

  // A caller of InsertBatch waiting in the commit queue.
  struct Writer;
  // A document whose signature is stored: what a later document's
  // near-duplicate check needs of it.
  struct Indexed {
    uint64_t sequence = 0;
    std::string id;
    std::string encoded_signature;
    std::string original;  // its duplicate_of, or its own id when it is an original
  };
  // The near-duplicate check of one signature against the store as of
  // `stored_through` (every signature up to that sequence was visible).
  struct Lookup {
    uint64_t stored_through = 0;
    std::string encoded_signature;   // EncodeSignature, for WriteGroup to store
    std::vector<std::string> bands;  // BandKeys, likewise
    std::optional<Indexed> earliest;  // earliest similar stored document
  };

  // Checks and writes the documents of `group` in one synced batch and
  // sets each writer's result. Requires insert_mu_.
  void WriteGroup(const std::vector<Writer*>& group);

  // Loads `bands_recent` into recent_bands_ (at Open).
  absl::Status LoadRecentBands();
  // Moves the band keys in memory to `band_lists` (see the class comment).
  // Requires insert_mu_.
  absl::Status SpillBands(bool stop_after_ingestion);

  // The band lookup: reads the store only, so callers run it in parallel
  // before they queue up; WriteGroup then only checks what was stored
  // since (recent_) and earlier in the group.
  absl::StatusOr<Lookup> LookUp(const MinHashSignature& signature) const;

  std::mutex queue_mu_;  // guards writers_
  std::deque<Writer*> writers_;

  std::mutex insert_mu_;  // check-then-write of inserts and Requeue, and the sequence
  uint64_t next_sequence_ = 1;
  // The batch WriteGroup fills, kept between groups (guarded by
  // insert_mu_): a group's batch is hundreds of kilobytes, which a fresh
  // one would map from the kernel, page-fault and unmap every time.
  std::unique_ptr<rocksdb::WriteBatch> group_batch_;
  std::atomic<int64_t> pending_{0};  // entries in the queue column family
  // Highest sequence whose signature (and everything before) is visible.
  std::atomic<uint64_t> stored_through_{0};
  // The last documents stored with a signature, in sequence order, and the
  // highest sequence dropped from it (older lookups are redone). Guarded
  // by insert_mu_.
  std::deque<Indexed> recent_;
  uint64_t recent_floor_ = 0;
  // recent_ by id, so that LookUp (which runs outside insert_mu_) reads
  // the signatures of recent candidates from memory rather than from the
  // store: the same bytes, as a stored signature never changes. WriteGroup
  // changes recent_ and this index only under both insert_mu_ and
  // recent_mu_ (exclusive); LookUp reads them under recent_mu_ (shared).
  mutable std::shared_mutex recent_mu_;
  absl::flat_hash_map<absl::string_view, const Indexed*> recent_by_id_;
  // The band keys of documents stored since the last spill, under the same
  // rule as recent_ (written with insert_mu_ and recent_mu_ held).
  RecentBands recent_bands_;
  // Whether `bands` holds entries (written by an older version; only read
  // then), and whether `band_lists` does (set once a spill has ingested a
  // file, before memory is dropped). False lets lookups skip reading them.
  std::atomic<bool> bands_on_disk_{false};
  std::atomic<bool> lists_on_disk_{false};
  // band_lists values read recently. Band keys shared by many documents
  // (boilerplate, wire copies) are read again and again, each a block read
  // in RocksDB. band_lists changes only when a spill ingests a file, which
  // bumps the generation: an entry is used only if read in the current one.
  struct CachedList {
    std::string key;
    std::string value;  // empty: no entry
    uint64_t generation = 0;
  };
  static constexpr size_t kListCacheSlots = 1 << 16;
  mutable std::mutex list_cache_mu_;
  mutable std::vector<CachedList> list_cache_;  // kListCacheSlots, direct-mapped
  uint64_t lists_generation_ = 1;                // guarded by list_cache_mu_
  // Documents in memory at which the next spill is tried (raised after a
  // failed one, so that it is not retried on every group).
  size_t next_spill_at_ = 0;  // guarded by insert_mu_
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_
