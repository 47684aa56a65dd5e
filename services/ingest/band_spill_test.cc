// The near-duplicate band index in memory (RecentBands) and its spills to
// `band_lists`: decisions must be those of one family holding every
// band key, whenever spills happen, across reopen and crashes.

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "services/ingest/document_store.h"
#include "services/ingest/near_duplicate.h"
#include "services/ingest/recent_bands.h"
#include "services/ingest/test_util.h"

namespace dragoman::ingest {
namespace {

using testing::TempDir;

TEST(RecentBandsTest, FindAndSortedEntriesMatchASortedSetOfKeys) {
  std::mt19937_64 rng(11);
  RecentBands recent;
  std::set<std::string> reference;  // band key + id, as the bands family
  for (int d = 0; d < 400; ++d) {
    const std::string id = absl::StrCat("id", rng() % 1000, "-", d);
    std::vector<std::string> keys;
    for (int b = 0; b < kBands; ++b) {
      std::string key(1, static_cast<char>(b));
      const uint64_t hash = rng() % 6 == 0 ? rng() : rng() % 5;  // many shared keys
      for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(hash >> shift));
      keys.push_back(key);
      reference.insert(key + id);
    }
    recent.Add(id, keys);
  }
  EXPECT_EQ(recent.documents(), 400u);
  std::vector<std::string> sorted;
  recent.ForEachSorted([&](absl::string_view key) { sorted.emplace_back(key); });
  EXPECT_EQ(sorted, std::vector<std::string>(reference.begin(), reference.end()));

  std::set<std::string> band_keys;
  for (const std::string& key : reference) band_keys.insert(key.substr(0, 9));
  band_keys.insert(std::string(9, '\x01'));  // absent
  for (const std::string& band : band_keys) {
    std::vector<std::string> expected;
    for (auto it = reference.lower_bound(band);
         it != reference.end() && it->compare(0, 9, band) == 0 &&
         expected.size() < static_cast<size_t>(RecentBands::kKept);
         ++it) {
      expected.push_back(it->substr(9));
    }
    std::vector<std::string> found;
    recent.Find(band, [&](absl::string_view id) { found.emplace_back(id); });
    EXPECT_EQ(found, expected);
  }
  recent.Clear();
  EXPECT_EQ(recent.documents(), 0u);
  std::vector<std::string> none;
  recent.Find(*band_keys.begin(), [&](absl::string_view id) { none.emplace_back(id); });
  EXPECT_TRUE(none.empty());
}

v1::StoredDocument MakeDocument(const std::string& id) {
  v1::StoredDocument d;
  d.set_document_id(id);
  d.set_content_sha256("sha-" + id);
  d.set_state(v1::PROCESSING_STATE_QUEUED);
  return d;
}

// Documents drawn from a few stories, each copy with some values changed:
// many share bands (more than a lookup reads per band) and many are near
// duplicates, some just below the threshold. Ids are not in storage order.
struct Generated {
  std::vector<std::string> ids;
  std::vector<MinHashSignature> signatures;
};

Generated Generate(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<MinHashSignature> stories(12, MinHashSignature(kMinHashes));
  for (auto& story : stories) {
    for (uint64_t& v : story) v = rng();
  }
  const double changed[] = {0.0, 0.1, 0.4, 0.55, 0.7, 1.0};
  Generated g;
  for (int i = 0; i < n; ++i) {
    MinHashSignature sig = stories[rng() % stories.size()];
    const double p = changed[rng() % 6];
    for (uint64_t& v : sig) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < p) v = rng();
    }
    g.ids.push_back(absl::StrCat("d", rng() % 100000, "-", i));
    g.signatures.push_back(sig);
  }
  return g;
}

std::vector<std::string> DuplicateOf(DocumentStore& store, const Generated& g) {
  std::vector<std::string> out;
  for (const std::string& id : g.ids) {
    absl::StatusOr<v1::StoredDocument> d = store.Get(id);
    out.push_back(d.ok() ? d->duplicate_of() : "<missing>");
  }
  return out;
}

// Inserts g's documents [from, to) one at a time.
void InsertRange(DocumentStore& store, const Generated& g, int from, int to) {
  for (int i = from; i < to; ++i) {
    ASSERT_TRUE(store.Insert(MakeDocument(g.ids[i]), "x", g.signatures[i]).ok());
  }
}

