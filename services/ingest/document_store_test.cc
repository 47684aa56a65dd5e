#include "services/ingest/document_store.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/ingest/test_util.h"

namespace dragoman::ingest {
namespace {

using testing::TempDir;

v1::StoredDocument MakeDocument(const std::string& id, const std::string& sha) {
  v1::StoredDocument d;
  d.set_document_id(id);
  d.set_uri(id + ".txt");
  d.set_content_sha256(sha);
  d.set_clean_text("Texte propre de " + id);
  d.set_state(v1::PROCESSING_STATE_QUEUED);
  d.mutable_alignment()->add_clean_length(5);
  return d;
}

TEST(DocumentStoreTest, DataSurvivesReopen) {
  TempDir dir;
  {
    auto store = DocumentStore::Open(dir.path());
    ASSERT_TRUE(store.ok()) << store.status();
    auto item = (*store)->Insert(MakeDocument("d1", "aa11"), "original bytes");
    ASSERT_TRUE(item.ok());
    ASSERT_TRUE(item->has_value());
    EXPECT_EQ((*item)->document_id, "d1");
  }
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status();
  auto doc = (*store)->Get("d1");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->clean_text(), "Texte propre de d1");
  EXPECT_EQ(doc->alignment().clean_length_size(), 1);
  EXPECT_EQ(*(*store)->GetOriginal("d1"), "original bytes");
  EXPECT_EQ(*(*store)->FindByHash("aa11"), "d1");
  EXPECT_TRUE(absl::IsNotFound((*store)->Get("d2").status()));
  EXPECT_TRUE(absl::IsNotFound((*store)->FindByHash("bb").status()));
}

TEST(DocumentStoreTest, SecondInsertOfTheSameIdWritesNothing) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  ASSERT_TRUE(store->Insert(MakeDocument("d1", "aa"), "first")->has_value());
  v1::StoredDocument changed = MakeDocument("d1", "aa");
  changed.set_uri("other.txt");
  auto again = store->Insert(changed, "second");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(store->Get("d1")->uri(), "d1.txt");
  EXPECT_EQ(*store->GetOriginal("d1"), "first");
  EXPECT_EQ(store->PendingWork()->size(), 1u);
}

TEST(DocumentStoreTest, QueueKeepsArrivalOrderAcrossReopen) {
  TempDir dir;
  {
    auto store = *DocumentStore::Open(dir.path());
    // Ids deliberately not in arrival order.
    for (const char* id : {"dz", "da", "dm"}) {
      ASSERT_TRUE(store->Insert(MakeDocument(id, std::string("h") + id), "x").ok());
    }
    auto pending = store->PendingWork();
    ASSERT_EQ(pending->size(), 3u);
    v1::StoredDocument done = *store->Get("dz");
    done.set_state(v1::PROCESSING_STATE_DONE);
    ASSERT_TRUE(store->Complete((*pending)[0], done).ok());
  }
  auto store = *DocumentStore::Open(dir.path());
  auto pending = store->PendingWork();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].document_id, "da");
  EXPECT_EQ((*pending)[1].document_id, "dm");
  EXPECT_LT((*pending)[0].sequence, (*pending)[1].sequence);
  EXPECT_EQ(store->Get("dz")->state(), v1::PROCESSING_STATE_DONE);
  // Sequence numbers continue after a reopen instead of restarting.
  auto item = store->Insert(MakeDocument("db", "hdb"), "x");
  EXPECT_GT((*item)->sequence, (*pending)[1].sequence);
}

