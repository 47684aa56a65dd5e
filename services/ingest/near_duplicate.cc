#include "services/ingest/near_duplicate.h"

#include <array>
#include <limits>

#include "absl/strings/ascii.h"
#include "common/text/unicode.h"

namespace dragoman::ingest {
namespace {

// FNV-1a: stable across processes and builds, unlike std::hash.
uint64_t Fnv1a(absl::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// splitmix64 finalizer: turns (shingle hash, seed) into the i-th hash.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Folded words: letters and digits (and any non-ASCII byte, so other
// scripts count), everything else separates.
std::vector<std::string> Words(absl::string_view text) {
  const std::string folded = text::Fold(text);
  std::vector<std::string> words;
  std::string cur;
  for (char c : folded) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      cur += c;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

void PutBigEndian(uint64_t v, std::string& out) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

uint64_t GetBigEndian(absl::string_view s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

}  // namespace

// The seed of each hash function, Mix(j + 1): the same for every shingle,
// so computed once.
static const std::array<uint64_t, kMinHashes>& Seeds() {
  static const std::array<uint64_t, kMinHashes> seeds = [] {
    std::array<uint64_t, kMinHashes> s;
    for (int j = 0; j < kMinHashes; ++j) s[j] = Mix(static_cast<uint64_t>(j) + 1);
    return s;
  }();
  return seeds;
}

MinHashSignature Signature(absl::string_view clean_text) {
  const std::vector<std::string> words = Words(clean_text);
  if (words.size() < static_cast<size_t>(kShingleWords)) return {};
  const std::array<uint64_t, kMinHashes>& seeds = Seeds();
  MinHashSignature sig(kMinHashes, std::numeric_limits<uint64_t>::max());
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    uint64_t h = 1469598103934665603ull;
    for (int k = 0; k < kShingleWords; ++k) {
      h = Fnv1a(words[i + k], h);
      h = Fnv1a(" ", h);
    }
    for (int j = 0; j < kMinHashes; ++j) {
      const uint64_t v = Mix(h ^ seeds[j]);
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

double EstimatedSimilarity(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

std::vector<std::string> BandKeys(const MinHashSignature& signature) {
  std::vector<std::string> keys;
  if (signature.size() != static_cast<size_t>(kMinHashes)) return keys;
  for (int b = 0; b < kBands; ++b) {
    uint64_t h = 1469598103934665603ull;
    for (int r = 0; r < kRowsPerBand; ++r) {
      std::string bytes;
      PutBigEndian(signature[b * kRowsPerBand + r], bytes);
      h = Fnv1a(bytes, h);
    }
    std::string key(1, static_cast<char>(b));
    PutBigEndian(h, key);
    keys.push_back(std::move(key));
  }
  return keys;
}

std::string EncodeSignature(const MinHashSignature& signature) {
  std::string out;
  out.reserve(signature.size() * 8);
  for (uint64_t v : signature) PutBigEndian(v, out);
  return out;
}

MinHashSignature DecodeSignature(absl::string_view bytes) {
  MinHashSignature sig;
  for (size_t i = 0; i + 8 <= bytes.size(); i += 8) sig.push_back(GetBigEndian(bytes.substr(i)));
  return sig;
}

}  // namespace dragoman::ingest
