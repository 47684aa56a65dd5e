#ifndef DRAGOMAN_BENCH_SYNTHETIC_CORPUS_H_
#define DRAGOMAN_BENCH_SYNTHETIC_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dragoman/records/v1/records.pb.h"

namespace dragoman::bench {

// Made-up documents and the records extraction would send for them, in
// bulk, for benchmarks. Everything is generated from small fixtures
// (invented names, places and topics, sentence templates written for this
// file) by a seeded generator, so a run is repeatable and no text comes
// from a real corpus. Each document reports one dated bilateral event with
// its evidence sentence, its participants' offices, and sometimes an
// agreement or a numbered mechanism.
class SyntheticCorpus {
 public:
  explicit SyntheticCorpus(uint64_t seed = 20250101);

  // The n-th document's records (deterministic in n and the seed).
  dragoman::records::v1::DocumentRecords Document(int n) const;

  // Query material the benchmark draws from.
  const std::vector<std::string>& countries() const { return countries_; }
  // Display names of every person.
  const std::vector<std::string>& person_names() const { return person_names_; }
  // Topic words (French) the texts talk about.
  const std::vector<std::string>& topics() const { return topics_; }

 private:
  uint64_t seed_;
  std::vector<std::string> countries_;
  std::vector<std::string> person_names_;  // index: country * kPersons + k
  std::vector<std::string> place_names_;   // index: country * kPlaces + k
  std::vector<std::string> topics_;
};

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_SYNTHETIC_CORPUS_H_
