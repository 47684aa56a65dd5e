#include "services/extraction/extraction_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/server/status.h"

namespace dragoman::extraction {

absl::Status ExtractionServiceImpl::Load(const gazetteer::LoadOptions& options) {
  auto gazetteer = gazetteer::Gazetteer::Load(options);
  if (!gazetteer.ok()) return gazetteer.status();
  auto extractor = Extractor::Create(**gazetteer);
  if (!extractor.ok()) return extractor.status();
  gazetteer_ = std::move(*gazetteer);
  extractor_ = std::move(*extractor);
  ready_.store(extractor_.get());
  Log(LogLevel::kInfo, absl::StrCat("gazetteer loaded from ", options.data_dir, ": ",
                                    gazetteer_->entries().size(), " entries"));
  return absl::OkStatus();
}

grpc::Status ExtractionServiceImpl::Extract(grpc::ServerContext*,
                                            const dragoman::extraction::v1::ExtractRequest* request,
                                            dragoman::extraction::v1::ExtractResponse* response) {
  const Extractor* extractor = ready_.load();
  if (extractor == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "gazetteer not loaded yet");
  }
  ExtractionInput input;
  input.document_id = request->document_id();
  input.text = request->text();
  input.uri = request->uri();
  input.published_hint = request->published_hint();
  input.language_hint = request->language_hint();
  input.title_hint = request->title_hint();
  input.source_hint = request->source_hint();
  if (input.document_id.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "document_id is empty");
  }
  static auto& latency = metrics::Histogram(
      "dragoman_extraction_document_seconds", "Time to extract the records of one document.",
      metrics::LatencyBuckets());
  static auto& bytes = metrics::Counter("dragoman_extraction_bytes_total",
                                        "Clean-text bytes the extractor read.");
  const absl::Time started = absl::Now();
  // Filled in place: no message to build and then move into the response.
  const absl::Status status = extractor->Extract(input, response->mutable_records());
  latency.Observe(absl::ToDoubleSeconds(absl::Now() - started));
  bytes.Increment(static_cast<double>(input.text.size()));
  if (!status.ok()) return server::ToGrpcStatus(status);
  response->set_extractor_version(kExtractorVersion);
  return grpc::Status::OK;
}

}  // namespace dragoman::extraction