DocumentStoreOptions Spilling(size_t every) {
  DocumentStoreOptions options;
  options.spill_documents = every;
  return options;
}

// Decisions with every band key in memory (no spill).
std::vector<std::string> Reference(const Generated& g) {
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
  InsertRange(*store, g, 0, static_cast<int>(g.ids.size()));
  EXPECT_EQ(store->RecentBandDocumentsForTesting(), g.ids.size());
  return DuplicateOf(*store, g);
}

TEST(BandSpillTest, DecisionsDoNotDependOnSpills) {
  const Generated g = Generate(300, 5);
  const std::vector<std::string> reference = Reference(g);
  int duplicates = 0;
  for (const std::string& d : reference) duplicates += !d.empty();
  ASSERT_GT(duplicates, 100);  // the test means something
  ASSERT_LT(duplicates, 290);
  for (size_t every : {3, 64}) {
    TempDir dir;
    auto store = *DocumentStore::Open(dir.path(), Spilling(every));
    InsertRange(*store, g, 0, 300);
    EXPECT_LT(store->RecentBandDocumentsForTesting(), every);
    EXPECT_EQ(DuplicateOf(*store, g), reference) << "spill every " << every;
  }
}

TEST(BandSpillTest, SpilledAndRecentBandsSurviveReopen) {
  const Generated g = Generate(240, 9);
  const std::vector<std::string> reference = Reference(g);
  TempDir dir;
  {
    auto store = *DocumentStore::Open(dir.path(), Spilling(50));
    InsertRange(*store, g, 0, 120);  // two spills, 20 in memory
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 20u);
  }
  {
    auto store = *DocumentStore::Open(dir.path(), Spilling(50));
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 20u);  // from bands_recent
    InsertRange(*store, g, 120, 240);
  }
  auto store = *DocumentStore::Open(dir.path(), Spilling(50));
  EXPECT_EQ(DuplicateOf(*store, g), reference);
}

TEST(BandSpillTest, CrashBetweenIngestionAndCleanupKeepsDecisions) {
  const Generated g = Generate(200, 13);
  const std::vector<std::string> reference = Reference(g);
  TempDir dir;
  {
    auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
    InsertRange(*store, g, 0, 60);
    // The file is in `band_lists`, the entries still in memory and bands_recent:
    // lookups meet each id twice and must count it once.
    ASSERT_TRUE(store->SpillBandsForTesting(/*stop_after_ingestion=*/true).ok());
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 60u);
    InsertRange(*store, g, 60, 100);
  }  // "crash": nothing else of the spill happened
  {
    auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 100u);
    InsertRange(*store, g, 100, 150);
    // A later spill writes the same ids to `band_lists` again: no harm.
    ASSERT_TRUE(store->SpillBandsForTesting().ok());
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 0u);
  }
  auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
  EXPECT_EQ(store->RecentBandDocumentsForTesting(), 0u);
  InsertRange(*store, g, 150, 200);
  EXPECT_EQ(DuplicateOf(*store, g), reference);
}

TEST(BandSpillTest, BandInMemoryAndOnDiskCountsOnce) {
  // b is similar enough to a (58 of 128 values equal) but shares one band
  // only (band 0; bands 1-56 have one equal value of two): not a candidate,
  // unless a's entry in both places were counted twice. c shares two.
  MinHashSignature a(kMinHashes), b(kMinHashes), c(kMinHashes);
  for (int i = 0; i < kMinHashes; ++i) {
    a[i] = 1000 + i;
    b[i] = 5000 + i;
  }
  b[0] = a[0];
  b[1] = a[1];
  for (int band = 1; band <= 56; ++band) b[band * kRowsPerBand] = a[band * kRowsPerBand];
  c = b;
  c[3] = a[3];
  ASSERT_GE(EstimatedSimilarity(a, b), kNearDuplicateSimilarity);
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
  ASSERT_TRUE(store->Insert(MakeDocument("a"), "a", a).ok());
  ASSERT_TRUE(store->SpillBandsForTesting(/*stop_after_ingestion=*/true).ok());
  ASSERT_TRUE(store->Insert(MakeDocument("b"), "b", b).ok());
  ASSERT_TRUE(store->Insert(MakeDocument("c"), "c", c).ok());
  EXPECT_EQ(store->Get("b")->duplicate_of(), "");
  EXPECT_EQ(store->Get("c")->duplicate_of(), "a");
}

