#include "common/server/rpc_metrics.h"

#include <chrono>
#include <string>

#include "common/metrics/metrics.h"

namespace dragoman::server {
namespace {

// Upper-case names as in grpc-go and go-grpc-prometheus ("NOT_FOUND").
const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

struct RpcFamilies {
  prometheus::Family<prometheus::Counter>& started = metrics::CounterFamily(
      "grpc_server_started_total", "RPCs started on the server.");
  prometheus::Family<prometheus::Counter>& handled = metrics::CounterFamily(
      "grpc_server_handled_total", "RPCs completed on the server, by status code.");
  prometheus::Family<prometheus::Histogram>& seconds = metrics::HistogramFamily(
      "grpc_server_handling_seconds", "Time from RPC start to status sent, in seconds.");

  static RpcFamilies& Get() {
    static auto* families = new RpcFamilies;
    return *families;
  }
};

// Lives as long as one RPC; records on the status going out, or as
// CANCELLED when the RPC ends without one (client went away).
class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetricsInterceptor(const char* full_method) : start_(Clock::now()) {
    // "/package.Service/Method"
    const std::string m = full_method == nullptr ? "" : full_method;
    const size_t slash = m.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      service_ = m.substr(1, slash - 1);
      method_ = m.substr(slash + 1);
    } else {
      service_ = "unknown";
      method_ = m;
    }
    RpcFamilies::Get().started.Add({{"grpc_service", service_}, {"grpc_method", method_}})
        .Increment();
  }

  ~RpcMetricsInterceptor() override {
    if (!recorded_) Record(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  using Clock = std::chrono::steady_clock;

  void Record(grpc::StatusCode code) {
    recorded_ = true;
    RpcFamilies& f = RpcFamilies::Get();
    f.handled
        .Add({{"grpc_service", service_}, {"grpc_method", method_}, {"grpc_code", CodeName(code)}})
        .Increment();
    f.seconds.Add({{"grpc_service", service_}, {"grpc_method", method_}}, metrics::LatencyBuckets())
        .Observe(std::chrono::duration<double>(Clock::now() - start_).count());
  }

  const Clock::time_point start_;
  std::string service_;
  std::string method_;
  bool recorded_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RpcMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcMetricsInterceptor(info->method());
}

}  // namespace dragoman::server
