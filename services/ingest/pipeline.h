#ifndef DRAGOMAN_SERVICES_INGEST_PIPELINE_H_
#define DRAGOMAN_SERVICES_INGEST_PIPELINE_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dragoman/extraction/v1/extraction.pb.h"
#include "dragoman/ingest/v1/ingest.pb.h"
#include "dragoman/query/v1/query.pb.h"
#include "services/ingest/document_store.h"

namespace dragoman::ingest {

// Reads records out of one clean document (the extraction service).
class RecordExtractor {
 public:
  virtual ~RecordExtractor() = default;
  virtual absl::StatusOr<extraction::v1::ExtractResponse> Extract(
      const extraction::v1::ExtractRequest& request) = 0;
  // Makes calls in progress return promptly (at shutdown).
  virtual void CancelInFlight() {}
};

// Receives a document's records (the query service's PutDocumentRecords).
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual absl::StatusOr<query::v1::PutDocumentRecordsResponse> Put(
      const records::v1::DocumentRecords& records) = 0;
  // Makes calls in progress return promptly (at shutdown).
  virtual void CancelInFlight() {}
};

struct PipelineOptions {
  int workers = 2;
  // Transient failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,
  // ABORTED) are retried forever, doubling the wait up to max_backoff:
  // the document stays queued until the services come back.
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(30);
};

// True for the codes worth retrying.
bool IsTransient(const absl::Status& status);

// The records query should store for a document: extraction's records with
// the document fields ingest owns (id, uri, clean text, hash, ingest time)
// and, where extraction left them empty, the stored hints.
records::v1::DocumentRecords BuildRecords(const v1::StoredDocument& document,
                                          const extraction::v1::ExtractResponse& extracted);

// Drives queued documents through extraction to the sink on worker
// threads. Work comes from the store's persisted queue (so a restart
// resumes it) and from Enqueue for new documents; each outcome is written
// with Complete, which also removes the queue entry.
class Pipeline {
 public:
  Pipeline(DocumentStore* store, RecordExtractor* extractor, RecordSink* sink,
           PipelineOptions options = {});
  ~Pipeline();  // Stops.

  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Loads pending work from the store and starts the workers.
  absl::Status Start();
  // Stops taking work, interrupts backoff waits, cancels calls in flight
  // and joins the workers. Anything unfinished stays queued in the store.
  void Stop();

  // Hands a newly stored document to the workers.
  void Enqueue(const WorkItem& item);

  // Waits until the document is DONE or FAILED, the deadline passes, the
  // pipeline stops or `cancelled` (polled a few times a second; may be
  // empty) says so, and returns the document as stored (so possibly still
  // QUEUED).
  absl::StatusOr<v1::StoredDocument> WaitFor(const std::string& document_id, absl::Time deadline,
                                             const std::function<bool()>& cancelled = {});

 private:
  void Work();
  void Process(const WorkItem& item);
  // Calls fn until it succeeds, fails permanently or the pipeline stops.
  template <typename Fn>
  auto Retry(Fn fn) -> decltype(fn());
  bool SleepUnlessStopped(absl::Duration d);
  bool stopping();

  DocumentStore* store_;
  RecordExtractor* extractor_;
  RecordSink* sink_;
  PipelineOptions options_;

  std::mutex mu_;
  std::condition_variable work_cv_;  // new work or stop
  std::condition_variable done_cv_;  // a document finished
  std::deque<WorkItem> queue_;
  std::set<std::string> queued_ids_;
  bool stopping_ = false;
  uint64_t completed_ = 0;  // bumped after each processed item
  std::vector<std::thread> threads_;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_PIPELINE_H_