// A store written before `bands_recent` existed: band keys (band + id) in
// `bands`, no bands_recent family. Written here as that version did.
TEST(BandSpillTest, StoreWithBandsOnlyInTheOldFamilyOpensAndDecidesTheSame) {
  const Generated g = Generate(200, 17);
  const std::vector<std::string> reference = Reference(g);
  TempDir dir;
  {
    // Decisions for the first 100 as the old version stored them.
    TempDir scratch;
    auto decided = *DocumentStore::Open(scratch.path(), Spilling(1 << 30));
    InsertRange(*decided, g, 0, 100);

    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "documents", "originals", "by_hash", "queue", "meta",
                             "signatures", "bands"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> h;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), families, &h, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    auto sequence = [](uint64_t n) {
      std::string s(8, '\0');
      for (int i = 7; i >= 0; --i, n >>= 8) s[i] = static_cast<char>(n & 0xFF);
      return s;
    };
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 100; ++i) {
      const std::string& id = g.ids[i];
      v1::StoredDocument d = *decided->Get(id);
      ASSERT_TRUE(batch.Put(h[1], id, d.SerializeAsString()).ok());
      ASSERT_TRUE(batch.Put(h[2], id, "x").ok());
      ASSERT_TRUE(batch.Put(h[3], d.content_sha256(), id).ok());
      ASSERT_TRUE(batch.Put(h[4], sequence(i + 1), id).ok());
      ASSERT_TRUE(
          batch.Put(h[6], id, sequence(i + 1) + EncodeSignature(g.signatures[i])).ok());
      for (const std::string& band : BandKeys(g.signatures[i])) {
        ASSERT_TRUE(batch.Put(h[7], band + id, "").ok());
      }
    }
    ASSERT_TRUE(batch.Put(h[5], "next_sequence", sequence(101)).ok());
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
    for (auto* handle : h) db->DestroyColumnFamilyHandle(handle);
  }
  {
    auto store = *DocumentStore::Open(dir.path(), Spilling(30));
    EXPECT_EQ(store->RecentBandDocumentsForTesting(), 0u);
    InsertRange(*store, g, 100, 150);  // spills on top of the old entries
  }
  auto store = *DocumentStore::Open(dir.path(), Spilling(30));
  InsertRange(*store, g, 150, 200);
  EXPECT_EQ(DuplicateOf(*store, g), reference);
}

TEST(BandSpillTest, LookupsDuringSpillsFindEveryStoredOriginal) {
  const Generated g = Generate(64, 21);
  TempDir dir;
  auto store = *DocumentStore::Open(dir.path(), Spilling(1 << 30));
  // Distinct originals (fresh signatures), then copies of them inserted
  // by several threads while spills run: each copy must find its original,
  // whether its bands are in memory, in `band_lists`, or both at that moment.
  std::mt19937_64 rng(3);
  std::vector<MinHashSignature> originals(40, MinHashSignature(kMinHashes));
  for (int i = 0; i < 40; ++i) {
    for (uint64_t& v : originals[i]) v = rng();
    ASSERT_TRUE(store->Insert(MakeDocument(absl::StrCat("orig", i)), "o", originals[i]).ok());
  }
  std::atomic<bool> done{false};
  std::thread spiller([&] {
    while (!done.load()) ASSERT_TRUE(store->SpillBandsForTesting().ok());
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 40; ++i) {
          const std::string id = absl::StrCat("copy", t, "-", round, "-", i);
          ASSERT_TRUE(store->Insert(MakeDocument(id), "c", originals[i]).ok());
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  done = true;
  spiller.join();
  for (int t = 0; t < 3; ++t) {
    for (int round = 0; round < 5; ++round) {
      for (int i = 0; i < 40; ++i) {
        EXPECT_EQ(store->Get(absl::StrCat("copy", t, "-", round, "-", i))->duplicate_of(),
                  absl::StrCat("orig", i));
      }
    }
  }
}

}  // namespace
}  // namespace dragoman::ingest
