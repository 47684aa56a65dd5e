#include "common/server/rpc_metrics.h"

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "common/metrics/metrics.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace dragoman::server {
namespace {

bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// Knows only the overall server (""), like grpc's default health service.
class FakeHealth : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext*, const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override {
    if (!request->service().empty()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown");
    response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
};

TEST(RpcMetricsTest, CountsCallsByCodeAndTimesThem) {
  FakeHealth health;
  grpc::ServerBuilder builder;
  builder.RegisterService(&health);
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> icpt;
  icpt.push_back(std::make_unique<RpcMetricsInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(icpt));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);

  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  for (const char* name : {"", "", "no.such.Service"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(name);
    grpc::health::v1::HealthCheckResponse response;
    stub->Check(&context, request, &response);
  }
  server->Shutdown();
  server->Wait();

  const std::string text = metrics::TextExposition();
  EXPECT_TRUE(Contains(text,
                       "grpc_server_started_total{grpc_method=\"Check\","
                       "grpc_service=\"grpc.health.v1.Health\"} 3"))
      << text;
  EXPECT_TRUE(Contains(text,
                       "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Check\","
                       "grpc_service=\"grpc.health.v1.Health\"} 2"))
      << text;
  EXPECT_TRUE(Contains(text,
                       "grpc_server_handled_total{grpc_code=\"NOT_FOUND\",grpc_method=\"Check\","
                       "grpc_service=\"grpc.health.v1.Health\"} 1"))
      << text;
  EXPECT_TRUE(Contains(text,
                       "grpc_server_handling_seconds_count{grpc_method=\"Check\","
                       "grpc_service=\"grpc.health.v1.Health\"} 3"))
      << text;
}

}  // namespace
}  // namespace dragoman::server
