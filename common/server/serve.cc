#include "common/server/serve.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/server/health.h"
#include "common/server/rpc_metrics.h"
#include "common/server/security.h"
// Linked so the health service's schema is in the descriptor pool, which is
// what lets reflection clients (grpcurl, buf curl) describe it.
#include "grpc/health/v1/health.pb.h"

// Defined here rather than in each main.cc so every service binary has
// them the same way (deploy/k8s passes them from the ConfigMap).
ABSL_FLAG(int, metrics_port, 0,
          "HTTP port of the Prometheus /metrics endpoint; 0 serves none.");
ABSL_FLAG(std::string, metrics_address, "",
          "Address /metrics listens on; empty: the same as the gRPC address.");
ABSL_FLAG(absl::Duration, max_connection_age, absl::ZeroDuration(),
          "Close client connections after this long (gracefully, after a 30 s "
          "grace), so DNS-balanced clients re-resolve and reach new replicas; "
          "0 keeps them open.");

namespace dragoman::server {
namespace {

// Logs one line per RPC that ends with a non-OK status.
class ErrorLoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ErrorLoggingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method()) {}

  // The request id ties a client's call to the log line about it: the
  // client's "x-request-id" when it sent one, else a fresh one, returned to
  // the client in the response's initial metadata either way.
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* received = methods->GetRecvInitialMetadata();
      if (received != nullptr) {
        auto it = received->find(kRequestIdHeader);
        if (it != received->end() && it->second.size() <= 128) {
          request_id_.assign(it->second.data(), it->second.size());
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      auto* sending = methods->GetSendInitialMetadata();
      if (sending != nullptr) sending->emplace(kRequestIdHeader, RequestId());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (!status.ok()) {
        Log(LogLevel::kWarning,
            absl::StrCat("rpc ", method_, " failed: request_id=", RequestId(),
                         " code=", status.error_code(), " ", status.error_message()));
      }
    }
    methods->Proceed();
  }

 private:
  static constexpr char kRequestIdHeader[] = "x-request-id";

  const std::string& RequestId() {
    if (request_id_.empty()) {
      thread_local absl::BitGen gen;
      request_id_ = absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(gen), absl::kZeroPad16));
    }
    return request_id_;
  }

  std::string method_;
  std::string request_id_;
};

class ErrorLoggingFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new ErrorLoggingInterceptor(info);
  }
};

// Self-pipe: the handler only writes a byte; the serving thread polls.
int g_signal_pipe[2] = {-1, -1};

void OnSignal(int) {
  const char b = 1;
  [[maybe_unused]] ssize_t n = ::write(g_signal_pipe[1], &b, 1);
}

absl::Status InstallSignalHandlers() {
  if (g_signal_pipe[0] < 0) {
    if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
      return absl::InternalError(absl::StrCat("pipe2: ", errno));
    }
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  return absl::OkStatus();
}

void WaitForSignal() {
  pollfd p{g_signal_pipe[0], POLLIN, 0};
  while (true) {
    int r = ::poll(&p, 1, -1);
    if (r > 0) break;
    if (r < 0 && errno != EINTR) break;
  }
  char b;
  while (::read(g_signal_pipe[0], &b, 1) > 0) {
  }
}

}  // namespace

namespace {

std::string HostPort(const std::string& address, int port) {
  return absl::StrCat(
      address.find(':') != std::string::npos ? absl::StrCat("[", address, "]") : address, ":",
      port);
}

// Every port of a process is served alike; `health` (NOT_SERVING until the
// warm-up is done) is registered with the port's services.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartServer(
    const std::string& target, int max_receive_bytes, const ServerSecurity& security,
    const std::vector<grpc::Service*>& services, HealthService* health) {
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(target, security.Credentials(), &bound_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(max_receive_bytes);
  if (const absl::Duration age = absl::GetFlag(FLAGS_max_connection_age);
      age > absl::ZeroDuration()) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               static_cast<int>(absl::ToInt64Milliseconds(age)));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  }
  for (grpc::Service* s : services) builder.RegisterService(s);
  builder.RegisterService(health);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> icpt;
  icpt.push_back(std::make_unique<RpcMetricsInterceptorFactory>());
  icpt.push_back(std::make_unique<ErrorLoggingFactory>());
  builder.experimental().SetInterceptorCreators(std::move(icpt));

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", target, " (address in use or not available)"));
  }
  return server;
}

}  // namespace

