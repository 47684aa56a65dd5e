#ifndef DRAGOMAN_SERVICES_INGEST_INGESTOR_H_
#define DRAGOMAN_SERVICES_INGEST_INGESTOR_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "dragoman/ingest/v1/ingest.pb.h"
#include "services/ingest/document_store.h"
#include "services/ingest/pipeline.h"

namespace dragoman::ingest {

// Largest accepted document: 8 MiB of original bytes. Press releases are
// tens of kilobytes; anything near the limit is a mistake or an attack.
constexpr size_t kMaxDocumentBytes = 8 * 1024 * 1024;

// Hex SHA-256 (OpenSSL).
std::string Sha256Hex(absl::string_view bytes);
// "d" + the first 16 hex characters of the SHA-256 of the original bytes.
std::string DocumentIdFor(absl::string_view bytes);

// Payload of a RESOURCE_EXHAUSTED status from Ingest (absl::Status
// payload URL): milliseconds after which a retry may succeed, as decimal
// text. The gRPC layer sends it as "retry-after-ms" trailing metadata.
inline constexpr char kRetryAfterMsPayload[] = "type.dragoman/retry-after-ms";

struct IngestorOptions {
  // Backpressure: while this many documents wait in the outbox (stored,
  // not yet through extraction and query), new documents are refused with
  // RESOURCE_EXHAUSTED. Documents already stored are still answered.
  int64_t max_outbox = 10000;
  // Retry advice given with the refusal.
  absl::Duration retry_after = absl::Seconds(2);
};

// The IngestService operations without the transport: validate and
// normalize a document, store it durably with its queue entry, hand it to
// the pipeline, optionally wait for processing; read documents back.
class Ingestor {
 public:
  Ingestor(DocumentStore* store, Pipeline* pipeline, IngestorOptions options = {})
      : store_(store), pipeline_(pipeline), options_(options) {}

  // `deadline` (the RPC deadline) and `cancelled` (may be empty) bound
  // wait_for_processing. InvalidArgument for oversized, binary, non-UTF-8
  // or empty documents; ResourceExhausted (with kRetryAfterMsPayload) for
  // a new document while the outbox is full.
  absl::StatusOr<v1::IngestDocumentResponse> Ingest(const v1::IngestDocumentRequest& request,
                                                    absl::Time deadline,
                                                    const std::function<bool()>& cancelled = {});
  // Ingest for several documents (a bulk stream's read-ahead), stored with
  // one synced write: one result per request, in order, each what Ingest
  // would have returned. Once a document is refused for backpressure, the
  // new documents after it are refused too.
  std::vector<absl::StatusOr<v1::IngestDocumentResponse>> IngestBatch(
      const std::vector<const v1::IngestDocumentRequest*>& requests, absl::Time deadline,
      const std::function<bool()>& cancelled = {});
  absl::StatusOr<v1::StoredDocument> Get(const v1::GetDocumentRequest& request) const;
  // Requeues stored documents for extraction (see ingest.proto) and hands
  // them to the pipeline; optionally waits like Ingest. NotFound for an
  // unknown id (nothing queued).
  absl::StatusOr<v1::ReprocessResponse> Reprocess(const v1::ReprocessRequest& request,
                                                  absl::Time deadline,
                                                  const std::function<bool()>& cancelled = {});
  absl::StatusOr<v1::ListDocumentsResponse> List(const v1::ListDocumentsRequest& request) const;

 private:
  // The refusal of a new document while the outbox holds `pending`.
  absl::Status OutboxFull(int64_t pending) const;

  DocumentStore* store_;
  Pipeline* pipeline_;
  IngestorOptions options_;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_INGESTOR_H_
