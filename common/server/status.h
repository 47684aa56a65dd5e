#ifndef DRAGOMAN_COMMON_SERVER_STATUS_H_
#define DRAGOMAN_COMMON_SERVER_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace dragoman::server {

// absl and gRPC share the canonical code space; these keep code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace dragoman::server

#endif  // DRAGOMAN_COMMON_SERVER_STATUS_H_
