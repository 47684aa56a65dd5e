#include "services/ingest/ingest_service.h"

#include <grpcpp/server_context.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/cord.h"
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
// Backpressure too (RESOURCE_EXHAUSTED with retry advice, unlike a full
// disk): the client learns which documents to send again, and the trailer
// when.
bool IsDocumentError(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsAlreadyExists(status) ||
         absl::IsFailedPrecondition(status) ||
         (absl::IsResourceExhausted(status) && status.GetPayload(kRetryAfterMsPayload).has_value());
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

// Read-ahead of a bulk stream: requests already received wait here while
// the previous batch is stored, then are stored together (one fsync).
constexpr size_t kMaxReadAheadRequests = 256;
constexpr size_t kMaxReadAheadBytes = 32 << 20;

// The retry advice of a refusal, as trailing metadata for the client.
void AddRetryAdvice(grpc::ServerContext* context, const absl::Status& status) {
  if (!absl::IsResourceExhausted(status)) return;
  auto ms = status.GetPayload(kRetryAfterMsPayload);
  if (!ms.has_value()) return;
  context->AddTrailingMetadata("retry-after-ms", std::string(*ms));
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
  if (!result.ok()) {
    AddRetryAdvice(context, result.status());
    return server::ToGrpcStatus(result.status());
  }
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestDocuments(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestDocumentResponse, v1::IngestDocumentRequest>* stream) {
  Ingestor* ingestor = ingestor_.load();
  if (ingestor == nullptr) return kNotReady;
  // A reader thread receives requests while this one stores the previous
  // ones, so what a client pipelines is stored in one synced batch rather
  // than one fsync per document.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<v1::IngestDocumentRequest> received;
  size_t received_bytes = 0;
  bool reading_done = false;
  std::thread reader([&] {
    while (true) {
      v1::IngestDocumentRequest request;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] {
          return received.size() < kMaxReadAheadRequests && received_bytes < kMaxReadAheadBytes;
        });
      }
      if (!stream->Read(&request)) break;
      std::lock_guard<std::mutex> lock(mu);
      received_bytes += request.content().size();
      received.push_back(std::move(request));
      cv.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu);
    reading_done = true;
    cv.notify_all();
  });
  // Ends the call early (client gone): cancelling unblocks the reader.
  auto finish = [&](grpc::Status status) {
    context->TryCancel();
    reader.join();
    return status;
  };
  bool refused = false;  // some document met backpressure: the trailer says when to retry
  absl::Status refusal;
  // A storage failure ends the stream with its status. The reader may be
  // blocked in Read, and cancelling would replace that status, so the
  // failing document and every later one are answered with the error (and
  // not stored) until the client half-closes.
  absl::Status failure;
  while (true) {
    std::vector<v1::IngestDocumentRequest> batch;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return reading_done || !received.empty(); });
      if (received.empty()) break;  // and reading_done
      while (!received.empty()) {
        received_bytes -= received.front().content().size();
        batch.push_back(std::move(received.front()));
        received.pop_front();
      }
      cv.notify_all();
    }
    if (context->IsCancelled()) return finish(grpc::Status::CANCELLED);
    std::vector<const v1::IngestDocumentRequest*> requests;
    for (const v1::IngestDocumentRequest& r : batch) requests.push_back(&r);
    std::vector<absl::StatusOr<v1::IngestDocumentResponse>> results =
        failure.ok()
            ? ingestor->IngestBatch(requests, DeadlineOf(context), CancelledOf(context))
            : std::vector<absl::StatusOr<v1::IngestDocumentResponse>>(batch.size(), failure);
    for (size_t i = 0; i < batch.size(); ++i) {
      const absl::StatusOr<v1::IngestDocumentResponse>& result = results[i];
      if (failure.ok()) CountDocument(result);
      v1::IngestDocumentResponse response;
      if (result.ok()) {
        response = *std::move(results[i]);
      } else {
        if (!IsDocumentError(result.status()) && failure.ok()) failure = result.status();
        if (absl::IsResourceExhausted(result.status()) && !refused) {
          refused = true;
          refusal = result.status();
        }
        response.set_uri(batch[i].uri());
        response.set_state(v1::PROCESSING_STATE_FAILED);
        response.set_error(std::string(result.status().message()));
        response.set_error_code(static_cast<int>(result.status().code()));
      }
      if (!stream->Write(response)) return finish(grpc::Status::CANCELLED);
    }
  }
  reader.join();
  if (refused) AddRetryAdvice(context, refusal);
  if (!failure.ok()) return server::ToGrpcStatus(failure);
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
