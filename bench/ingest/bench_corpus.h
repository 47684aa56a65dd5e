#ifndef DRAGOMAN_BENCH_INGEST_BENCH_CORPUS_H_
#define DRAGOMAN_BENCH_INGEST_BENCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dragoman::bench {

// One generated document, as a client would send it.
struct BenchDocument {
  std::string uri;
  std::string content;
  std::string content_type;  // "text/plain" or "text/html"
};

// Press-release-like documents of 2-5 KB built from the project's own
// fixtures (samples/ and services/extraction/testdata/): paragraphs of
// sentences from the releases of one language, names swapped among the
// fixtures' ministers, years varied, and a dated, numbered dateline, so that
// every document has different bytes while reading like the real thing.
// About one in five is HTML. Deterministic in the index.
class BenchCorpus {
 public:
  // `root` is the repository root. Empty corpus when no fixture is found.
  explicit BenchCorpus(const std::string& root);

  bool empty() const { return french_.empty() || english_.empty(); }
  BenchDocument Make(uint64_t index) const;

 private:
  std::vector<std::vector<std::string>> french_;  // paragraphs per fixture
  std::vector<std::vector<std::string>> english_;
};

}  // namespace dragoman::bench

#endif  // DRAGOMAN_BENCH_INGEST_BENCH_CORPUS_H_
