#include "services/ingest/document_store.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace dragoman::ingest {
namespace {

constexpr char kNextSequence[] = "next_sequence";
constexpr char kPageTokenPrefix[] = "v1/";

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat(what, ": not found"));
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
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

rocksdb::WriteOptions SyncWrite() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ingest store directory ", path, ": ", error.message()));
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  const std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, "documents", "originals", "by_hash", "queue", "meta",
      "signatures", "bands"};
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) {
    rocksdb::ColumnFamilyOptions cf;
    if (name == "originals") cf.compression = rocksdb::kNoCompression;
    families.emplace_back(name, cf);
  }
  std::unique_ptr<DocumentStore> store(new DocumentStore());
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, families, &store->handles_, &db);
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ingest store at ", path, ": ", s.ToString()));
  }
  store->db_.reset(db);
  store->documents_ = store->handles_[1];
  store->originals_ = store->handles_[2];
  store->by_hash_ = store->handles_[3];
  store->queue_ = store->handles_[4];
  store->meta_ = store->handles_[5];
  store->signatures_ = store->handles_[6];
  store->bands_ = store->handles_[7];

  std::string value;
  s = db->Get(rocksdb::ReadOptions(), store->meta_, kNextSequence, &value);
  if (s.ok()) {
    store->next_sequence_ = DecodeSequence(value);
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "read next_sequence");
  }
  return store;
}

DocumentStore::~DocumentStore() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

absl::StatusOr<std::string> DocumentStore::NearestOriginal(
    const MinHashSignature& signature) const {
  std::set<std::string> candidates;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), bands_));
  for (const std::string& band : BandKeys(signature)) {
    for (it->Seek(band); it->Valid() && it->key().starts_with(band); it->Next()) {
      candidates.insert(it->key().ToString().substr(band.size()));
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read bands");
  std::string best;
  uint64_t best_sequence = 0;
  for (const std::string& id : candidates) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), signatures_, id, &value);
    if (s.IsNotFound() || value.size() < 8) continue;
    if (!s.ok()) return FromRocks(s, "read signature");
    const uint64_t sequence = DecodeSequence(value);
    if (EstimatedSimilarity(signature, DecodeSignature(absl::string_view(value).substr(8))) <
        kNearDuplicateSimilarity) {
      continue;
    }
    if (best.empty() || sequence < best_sequence) {
      best = id;
      best_sequence = sequence;
    }
  }
  if (best.empty()) return best;
  absl::StatusOr<v1::StoredDocument> original = Get(best);
  if (!original.ok()) return original.status();
  return original->duplicate_of().empty() ? best : original->duplicate_of();
}

absl::StatusOr<std::optional<WorkItem>> DocumentStore::Insert(const v1::StoredDocument& document,
                                                              absl::string_view original,
                                                              const MinHashSignature& signature) {
  std::lock_guard<std::mutex> lock(insert_mu_);
  std::string existing;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), documents_, document.document_id(), &existing);
  if (s.ok()) return std::nullopt;
  if (!s.IsNotFound()) return FromRocks(s, "read document");

  const WorkItem item{next_sequence_, document.document_id()};
  rocksdb::WriteBatch batch;
  v1::StoredDocument stored = document;
  if (!signature.empty()) {
    absl::StatusOr<std::string> duplicate_of = NearestOriginal(signature);
    if (!duplicate_of.ok()) return duplicate_of.status();
    stored.set_duplicate_of(*duplicate_of);
    std::string value;
    value.reserve(8 + signature.size() * 8);
    value += EncodeSequence(item.sequence);
    value += EncodeSignature(signature);
    batch.Put(signatures_, document.document_id(), value);
    for (const std::string& band : BandKeys(signature)) {
      batch.Put(bands_, band + document.document_id(), "");
    }
  }
  batch.Put(documents_, document.document_id(), stored.SerializeAsString());
  batch.Put(originals_, document.document_id(), ToSlice(original));
  batch.Put(by_hash_, document.content_sha256(), document.document_id());
  batch.Put(queue_, EncodeSequence(item.sequence), item.document_id);
  batch.Put(meta_, kNextSequence, EncodeSequence(item.sequence + 1));
  s = db_->Write(SyncWrite(), &batch);
  if (!s.ok()) return FromRocks(s, "store document");
  ++next_sequence_;
  return item;
}

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
  next_sequence_ = next;
  return result;
}

absl::Status DocumentStore::Complete(const WorkItem& item, const v1::StoredDocument& document) {
  rocksdb::WriteBatch batch;
  batch.Put(documents_, document.document_id(), document.SerializeAsString());
  batch.Delete(queue_, EncodeSequence(item.sequence));
  return FromRocks(db_->Write(SyncWrite(), &batch), "complete work item");
}

}  // namespace dragoman::ingest
