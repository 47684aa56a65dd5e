// dragoman_ingest_cpu_bench: the CPU an ingest costs per document, in
// process and step by step (normalization, alignment, content hash,
// MinHash signature and band keys, then Ingestor::IngestBatch into a real
// DocumentStore with synced writes), on the documents of bench_corpus.cc.
// Thread CPU time per step, so it is meaningful on a busy machine; run it
// under `valgrind --tool=callgrind` for instruction counts. Not a test.
//
//   dragoman_ingest_cpu_bench --root=. --docs=2000 [--batch=16]

#include <time.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/clock.h"
#include "bench/ingest/bench_corpus.h"
#include "common/normalize/normalizer.h"
#include "common/text/unicode.h"
#include "services/ingest/alignment.h"
#include "services/ingest/document_store.h"
#include "services/ingest/ingestor.h"
#include "services/ingest/near_duplicate.h"
#include "services/ingest/pipeline.h"

ABSL_FLAG(std::string, root, ".", "Repository root (fixtures).");
ABSL_FLAG(int, docs, 2000, "Documents.");
ABSL_FLAG(int, spill_documents, 8192,
          "Documents whose band keys the store keeps in memory before spilling them.");
ABSL_FLAG(int, batch, 16, "Documents per IngestBatch call (a stream's read-ahead).");
ABSL_FLAG(std::string, steps, "normalize,alignment,hash,fold,signature,bands,store,ingest",
          "Steps to measure.");

namespace dragoman::bench {
namespace {

ingest::DocumentStoreOptions StoreOptions() {
  ingest::DocumentStoreOptions options;
  options.spill_documents = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_spill_documents)));
  return options;
}

double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Extraction and query are not needed: documents stay queued.
class NoExtractor : public ingest::RecordExtractor {
 public:
  absl::StatusOr<extraction::v1::ExtractResponse> Extract(
      const extraction::v1::ExtractRequest&) override {
    return absl::UnavailableError("benchmark");
  }
  void CancelInFlight() override {}
};
class NoSink : public ingest::RecordSink {
 public:
  absl::StatusOr<query::v1::PutDocumentRecordsResponse> Put(
      const records::v1::DocumentRecords&) override {
    return absl::UnavailableError("benchmark");
  }
};

void Report(const char* step, double ms, int docs) {
  std::printf("cpu_ms_per_doc_%s: %.4f\n", step, ms / docs);
}

