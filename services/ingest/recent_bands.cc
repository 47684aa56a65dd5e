#include "services/ingest/recent_bands.h"

#include <algorithm>
#include <cstring>

namespace dragoman::ingest {
namespace {

constexpr size_t kBandKeyBytes = 9;

uint64_t HashOf(absl::string_view band_key) {
  uint64_t h = 0;
  for (size_t i = 1; i < kBandKeyBytes; ++i) h = (h << 8) | static_cast<unsigned char>(band_key[i]);
  return h;
}

void PutBandKey(int band, uint64_t hash, std::string& out) {
  out.push_back(static_cast<char>(band));
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(hash >> shift));
}

}  // namespace

RecentBands::RecentBands() : heads_(kBands) {}

void RecentBands::Add(absl::string_view id, const std::vector<std::string>& band_keys) {
  const uint32_t document = static_cast<uint32_t>(ids_.size());
  ids_.emplace_back(id);
  band_hashes_.resize(band_hashes_.size() + kBands, 0);
  uint64_t* hashes = band_hashes_.data() + static_cast<size_t>(document) * kBands;
  uint64_t present = 0;
  for (const std::string& key : band_keys) {
    if (key.size() != kBandKeyBytes) continue;
    const int band = static_cast<unsigned char>(key[0]);
    if (band >= kBands || (present >> band & 1) != 0) continue;
    present |= uint64_t{1} << band;
    const uint64_t hash = HashOf(key);
    hashes[band] = hash;
    auto [it, added] = heads_[band].try_emplace(hash, document);
    if (!added) Insert(it->second, document);
  }
  has_band_.push_back(present);
}

void RecentBands::Insert(uint32_t& head, uint32_t document) {
  const absl::string_view id = ids_[document];
  if ((head & kSharedBit) == 0) {
    if (ids_[head] == id) return;
    Shared shared;
    shared.count = 2;
    shared.documents[0] = ids_[head] < id ? head : document;
    shared.documents[1] = ids_[head] < id ? document : head;
    head = kSharedBit | static_cast<uint32_t>(shared_.size());
    shared_.push_back(shared);
    return;
  }
  Shared& shared = shared_[head & ~kSharedBit];
  // Position of the first kept id above `id`.
  uint32_t at = shared.count;
  while (at > 0 && id < ids_[shared.documents[at - 1]]) --at;
  if (at > 0 && ids_[shared.documents[at - 1]] == id) return;
  if (at == static_cast<uint32_t>(kKept)) return;  // not among the smallest
  const uint32_t end = std::min<uint32_t>(shared.count, kKept - 1);
  std::memmove(shared.documents + at + 1, shared.documents + at, (end - at) * sizeof(uint32_t));
  shared.documents[at] = document;
  shared.count = std::min<uint32_t>(shared.count + 1, kKept);
}

void RecentBands::Find(absl::string_view band_key,
                       const std::function<void(absl::string_view)>& visit) const {
  if (band_key.size() != kBandKeyBytes) return;
  const int band = static_cast<unsigned char>(band_key[0]);
  if (band >= kBands) return;
  const auto& heads = heads_[band];
  auto it = heads.find(HashOf(band_key));
  if (it == heads.end()) return;
  const uint32_t head = it->second;
  if ((head & kSharedBit) == 0) {
    visit(ids_[head]);
    return;
  }
  const Shared& shared = shared_[head & ~kSharedBit];
  for (uint32_t k = 0; k < shared.count; ++k) visit(ids_[shared.documents[k]]);
}

void RecentBands::ForEachSorted(const std::function<void(absl::string_view key)>& visit) const {
  struct Entry {
    uint64_t hash;
    uint32_t document;
    uint32_t band;
  };
  std::vector<Entry> entries;
  entries.reserve(ids_.size() * kBands);
  for (uint32_t document = 0; document < ids_.size(); ++document) {
    const uint64_t* hashes = band_hashes_.data() + static_cast<size_t>(document) * kBands;
    for (uint32_t band = 0; band < static_cast<uint32_t>(kBands); ++band) {
      if ((has_band_[document] >> band & 1) != 0) entries.push_back({hashes[band], document, band});
    }
  }
  // Key order: band number, hash (both big-endian in the key), then id.
  std::sort(entries.begin(), entries.end(), [this](const Entry& a, const Entry& b) {
    if (a.band != b.band) return a.band < b.band;
    if (a.hash != b.hash) return a.hash < b.hash;
    return ids_[a.document] < ids_[b.document];
  });
  std::string key;
  std::string previous;
  for (const Entry& e : entries) {
    key.clear();
    PutBandKey(static_cast<int>(e.band), e.hash, key);
    key += ids_[e.document];
    if (key == previous) continue;  // the same id twice: one entry, as in a column family
    visit(key);
    previous.swap(key);
  }
}

void RecentBands::Clear() {
  ids_.clear();
  band_hashes_.clear();
  has_band_.clear();
  for (auto& heads : heads_) heads.clear();
  shared_.clear();
}

}  // namespace dragoman::ingest
