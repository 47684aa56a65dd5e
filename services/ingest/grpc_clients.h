#ifndef DRAGOMAN_SERVICES_INGEST_GRPC_CLIENTS_H_
#define DRAGOMAN_SERVICES_INGEST_GRPC_CLIENTS_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <mutex>
#include <set>

#include "absl/time/time.h"
#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "services/ingest/pipeline.h"

namespace dragoman::ingest {

// The client contexts of calls in progress, so shutdown can cancel them.
class InFlightCalls {
 public:
  void Add(grpc::ClientContext* context);
  void Remove(grpc::ClientContext* context);
  void CancelAll();

 private:
  std::mutex mu_;
  std::set<grpc::ClientContext*> contexts_;
  bool cancelled_ = false;  // later calls are cancelled at once
};

// RecordExtractor over the extraction service; one channel for the life of
// the process, a deadline on every call.
class GrpcRecordExtractor : public RecordExtractor {
 public:
  GrpcRecordExtractor(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout);
  absl::StatusOr<extraction::v1::ExtractResponse> Extract(
      const extraction::v1::ExtractRequest& request) override;
  void CancelInFlight() override { calls_.CancelAll(); }

 private:
  std::unique_ptr<extraction::v1::ExtractionService::Stub> stub_;
  absl::Duration timeout_;
  InFlightCalls calls_;
};

// RecordSink over the query service's PutDocumentRecords.
class GrpcRecordSink : public RecordSink {
 public:
  GrpcRecordSink(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout);
  absl::StatusOr<query::v1::PutDocumentRecordsResponse> Put(
      const records::v1::DocumentRecords& records) override;
  void CancelInFlight() override { calls_.CancelAll(); }

 private:
  std::unique_ptr<query::v1::QueryService::Stub> stub_;
  absl::Duration timeout_;
  InFlightCalls calls_;
};

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_GRPC_CLIENTS_H_
