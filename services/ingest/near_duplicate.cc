#include "services/ingest/near_duplicate.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include <algorithm>
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

// Whether a byte of folded text belongs to a word: letters and digits
// (and any non-ASCII byte, so other scripts count); everything else
// separates.
bool IsWordByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(u) || u >= 0x80;
}

// The hashes of the text's shingles: FNV-1a over each run of kShingleWords
// folded words, each followed by a space. Empty when there are fewer words.
std::vector<uint64_t> ShingleHashes(absl::string_view clean_text) {
  const std::string folded = text::Fold(clean_text);
  std::vector<absl::string_view> words;
  words.reserve(folded.size() / 4);
  const absl::string_view f = folded;
  for (size_t i = 0; i < f.size();) {
    if (!IsWordByte(f[i])) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < f.size() && IsWordByte(f[i])) ++i;
    words.push_back(f.substr(begin, i - begin));
  }
  std::vector<uint64_t> hashes;
  if (words.size() < static_cast<size_t>(kShingleWords)) return hashes;
  hashes.reserve(words.size() - kShingleWords + 1);
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    uint64_t h = 1469598103934665603ull;
    for (int k = 0; k < kShingleWords; ++k) {
      h = Fnv1a(words[i + k], h);
      h = Fnv1a(" ", h);
    }
    hashes.push_back(h);
  }
  return hashes;
}

void PutBigEndian(uint64_t v, std::string& out) {
  char bytes[8];
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out.append(bytes, sizeof(bytes));
}

// Fnv1a over the 8 big-endian bytes of v (as PutBigEndian writes them),
// without writing them.
uint64_t Fnv1aBigEndian(uint64_t v, uint64_t h) {
  for (int i = 7; i >= 0; --i) {
    h ^= (v >> (8 * i)) & 0xFF;
    h *= 1099511628211ull;
  }
  return h;
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

// sig[j] = min(sig[j], Mix(h ^ seeds[j])) over the hashes: the portable
// loop, and the same with eight lanes at a time where the CPU has 64-bit
// vector multiplies (AVX-512 DQ), chosen once at run time. Same values.
static void MinHashInto(const std::vector<uint64_t>& hashes, uint64_t* sig) {
  const std::array<uint64_t, kMinHashes>& seeds = Seeds();
  for (uint64_t h : hashes) {
    for (int j = 0; j < kMinHashes; ++j) {
      const uint64_t v = Mix(h ^ seeds[j]);
      if (v < sig[j]) sig[j] = v;
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f,avx512dq"))) static void MinHashIntoAvx512(
    const std::vector<uint64_t>& hashes, uint64_t* sig) {
  const std::array<uint64_t, kMinHashes>& seeds = Seeds();
  const __m512i golden = _mm512_set1_epi64(static_cast<long long>(0x9e3779b97f4a7c15ull));
  const __m512i m1 = _mm512_set1_epi64(static_cast<long long>(0xbf58476d1ce4e5b9ull));
  const __m512i m2 = _mm512_set1_epi64(static_cast<long long>(0x94d049bb133111ebull));
  // Eight hash functions at a time, their minima held in a register over
  // every shingle.
  for (int j = 0; j < kMinHashes; j += 8) {
    const __m512i seed = _mm512_loadu_si512(seeds.data() + j);
    __m512i low = _mm512_loadu_si512(sig + j);
    for (uint64_t h : hashes) {
      __m512i x = _mm512_xor_si512(_mm512_set1_epi64(static_cast<long long>(h)), seed);
      x = _mm512_add_epi64(x, golden);
      x = _mm512_mullo_epi64(_mm512_xor_si512(x, _mm512_srli_epi64(x, 30)), m1);
      x = _mm512_mullo_epi64(_mm512_xor_si512(x, _mm512_srli_epi64(x, 27)), m2);
      x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 31));
      low = _mm512_min_epu64(low, x);
    }
    _mm512_storeu_si512(sig + j, low);
  }
}

static bool HasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return has;
}
#endif

static MinHashSignature SignatureOf(absl::string_view clean_text, bool vector_units) {
  std::vector<uint64_t> hashes = ShingleHashes(clean_text);
  if (hashes.empty()) return {};
  MinHashSignature sig(kMinHashes, std::numeric_limits<uint64_t>::max());
#if defined(__x86_64__) && defined(__GNUC__)
  if (vector_units && HasAvx512()) {
    MinHashIntoAvx512(hashes, sig.data());
    return sig;
  }
#endif
  // A repeated shingle cannot lower a minimum twice: with 128 scalar
  // hashes per shingle, sorting them out first pays (with the vector
  // units it costs more than it saves).
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  MinHashInto(hashes, sig.data());
  return sig;
}

MinHashSignature Signature(absl::string_view clean_text) {
  return SignatureOf(clean_text, /*vector_units=*/true);
}

namespace internal {
MinHashSignature PortableSignature(absl::string_view clean_text) {
  return SignatureOf(clean_text, /*vector_units=*/false);
}
}  // namespace internal

double EstimatedSimilarity(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

std::vector<std::string> BandKeys(const MinHashSignature& signature) {
  std::vector<std::string> keys;
  if (signature.size() != static_cast<size_t>(kMinHashes)) return keys;
  keys.reserve(kBands);
  for (int b = 0; b < kBands; ++b) {
    uint64_t h = 1469598103934665603ull;
    for (int r = 0; r < kRowsPerBand; ++r) {
      h = Fnv1aBigEndian(signature[b * kRowsPerBand + r], h);
    }
    std::string& key = keys.emplace_back(1, static_cast<char>(b));
    PutBigEndian(h, key);
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
