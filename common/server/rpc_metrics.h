#ifndef DRAGOMAN_COMMON_SERVER_RPC_METRICS_H_
#define DRAGOMAN_COMMON_SERVER_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

namespace dragoman::server {

// Creates, for every RPC a server handles, an interceptor that records in
// metrics::Registry() the names go-grpc-prometheus uses, so existing
// dashboards and alerts work unchanged:
//   grpc_server_started_total{grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}   (errors by code)
//   grpc_server_handling_seconds{grpc_service,grpc_method}          (histogram)
// Serve() installs it; it is public for servers built without Serve (tests).
class RpcMetricsInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace dragoman::server

#endif  // DRAGOMAN_COMMON_SERVER_RPC_METRICS_H_
