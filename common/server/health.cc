#include "common/server/health.h"

#include <chrono>

namespace dragoman::server {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

void HealthState::SetServing(bool serving) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shut_down_ || serving_ == serving) return;
  serving_ = serving;
  ++version_;
  changed_.notify_all();
}

void HealthState::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  serving_ = false;
  shut_down_ = true;
  ++version_;
  changed_.notify_all();
}

bool HealthState::serving() const {
  std::lock_guard<std::mutex> lock(mu_);
  return serving_;
}

grpc::Status HealthService::Check(grpc::ServerContext*, const HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  if (!request->service().empty()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "unknown service \"" + request->service() +
                            "\": this server reports health for \"\" (the whole process)");
  }
  response->set_status(state_->serving() ? HealthCheckResponse::SERVING
                                         : HealthCheckResponse::NOT_SERVING);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context, const HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  HealthCheckResponse response;
  if (!request->service().empty()) {
    // The protocol's answer for a name that may appear later: say so once
    // and keep the stream, as gRPC's default service does.
    response.set_status(HealthCheckResponse::SERVICE_UNKNOWN);
    if (!writer->Write(response)) return grpc::Status::OK;
  }
  std::unique_lock<std::mutex> lock(state_->mu_);
  unsigned sent = state_->version_ - 1;  // anything but the current one
  while (!context->IsCancelled()) {
    if (request->service().empty() && sent != state_->version_) {
      sent = state_->version_;
      response.set_status(state_->serving_ ? HealthCheckResponse::SERVING
                                           : HealthCheckResponse::NOT_SERVING);
      lock.unlock();
      const bool written = writer->Write(response);
      lock.lock();
      if (!written) return grpc::Status::OK;
      continue;  // the state may have changed while writing
    }
    if (state_->shut_down_) return grpc::Status::OK;
    // A cancelled client wakes nobody: look again now and then.
    state_->changed_.wait_for(lock, std::chrono::milliseconds(200));
  }
  return grpc::Status::CANCELLED;
}

}  // namespace dragoman::server