TEST(DocumentStoreTest, RequeueFailedPutsFailedDocumentsBackInOrder) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  for (const char* id : {"d1", "d2", "d3"}) {
    ASSERT_TRUE(store->Insert(MakeDocument(id, std::string("h") + id), "x").ok());
  }
  auto pending = *store->PendingWork();
  for (size_t i = 0; i < pending.size(); ++i) {
    v1::StoredDocument d = *store->Get(pending[i].document_id);
    d.set_state(i == 1 ? v1::PROCESSING_STATE_DONE : v1::PROCESSING_STATE_FAILED);
    d.set_error("extraction: broken");
    ASSERT_TRUE(store->Complete(pending[i], d).ok());
  }
  auto requeued = store->RequeueFailed();
  ASSERT_TRUE(requeued.ok());
  ASSERT_EQ(requeued->size(), 2u);
  EXPECT_EQ((*requeued)[0].document_id, "d1");
  EXPECT_EQ((*requeued)[1].document_id, "d3");
  EXPECT_GT((*requeued)[0].sequence, pending[2].sequence);
  EXPECT_EQ(store->Get("d1")->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_TRUE(store->Get("d1")->error().empty());
  EXPECT_EQ(store->Get("d2")->state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(store->PendingWork()->size(), 2u);
  EXPECT_TRUE(store->RequeueFailed()->empty());
}

TEST(DocumentStoreTest, RequeueQueuesDoneDocumentsAndSkipsQueuedOnes) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  auto a = store->Insert(MakeDocument("da", "aa"), "a");
  auto b = store->Insert(MakeDocument("db", "bb"), "b");
  ASSERT_TRUE(a.ok() && b.ok());
  v1::StoredDocument done = *store->Get("da");
  done.set_state(v1::PROCESSING_STATE_DONE);
  ASSERT_TRUE(store->Complete(**a, done).ok());

  auto requeued = store->Requeue({});
  ASSERT_TRUE(requeued.ok()) << requeued.status();
  ASSERT_EQ(requeued->items.size(), 1u);
  EXPECT_EQ(requeued->items[0].document_id, "da");
  EXPECT_EQ(requeued->already_queued, 1);
  EXPECT_EQ(store->Get("da")->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_EQ(store->PendingWork()->size(), 2u);
  EXPECT_TRUE(absl::IsNotFound(store->Requeue({"da", "dz"}).status()));
}

TEST(DocumentStoreTest, NearDuplicateIsDecidedAtInsert) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  const MinHashSignature sig(kMinHashes, 7);
  MinHashSignature close = sig;
  for (int i = 0; i < kMinHashes / 4; ++i) close[i] = 100 + i;  // 0.75 similar
  MinHashSignature far(kMinHashes, 9);
  ASSERT_TRUE(store->Insert(MakeDocument("d1", "11"), "1", sig).ok());
  ASSERT_TRUE(store->Insert(MakeDocument("d2", "22"), "2", close).ok());
  ASSERT_TRUE(store->Insert(MakeDocument("d3", "33"), "3", far).ok());
  ASSERT_TRUE(store->Insert(MakeDocument("d0", "00"), "0", sig).ok());
  EXPECT_EQ(store->Get("d1")->duplicate_of(), "");
  EXPECT_EQ(store->Get("d2")->duplicate_of(), "d1");
  EXPECT_EQ(store->Get("d3")->duplicate_of(), "");
  // Earliest stored wins, not the smallest id.
  EXPECT_EQ(store->Get("d0")->duplicate_of(), "d1");
}

TEST(DocumentStoreTest, ListPagesInIdOrderWithoutText) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  for (int i = 0; i < 5; ++i) {
    const std::string id = "d" + std::to_string(i);
    ASSERT_TRUE(store->Insert(MakeDocument(id, "h" + id), "x").ok());
  }
  auto first = store->List(2, "");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->documents.size(), 2u);
  EXPECT_EQ(first->documents[0].document_id(), "d0");
  EXPECT_TRUE(first->documents[0].clean_text().empty());
  EXPECT_FALSE(first->documents[0].has_alignment());
  ASSERT_FALSE(first->next_page_token.empty());
  auto second = store->List(2, first->next_page_token);
  EXPECT_EQ(second->documents[0].document_id(), "d2");
  auto third = store->List(2, second->next_page_token);
  ASSERT_EQ(third->documents.size(), 1u);
  EXPECT_EQ(third->documents[0].document_id(), "d4");
  EXPECT_TRUE(third->next_page_token.empty());
  EXPECT_EQ(store->List(0, "")->documents.size(), 5u);  // default page
  EXPECT_TRUE(absl::IsInvalidArgument(store->List(2, "not a token!").status()));
}

