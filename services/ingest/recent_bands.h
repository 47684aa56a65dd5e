#ifndef DRAGOMAN_SERVICES_INGEST_RECENT_BANDS_H_
#define DRAGOMAN_SERVICES_INGEST_RECENT_BANDS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "services/ingest/near_duplicate.h"

namespace dragoman::ingest {

// The near-duplicate band index of the last documents stored, in memory:
// for each band key (BandKeys), the kKept smallest ids of the documents
// that have it. A lookup reads at most that many ids per band, smallest
// first, so that is all a band needs here; the full entries (every id of
// every band) stay available for the spill to the store.
//
// Not thread-safe: the store guards it with its own locks.
class RecentBands {
 public:
  static constexpr int kKept = 8;

  RecentBands();

  RecentBands(const RecentBands&) = delete;
  RecentBands& operator=(const RecentBands&) = delete;

  // Adds a document's band keys (9 bytes each: band number, big-endian
  // hash). Keys of another size or band number are ignored.
  void Add(absl::string_view id, const std::vector<std::string>& band_keys);

  // Calls `visit` with the ids of the documents that have `band_key`, in
  // increasing byte order, at most kKept of them.
  void Find(absl::string_view band_key, const std::function<void(absl::string_view)>& visit) const;

  // Calls `visit` with every entry as one key, band key + id, in
  // increasing key order.
  void ForEachSorted(const std::function<void(absl::string_view key)>& visit) const;

  // Documents added since the last Clear.
  size_t documents() const { return ids_.size(); }

  void Clear();

 private:
  // A band key shared by several documents: its smallest ids, sorted.
  struct Shared {
    uint32_t count = 0;
    uint32_t documents[kKept];
  };
  static constexpr uint32_t kSharedBit = 0x80000000u;

  // Inserts `document` among the smallest ids of `head` (a document index,
  // or a Shared index with kSharedBit).
  void Insert(uint32_t& head, uint32_t document);

  std::vector<std::string> ids_;       // by document index
  std::vector<uint64_t> band_hashes_;  // kBands per document, 0 for a missing band
  std::vector<uint64_t> has_band_;     // bit b: band b present, per document
  // Per band number: band hash -> a document index, or kSharedBit | index
  // into shared_.
  std::vector<absl::flat_hash_map<uint64_t, uint32_t>> heads_;
  std::vector<Shared> shared_;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_RECENT_BANDS_H_
