#ifndef DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_
#define DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dragoman/ingest/v1/ingest.pb.h"
#include "services/ingest/near_duplicate.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace dragoman::ingest {

// One unit of pending work: a document waiting for extraction and delivery.
struct WorkItem {
  uint64_t sequence = 0;  // order of arrival; the queue key
  std::string document_id;
};

// A page of stored documents.
struct DocumentPage {
  std::vector<v1::StoredDocument> documents;
  std::string next_page_token;  // empty on the last page
};

// The ingest service's durable state in RocksDB. Column families:
//   documents  id -> StoredDocument (clean text and alignment, no original)
//   originals  id -> original bytes
//   by_hash    hex SHA-256 -> id
//   queue      8-byte big-endian sequence -> id (pending work, in order)
//   meta       "next_sequence" -> 8-byte big-endian counter
//   signatures id -> 8-byte big-endian sequence of first storage + MinHash
//              signature (near_duplicate.h)
//   bands      band key (9 bytes) + id -> "" (near-duplicate candidates)
// Every acknowledged write is one synced WriteBatch, so a document is
// never stored without its original and queue entry, and a finished
// document never keeps its queue entry.
class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(const std::string& path);
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

 private:
  DocumentStore() = default;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* documents_ = nullptr;
  rocksdb::ColumnFamilyHandle* originals_ = nullptr;
  rocksdb::ColumnFamilyHandle* by_hash_ = nullptr;
  rocksdb::ColumnFamilyHandle* queue_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* signatures_ = nullptr;
  rocksdb::ColumnFamilyHandle* bands_ = nullptr;

  // Earliest stored near duplicate of `signature` (resolved to its own
  // original), or "" when none. Requires insert_mu_.
  absl::StatusOr<std::string> NearestOriginal(const MinHashSignature& signature) const;

  std::mutex insert_mu_;  // check-then-write of Insert and Requeue, and the sequence
  uint64_t next_sequence_ = 1;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_DOCUMENT_STORE_H_
