#include "services/ingest/grpc_clients.h"

#include <grpcpp/client_context.h>

#include "common/server/status.h"

namespace dragoman::ingest {
namespace {

// Large documents produce large record sets.
constexpr int kMaxMessageBytes = 64 << 20;

void PrepareContext(grpc::ClientContext* context, absl::Duration timeout) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  // Wait for a restarting service within the deadline instead of failing fast.
  context->set_wait_for_ready(true);
}

// Registers a call for the time it runs.
class Registration {
 public:
  Registration(InFlightCalls* calls, grpc::ClientContext* context)
      : calls_(calls), context_(context) {
    calls_->Add(context_);
  }
  ~Registration() { calls_->Remove(context_); }

 private:
  InFlightCalls* calls_;
  grpc::ClientContext* context_;
};

}  // namespace

void InFlightCalls::Add(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mu_);
  contexts_.insert(context);
  if (cancelled_) context->TryCancel();
}

void InFlightCalls::Remove(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mu_);
  contexts_.erase(context);
}

void InFlightCalls::CancelAll() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  for (grpc::ClientContext* c : contexts_) c->TryCancel();
}

GrpcRecordExtractor::GrpcRecordExtractor(std::shared_ptr<grpc::Channel> channel,
                                         absl::Duration timeout)
    : stub_(extraction::v1::ExtractionService::NewStub(std::move(channel))), timeout_(timeout) {}

absl::StatusOr<extraction::v1::ExtractResponse> GrpcRecordExtractor::Extract(
    const extraction::v1::ExtractRequest& request) {
  grpc::ClientContext context;
  PrepareContext(&context, timeout_);
  Registration registration(&calls_, &context);
  extraction::v1::ExtractResponse response;
  grpc::Status status = stub_->Extract(&context, request, &response);
  if (!status.ok()) return server::FromGrpcStatus(status);
  return response;
}

GrpcRecordSink::GrpcRecordSink(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(query::v1::QueryService::NewStub(std::move(channel))), timeout_(timeout) {}

absl::StatusOr<query::v1::PutDocumentRecordsResponse> GrpcRecordSink::Put(
    const records::v1::DocumentRecords& records) {
  grpc::ClientContext context;
  PrepareContext(&context, timeout_);
  query::v1::PutDocumentRecordsRequest request;
  *request.mutable_records() = records;
  Registration registration(&calls_, &context);
  query::v1::PutDocumentRecordsResponse response;
  grpc::Status status = stub_->PutDocumentRecords(&context, request, &response);
  if (!status.ok()) return server::FromGrpcStatus(status);
  return response;
}

}  // namespace dragoman::ingest