NewDocument MakeNew(const std::string& id, const MinHashSignature& signature = {}) {
  NewDocument d;
  d.document = MakeDocument(id, "h" + id);
  d.original = "original of " + id;
  d.signature = signature;
  return d;
}

TEST(DocumentStoreTest, InsertBatchDecidesInOrderAndStoresOnce) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  const MinHashSignature sig(kMinHashes, 7);
  MinHashSignature close = sig;
  for (int i = 0; i < kMinHashes / 4; ++i) close[i] = 100 + i;
  ASSERT_TRUE(store->Insert(MakeDocument("d0", "h0"), "zero").ok());
  auto inserted = store->InsertBatch(
      {MakeNew("d1", sig), MakeNew("d2", close), MakeNew("d1", sig), MakeNew("d0")});
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  ASSERT_EQ(inserted->size(), 4u);
  ASSERT_TRUE((*inserted)[0].item.has_value());
  ASSERT_TRUE((*inserted)[1].item.has_value());
  EXPECT_LT((*inserted)[0].item->sequence, (*inserted)[1].item->sequence);
  // A near duplicate of a document stored earlier in the same batch.
  EXPECT_EQ((*inserted)[1].stored.duplicate_of(), "d1");
  EXPECT_EQ(store->Get("d2")->duplicate_of(), "d1");
  // The same id again in the batch, and one stored before: not written twice.
  EXPECT_FALSE((*inserted)[2].item.has_value());
  EXPECT_EQ((*inserted)[2].stored.document_id(), "d1");
  EXPECT_FALSE((*inserted)[3].item.has_value());
  EXPECT_EQ((*inserted)[3].stored.clean_text(), "Texte propre de d0");
  EXPECT_EQ(*store->GetOriginal("d1"), "original of d1");
  EXPECT_EQ(store->PendingWork()->size(), 3u);
}

TEST(DocumentStoreTest, ConcurrentInsertsAreAllStoredWithDistinctSequences) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string id = "d" + std::to_string(t) + "-" + std::to_string(i);
        MinHashSignature sig(kMinHashes);
        for (int j = 0; j < kMinHashes; ++j) sig[j] = t * 100000 + i * 1000 + j;
        ASSERT_TRUE(store->InsertBatch({MakeNew(id, sig), MakeNew(id + "b")}).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  auto pending = store->PendingWork();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 8u * 20 * 2);
  std::set<uint64_t> sequences;
  for (const WorkItem& item : *pending) sequences.insert(item.sequence);
  EXPECT_EQ(sequences.size(), pending->size());
  EXPECT_EQ(store->PendingCount(), 320);
  // Distinct signatures: nobody is anybody's near duplicate.
  EXPECT_EQ(store->Get("d3-7")->duplicate_of(), "");
}

TEST(DocumentStoreTest, PendingCountFollowsTheQueueAcrossReopen) {
  TempDir dir;
  {
    auto store = *DocumentStore::Open(dir.path());
    EXPECT_EQ(store->PendingCount(), 0);
    auto a = store->Insert(MakeDocument("da", "ha"), "a");
    ASSERT_TRUE(store->Insert(MakeDocument("db", "hb"), "b").ok());
    EXPECT_EQ(store->PendingCount(), 2);
    v1::StoredDocument done = *store->Get("da");
    done.set_state(v1::PROCESSING_STATE_DONE);
    ASSERT_TRUE(store->Complete(**a, done).ok());
    EXPECT_EQ(store->PendingCount(), 1);
  }
  auto store = *DocumentStore::Open(dir.path());
  EXPECT_EQ(store->PendingCount(), 1);
  ASSERT_TRUE(store->Requeue({"da"}).ok());
  EXPECT_EQ(store->PendingCount(), 2);
}

TEST(DocumentStoreTest, OpenFailsClearlyOnAnUnusablePath) {
  auto store = DocumentStore::Open("/proc/no/such/dir");
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace dragoman::ingest
