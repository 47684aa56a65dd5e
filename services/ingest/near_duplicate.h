#ifndef DRAGOMAN_SERVICES_INGEST_NEAR_DUPLICATE_H_
#define DRAGOMAN_SERVICES_INGEST_NEAR_DUPLICATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::ingest {

// MinHash signatures of documents' clean text, to recognize the same story
// published by another outlet (a different header, byline, "read also"
// list, a few reworded sentences) as a near duplicate.
//
// Text is folded (case, accents) and cut into words; the shingles are
// overlapping runs of kShingleWords words; the signature keeps, for each
// of kMinHashes hash functions, the smallest hash over the shingles. The
// share of equal positions of two signatures estimates the Jaccard
// similarity of their shingle sets. Reports of one event by two outlets
// that wrote their own text share well under a fifth of their 3-word
// shingles; the same dispatch rewrapped shares more than half.
constexpr int kShingleWords = 3;
constexpr int kMinHashes = 128;
// Banding for candidate lookup: kBands bands of kRowsPerBand hashes; two
// documents are compared when at least two bands are identical (the
// store's kMinSharedBands). 64 x 2 finds pairs above the threshold almost
// surely (and many below, which the comparison then rejects).
constexpr int kBands = 64;
constexpr int kRowsPerBand = kMinHashes / kBands;
// Estimated Jaccard similarity at or above which a document is a near
// duplicate.
constexpr double kNearDuplicateSimilarity = 0.45;

using MinHashSignature = std::vector<uint64_t>;

// kMinHashes values, or empty when the text has fewer than kShingleWords
// words (too short to judge).
MinHashSignature Signature(absl::string_view clean_text);

namespace internal {
// Signature without the vector units, whatever the CPU has (for tests).
MinHashSignature PortableSignature(absl::string_view clean_text);
}  // namespace internal

// Share of equal positions; 0 when either is empty or sizes differ.
double EstimatedSimilarity(const MinHashSignature& a, const MinHashSignature& b);

// One key per band: band number (1 byte) + 8-byte big-endian hash of the
// band's values. Empty for an empty signature.
std::vector<std::string> BandKeys(const MinHashSignature& signature);

// Fixed-width encoding for storage (8 bytes big-endian per value).
std::string EncodeSignature(const MinHashSignature& signature);
MinHashSignature DecodeSignature(absl::string_view bytes);

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_NEAR_DUPLICATE_H_
