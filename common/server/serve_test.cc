#include "common/server/serve.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace dragoman::server {
namespace {

// A service to put on a port; every call is UNIMPLEMENTED.
using AnyService = dragoman::extraction::v1::ExtractionService::Service;

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// The health service's answer for the whole process, or the call's error.
std::string HealthOf(int port) {
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return "error " + std::to_string(status.error_code());
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

bool Serving(int port) { return HealthOf(port) == "SERVING"; }

TEST(ServeTest, ExtraPortServesItsOwnServicesAndStopsWithTheMainOne) {
  AnyService main_service, internal_service;
  ServeOptions options;
  options.name = "serve-test";
  options.port = FreePort();
  options.metrics_port = 0;
  options.shutdown_grace = absl::Seconds(1);
  options.extra_ports.push_back({"", FreePort(), {&internal_service}});
  bool shut_down = false;
  options.on_shutdown = [&] { shut_down = true; };
  // Both ports accept calls during the warm-up, and their health says
  // NOT_SERVING until it is done.
  std::promise<void> warm_up_may_end;
  std::future<void> warm_up_ends = warm_up_may_end.get_future();
  std::promise<void> warming;
  options.warm_up = [&] {
    warming.set_value();
    warm_up_ends.wait();
    return absl::OkStatus();
  };

  std::future<absl::Status> served =
      std::async(std::launch::async, [&] { return Serve(options, {&main_service}); });
  warming.get_future().wait();
  EXPECT_EQ(HealthOf(options.port), "NOT_SERVING");
  EXPECT_EQ(HealthOf(options.extra_ports[0].port), "NOT_SERVING");
  warm_up_may_end.set_value();
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    up = Serving(options.port) && Serving(options.extra_ports[0].port);
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(up);

  ::kill(::getpid(), SIGTERM);  // Serve's handler turns it into a drain
  ASSERT_EQ(served.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(served.get().ok());
  EXPECT_TRUE(shut_down);
  EXPECT_FALSE(Serving(options.extra_ports[0].port));
}

// The x-request-id the server put in the response's initial metadata. The
// generated ExtractionService base answers every call UNIMPLEMENTED, so the
// interceptor's error path runs.
std::string RequestIdOf(int port, const std::string& sent) {
  auto stub = dragoman::extraction::v1::ExtractionService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!sent.empty()) context.AddMetadata("x-request-id", sent);
  dragoman::extraction::v1::ExtractRequest request;
  dragoman::extraction::v1::ExtractResponse response;
  if (stub->Extract(&context, request, &response).error_code() !=
      grpc::StatusCode::UNIMPLEMENTED) {
    return "";
  }
  auto it = context.GetServerInitialMetadata().find("x-request-id");
  if (it == context.GetServerInitialMetadata().end()) return "(none)";
  return std::string(it->second.data(), it->second.size());
}

TEST(ServeTest, EveryCallGetsARequestIdEchoedOrMade) {
  dragoman::extraction::v1::ExtractionService::Service unimplemented;
  ServeOptions options;
  options.name = "serve-test";
  options.port = FreePort();
  options.metrics_port = 0;
  options.shutdown_grace = absl::Seconds(1);
  std::future<absl::Status> served =
      std::async(std::launch::async, [&] { return Serve(options, {&unimplemented}); });
  std::string made;
  for (int i = 0; i < 100 && made.empty(); ++i) {
    made = RequestIdOf(options.port, "");
    if (made.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(made.size(), 16u) << made;
  EXPECT_EQ(RequestIdOf(options.port, "client-42"), "client-42");
  EXPECT_NE(RequestIdOf(options.port, ""), made);  // a fresh one per call
  ::kill(::getpid(), SIGTERM);
  ASSERT_EQ(served.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(served.get().ok());
}

TEST(ServeTest, UsedExtraPortFailsStartUp) {
  AnyService main_service, internal_service;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);

  ServeOptions options;
  options.name = "serve-test";
  options.port = FreePort();
  options.metrics_port = 0;
  options.extra_ports.push_back({"", ntohs(addr.sin_port), {&internal_service}});
  absl::Status status = Serve(options, {&main_service});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  ::close(fd);
}

}  // namespace
}  // namespace dragoman::server