int Run() {
  BenchCorpus corpus(absl::GetFlag(FLAGS_root));
  if (corpus.empty()) {
    std::fprintf(stderr, "no fixtures under %s\n", absl::GetFlag(FLAGS_root).c_str());
    return 1;
  }
  const int n = absl::GetFlag(FLAGS_docs);
  const std::string steps = absl::GetFlag(FLAGS_steps);
  auto wants = [&](const char* step) { return steps.find(step) != std::string::npos; };
  std::vector<BenchDocument> documents;
  for (int i = 0; i < n; ++i) documents.push_back(corpus.Make(static_cast<uint64_t>(i)));

  std::vector<normalize::NormalizedDocument> clean(n);
  double t = ThreadCpuMs();
  for (int i = 0; i < n; ++i) {
    auto c = normalize::Normalize(documents[i].content, documents[i].content_type,
                                  documents[i].uri);
    if (!c.ok()) return 1;
    clean[i] = *std::move(c);
  }
  if (wants("normalize")) Report("normalize", ThreadCpuMs() - t, n);
  if (wants("alignment")) {
    t = ThreadCpuMs();
    size_t bytes = 0;
    for (int i = 0; i < n; ++i) bytes += ingest::AlignmentToProto(clean[i].alignment).ByteSizeLong();
    Report("alignment", ThreadCpuMs() - t, n);
    std::printf("alignment_bytes_per_doc: %.1f\n", static_cast<double>(bytes) / n);
  }
  if (wants("hash")) {
    t = ThreadCpuMs();
    for (int i = 0; i < n; ++i) ingest::Sha256Hex(documents[i].content);
    Report("hash", ThreadCpuMs() - t, n);
  }
  if (wants("fold")) {
    t = ThreadCpuMs();
    size_t bytes = 0;
    for (int i = 0; i < n; ++i) bytes += text::Fold(clean[i].clean_text).size();
    Report("fold_clean_text", ThreadCpuMs() - t, n);
    std::printf("clean_text_bytes_per_doc: %.1f\n", static_cast<double>(bytes) / n);
  }
  std::vector<ingest::MinHashSignature> signatures(n);
  t = ThreadCpuMs();
  for (int i = 0; i < n; ++i) signatures[i] = ingest::Signature(clean[i].clean_text);
  if (wants("signature")) Report("signature", ThreadCpuMs() - t, n);
  if (wants("bands")) {
    t = ThreadCpuMs();
    for (int i = 0; i < n; ++i) ingest::BandKeys(signatures[i]);
    Report("bands", ThreadCpuMs() - t, n);
  }
  if (wants("store")) {
    // DocumentStore::InsertBatch alone (band lookup, checks, synced write)
    // on documents prepared as the ingestor would.
    const std::string dir =
        (std::filesystem::temp_directory_path() / "dragoman-ingest-cpu-bench-store").string();
    std::filesystem::remove_all(dir);
    {
      auto store = ingest::DocumentStore::Open(dir, StoreOptions());
      if (!store.ok()) return 1;
      std::vector<std::vector<ingest::NewDocument>> batches;
      const int batch = absl::GetFlag(FLAGS_batch);
      for (int i = 0; i < n; ++i) {
        if (i % batch == 0) batches.emplace_back();
        ingest::NewDocument& d = batches.back().emplace_back();
        d.document.set_document_id(ingest::DocumentIdFor(documents[i].content));
        d.document.set_content_sha256(ingest::Sha256Hex(documents[i].content));
        d.document.set_clean_text(clean[i].clean_text);
        *d.document.mutable_alignment() = ingest::AlignmentToProto(clean[i].alignment);
        d.original = documents[i].content;
        d.signature = signatures[i];
      }
      t = ThreadCpuMs();
      for (const auto& b : batches) {
        if (!(*store)->InsertBatch(b).ok()) return 1;
      }
      Report("store", ThreadCpuMs() - t, n);
    }
    std::filesystem::remove_all(dir);
  }
  if (wants("ingest")) {
    const std::string dir =
        (std::filesystem::temp_directory_path() / "dragoman-ingest-cpu-bench").string();
    std::filesystem::remove_all(dir);
    {
      auto store = ingest::DocumentStore::Open(dir, StoreOptions());
      if (!store.ok()) return 1;
      NoExtractor extractor;
      NoSink sink;
      ingest::Pipeline pipeline(store->get(), &extractor, &sink);
      ingest::IngestorOptions options;
      options.max_outbox = 1 << 30;
      ingest::Ingestor ingestor(store->get(), &pipeline, options);
      std::vector<ingest::v1::IngestDocumentRequest> requests(n);
      for (int i = 0; i < n; ++i) {
        requests[i].set_uri(documents[i].uri);
        requests[i].set_content(documents[i].content);
        requests[i].set_content_type(documents[i].content_type);
      }
      const int batch = absl::GetFlag(FLAGS_batch);
      t = ThreadCpuMs();
      const absl::Time start = absl::Now();
      for (int i = 0; i < n; i += batch) {
        std::vector<const ingest::v1::IngestDocumentRequest*> group;
        for (int k = i; k < n && k < i + batch; ++k) group.push_back(&requests[k]);
        for (const auto& r : ingestor.IngestBatch(group, absl::InfiniteFuture())) {
          if (!r.ok()) return 1;
        }
      }
      Report("ingest_batch", ThreadCpuMs() - t, n);
      std::printf("ingest_batch_docs_s: %.1f\n", n / absl::ToDoubleSeconds(absl::Now() - start));
      // What was stored, less the timestamps: equal digests mean the same
      // ids, clean text, alignment, hints, signatures and duplicate_of.
      std::string stored;
      int duplicates = 0;
      for (int i = 0; i < n; ++i) {
        ingest::v1::GetDocumentRequest get;
        get.set_document_id(ingest::DocumentIdFor(documents[i].content));
        auto document = ingestor.Get(get);
        if (!document.ok()) return 1;
        document->clear_ingested_at();
        document->clear_updated_at();
        duplicates += !document->duplicate_of().empty();
        stored += document->SerializeAsString();
        stored += ingest::EncodeSignature(ingest::Signature(document->clean_text()));
      }
      std::printf("stored_near_duplicates: %d\n", duplicates);
      std::printf("stored_digest: %s\n", ingest::Sha256Hex(stored).c_str());
    }
    std::filesystem::remove_all(dir);
  }
  return 0;
}

}  // namespace
}  // namespace dragoman::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return dragoman::bench::Run();
}
