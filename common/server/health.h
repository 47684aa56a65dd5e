#ifndef DRAGOMAN_COMMON_SERVER_HEALTH_H_
#define DRAGOMAN_COMMON_SERVER_HEALTH_H_

#include <condition_variable>
#include <mutex>

#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"

namespace dragoman::server {

// The serving state of a process, shared by the health services of all its
// ports. It starts NOT_SERVING: gRPC's default health service starts
// SERVING and can only be turned off once the port already accepts calls,
// so a probe could see SERVING before the warm-up (store open) had begun.
class HealthState {
 public:
  void SetServing(bool serving);
  // NOT_SERVING for good; open Watch streams end, so a drain does not wait
  // for them.
  void Shutdown();

  bool serving() const;

 private:
  friend class HealthService;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  bool serving_ = false;
  bool shut_down_ = false;
  unsigned version_ = 0;
};

// grpc.health.v1.Health answering from a HealthState. The whole process is
// the service "" (as with gRPC's default service, other names are unknown).
// One instance per port: a gRPC service object is registered on one server.
class HealthService final : public grpc::health::v1::Health::Service {
 public:
  explicit HealthService(HealthState* state) : state_(state) {}

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

 private:
  HealthState* state_;
};

}  // namespace dragoman::server

#endif  // DRAGOMAN_COMMON_SERVER_HEALTH_H_
