#ifndef DRAGOMAN_SERVICES_INGEST_INGEST_SERVICE_H_
#define DRAGOMAN_SERVICES_INGEST_INGEST_SERVICE_H_

#include <atomic>

#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "services/ingest/ingestor.h"

namespace dragoman::ingest {

// gRPC face of the Ingestor: converts statuses and deadlines, nothing more.
// The port opens before the store does, so until an Ingestor is attached
// (and after it is detached at shutdown) calls fail with UNAVAILABLE.
class IngestServiceImpl final : public v1::IngestService::Service {
 public:
  IngestServiceImpl() = default;
  explicit IngestServiceImpl(Ingestor* ingestor) : ingestor_(ingestor) {}

  void Attach(Ingestor* ingestor) { ingestor_.store(ingestor); }
  void Detach() { ingestor_.store(nullptr); }

  grpc::Status IngestDocument(grpc::ServerContext* context,
                              const v1::IngestDocumentRequest* request,
                              v1::IngestDocumentResponse* response) override;
  // A rejected document gets its own response (state FAILED, error,
  // error_code), and so does one refused for backpressure (then the
  // trailer "retry-after-ms" says when to send it again). Requests already
  // received are stored together (one synced write). A storage failure
  // ends the stream with its status once the client half-closes; the
  // documents from the failing one on are answered with the error.
  grpc::Status IngestDocuments(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::IngestDocumentResponse, v1::IngestDocumentRequest>* stream)
      override;
  grpc::Status GetDocument(grpc::ServerContext* context, const v1::GetDocumentRequest* request,
                           v1::StoredDocument* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context, const v1::ListDocumentsRequest* request,
                             v1::ListDocumentsResponse* response) override;
  grpc::Status Reprocess(grpc::ServerContext* context, const v1::ReprocessRequest* request,
                         v1::ReprocessResponse* response) override;

 private:
  std::atomic<Ingestor*> ingestor_{nullptr};
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_INGEST_SERVICE_H_