void TuneAllocator() {
#ifdef __GLIBC__
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif
}

absl::Status Serve(const ServeOptions& options,
                   const std::vector<grpc::Service*>& services) {
  SetLogTag(options.name);
  if (absl::Status s = InstallSignalHandlers(); !s.ok()) return s;

  // Our own health service, which starts NOT_SERVING (health.h says why).
  grpc::EnableDefaultHealthCheckService(false);
  HealthState health;
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // Force the health descriptor to be linked in.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  absl::StatusOr<std::unique_ptr<ServerSecurity>> security =
      ServerSecurity::Load(options.security ? *options.security : SecurityOptions::FromFlags());
  if (!security.ok()) return security.status();

  // The main port first, then the extra ones; servers[i] serves targets[i].
  std::vector<std::unique_ptr<HealthService>> health_services;  // outlive the servers
  std::vector<std::unique_ptr<grpc::Server>> servers;
  std::vector<std::string> targets;
  auto stop_now = [&servers, &health] {
    health.Shutdown();
    for (auto& server : servers) server->Shutdown();
  };
  targets.push_back(HostPort(options.address, options.port));
  for (const ExtraPort& extra : options.extra_ports) {
    targets.push_back(
        HostPort(extra.address.empty() ? options.address : extra.address, extra.port));
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    absl::StatusOr<std::unique_ptr<grpc::Server>> server = StartServer(
        targets[i], options.max_receive_bytes, **security,
        i == 0 ? services : options.extra_ports[i - 1].services,
        health_services.emplace_back(std::make_unique<HealthService>(&health)).get());
    if (!server.ok()) {
      stop_now();
      return server.status();
    }
    servers.push_back(*std::move(server));
  }

  const int metrics_port =
      options.metrics_port >= 0 ? options.metrics_port : absl::GetFlag(FLAGS_metrics_port);
  std::unique_ptr<metrics::Exporter> exporter;
  prometheus::Gauge& serving = metrics::Gauge(
      "dragoman_serving", "1 while grpc.health.v1 reports SERVING, else 0.");
  auto set_serving = [&](bool on) {
    health.SetServing(on);
    serving.Set(on ? 1 : 0);
  };
  serving.Set(0);
  metrics::GaugeFamily("dragoman_build_info", "Always 1; labels tell the build.")
      .Add({{"service", options.name}, {"version", DRAGOMAN_VERSION}})
      .Set(1);
  if (metrics_port > 0) {
    std::string address = options.metrics_address;
    if (address.empty()) address = absl::GetFlag(FLAGS_metrics_address);
    if (address.empty()) address = options.address;
    absl::StatusOr<std::unique_ptr<metrics::Exporter>> started =
        metrics::Exporter::Start(address, metrics_port);
    if (!started.ok()) {
      stop_now();
      return started.status();
    }
    exporter = *std::move(started);
    Log(LogLevel::kInfo, absl::StrCat("metrics on http://", address, ":", metrics_port,
                                      "/metrics"));
  }

  if (options.warm_up) {
    if (absl::Status s = options.warm_up(); !s.ok()) {
      stop_now();
      return s;
    }
  }
  set_serving(true);
  Log(LogLevel::kInfo, absl::StrCat("serving on ", absl::StrJoin(targets, " and ")));
  Log(LogLevel::kInfo, (*security)->Describe(absl::StrJoin(targets, " and ")));
  if ((*security)->SendsTokensInClear()) {
    Log(LogLevel::kWarning,
        "bearer tokens travel in plaintext: anyone on the network path can read and reuse "
        "them; serve TLS (--tls_cert_file, --tls_key_file) outside a trusted network");
  }

  WaitForSignal();
  Log(LogLevel::kInfo, "termination signal: NOT_SERVING, draining");
  set_serving(false);
  health.Shutdown();  // ends Watch streams, which would otherwise hold the drain
  // One deadline for all ports: the drain takes the grace period at most.
  const auto deadline =
      std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options.shutdown_grace);
  for (auto& server : servers) server->Shutdown(deadline);
  if (options.on_shutdown) options.on_shutdown();
  for (auto& server : servers) server->Wait();
  Log(LogLevel::kInfo, "stopped");
  return absl::OkStatus();
}

}  // namespace dragoman::server
