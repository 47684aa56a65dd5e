#include "services/ingest/ingest_service.h"

#include <grpcpp/server_context.h>

#include "absl/time/clock.h"
#include "common/metrics/metrics.h"
#include "common/server/status.h"

namespace dragoman::ingest {
namespace {

absl::Time DeadlineOf(const grpc::ServerContext* context) {
  const auto deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

// Per-document problems, reported in the stream rather than ending it.
bool IsDocumentError(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsAlreadyExists(status) ||
         absl::IsFailedPrecondition(status);
}

// Documents by outcome: "stored" (new), "already_stored" (same bytes
// again), "rejected" (bad input).
void CountDocument(const absl::StatusOr<v1::IngestDocumentResponse>& result) {
  static auto& family = metrics::CounterFamily(
      "dragoman_ingest_documents_total", "Documents received by the ingest service, by outcome.");
  static auto& stored = family.Add({{"outcome", "stored"}});
  static auto& again = family.Add({{"outcome", "already_stored"}});
  static auto& rejected = family.Add({{"outcome", "rejected"}});
  if (!result.ok()) {
    rejected.Increment();
  } else if (result->already_stored()) {
    again.Increment();
  } else {
    stored.Increment();
  }
}

const grpc::Status kNotReady(grpc::StatusCode::UNAVAILABLE,
                             "ingest service is starting or stopping");

std::function<bool()> CancelledOf(grpc::ServerContext* context) {
  return [context] { return context->IsCancelled(); };
}

}  // namespace

grpc::Status IngestServiceImpl::IngestDocument(grpc::ServerContext* context,
                                               const v1::IngestDocumentRequest* request,
                                               v1::IngestDocumentResponse* response) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  absl::StatusOr<v1::IngestDocumentResponse> result =
      ingestor->Ingest(*request, DeadlineOf(context), CancelledOf(context));
  CountDocument(result);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestDocuments(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestDocumentResponse, v1::IngestDocumentRequest>* stream) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  v1::IngestDocumentRequest request;
  while (stream->Read(&request)) {
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    absl::StatusOr<v1::IngestDocumentResponse> result =
        ingestor->Ingest(request, DeadlineOf(context), CancelledOf(context));
    CountDocument(result);
    v1::IngestDocumentResponse response;
    if (result.ok()) {
      response = *std::move(result);
    } else if (IsDocumentError(result.status())) {
      response.set_uri(request.uri());
      response.set_state(v1::PROCESSING_STATE_FAILED);
      response.set_error(std::string(result.status().message()));
      response.set_error_code(static_cast<int>(result.status().code()));
    } else {
      return server::ToGrpcStatus(result.status());
    }
    if (!stream->Write(response)) return grpc::Status::CANCELLED;
  }
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::GetDocument(grpc::ServerContext*,
                                            const v1::GetDocumentRequest* request,
                                            v1::StoredDocument* response) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  absl::StatusOr<v1::StoredDocument> result = ingestor->Get(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::ListDocuments(grpc::ServerContext*,
                                              const v1::ListDocumentsRequest* request,
                                              v1::ListDocumentsResponse* response) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  absl::StatusOr<v1::ListDocumentsResponse> result = ingestor->List(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::Reprocess(grpc::ServerContext* context,
                                          const v1::ReprocessRequest* request,
                                          v1::ReprocessResponse* response) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  absl::StatusOr<v1::ReprocessResponse> result =
      ingestor->Reprocess(*request, DeadlineOf(context), CancelledOf(context));
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace dragoman::ingest
