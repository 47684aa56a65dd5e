#ifndef DRAGOMAN_SERVICES_EXTRACTION_EXTRACTION_SERVICE_H_
#define DRAGOMAN_SERVICES_EXTRACTION_EXTRACTION_SERVICE_H_

#include <atomic>
#include <memory>

#include "absl/status/status.h"
#include "common/gazetteer/gazetteer.h"
#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "services/extraction/extractor.h"

namespace dragoman::extraction {

// gRPC face of the Extractor: translates requests and statuses, nothing
// else. Until Load succeeds every call is UNAVAILABLE.
class ExtractionServiceImpl final : public dragoman::extraction::v1::ExtractionService::Service {
 public:
  // Loads the gazetteer and builds the extractor (the server's warm-up).
  absl::Status Load(const gazetteer::LoadOptions& options);

  grpc::Status Extract(grpc::ServerContext* context,
                       const dragoman::extraction::v1::ExtractRequest* request,
                       dragoman::extraction::v1::ExtractResponse* response) override;

 private:
  std::unique_ptr<gazetteer::Gazetteer> gazetteer_;
  std::unique_ptr<Extractor> extractor_;
  std::atomic<const Extractor*> ready_{nullptr};
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_EXTRACTION_SERVICE_H_
