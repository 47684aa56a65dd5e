#ifndef DRAGOMAN_BENCH_EXTRACTION_FIXTURE_CORPUS_H_
#define DRAGOMAN_BENCH_EXTRACTION_FIXTURE_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/gazetteer/gazetteer.h"

namespace dragoman::bench {

// One clean document of a benchmark corpus.
struct CorpusDocument {
  std::string id;
  std::string text;
};

// Builds a large corpus of press releases from the project's own fixture
// documents (samples/, services/extraction/testdata/) for extraction
// benchmarks. Each generated document is a fixture with its persons and
// places swapped for other gazetteer entries, its years shifted together
// and its body paragraphs after the first one shuffled, so the corpus is
// not a few documents repeated byte for byte but stays a set of realistic
// releases. Seeded: a run is repeatable.
class FixtureCorpus {
 public:
  // Reads every .txt and .html file of the directories (HTML through the
  // ingest normalizer, as the pipeline does).
  static absl::StatusOr<FixtureCorpus> Load(const std::vector<std::string>& directories,
                                            const gazetteer::Gazetteer& gazetteer);

  size_t fixture_count() const { return fixtures_.size(); }
  size_t fixture_bytes() const;

  // Documents until their texts add up to at least `min_bytes`.
  std::vector<CorpusDocument> Generate(size_t min_bytes, uint64_t seed) const;

 private:
  // A name in a fixture that a generated document may replace.
  struct Swappable {
    std::vector<std::string> surfaces;  // the entry's forms found in the text
    bool person = false;
  };
  struct Fixture {
    std::string name;
    std::string text;
    std::vector<Swappable> swappable;
  };

  std::vector<Fixture> fixtures_;
  std::vector<std::string> person_names_;  // replacements
  std::vector<std::string> place_names_;
};

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_EXTRACTION_FIXTURE_CORPUS_H_
