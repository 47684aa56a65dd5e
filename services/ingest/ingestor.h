#ifndef DRAGOMAN_SERVICES_INGEST_INGESTOR_H_
#define DRAGOMAN_SERVICES_INGEST_INGESTOR_H_

#include <cstddef>
#include <functional>
#include <string>

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

// The IngestService operations without the transport: validate and
// normalize a document, store it durably with its queue entry, hand it to
// the pipeline, optionally wait for processing; read documents back.
class Ingestor {
 public:
  Ingestor(DocumentStore* store, Pipeline* pipeline) : store_(store), pipeline_(pipeline) {}

  // `deadline` (the RPC deadline) and `cancelled` (may be empty) bound
  // wait_for_processing. InvalidArgument for oversized, binary, non-UTF-8
  // or empty documents.
  absl::StatusOr<v1::IngestDocumentResponse> Ingest(const v1::IngestDocumentRequest& request,
                                                    absl::Time deadline,
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
  DocumentStore* store_;
  Pipeline* pipeline_;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_INGESTOR_H_
