#ifndef DRAGOMAN_COMMON_SERVER_SERVE_H_
#define DRAGOMAN_COMMON_SERVER_SERVE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/service_type.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server/security.h"

namespace dragoman::server {

// How one Dragoman service is exposed. Every service gets the same
// treatment: reflection, grpc.health.v1, an error-logging interceptor,
// per-RPC Prometheus metrics (and /metrics over HTTP when a metrics port is
// set), exclusive ports, graceful shutdown on SIGTERM/SIGINT.
//
// Linking this library gives a binary the --metrics_port,
// --metrics_address and --max_connection_age flags, and the TLS and
// access-control flags of security.h, so services need no code for them.
// Another port with its own services, e.g. the query service's internal
// port for PutDocumentRecords, which a NetworkPolicy opens to ingest alone
// while reads stay on the main port. It gets what the main port gets
// (health, reflection, interceptors, size limit, drain) and reports
// SERVING and NOT_SERVING with it. A service object can be registered on
// one port only, and each port needs at least one.
struct ExtraPort {
  std::string address;  // empty: ServeOptions::address
  int port = 0;
  std::vector<grpc::Service*> services;
};

struct ServeOptions {
  std::string name;                 // for logs, e.g. "dragoman-query"
  std::string address = "127.0.0.1";
  int port = 0;
  // Maximum request size; larger messages fail with RESOURCE_EXHAUSTED.
  int max_receive_bytes = 64 << 20;
  // How long in-flight RPCs get to finish after a termination signal.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // HTTP port of Prometheus' /metrics: -1 takes --metrics_port (default 0),
  // 0 serves none. The address defaults to --metrics_address, else `address`.
  int metrics_port = -1;
  std::string metrics_address;
  // Served alongside `port`, started before warm_up, stopped with it.
  std::vector<ExtraPort> extra_ports;
  // TLS and authentication for every port; nullopt: from the --tls_* and
  // --auth_file flags (all unset: plaintext without authentication).
  std::optional<SecurityOptions> security;
  // Called after the port is bound, before health says SERVING; a non-OK
  // status aborts start-up (health never reports SERVING).
  std::function<absl::Status()> warm_up;
  // Called after the server stopped accepting RPCs, before Serve returns
  // (stop background workers, flush stores).
  std::function<void()> on_shutdown;
};

// Binds, serves and blocks until SIGTERM or SIGINT, then reports
// NOT_SERVING, drains and returns OK. Fails with UNAVAILABLE when a port
// (main, extra or metrics) cannot be bound, e.g. already in use:
// SO_REUSEPORT is disabled so a second instance never shares a port.
// Call first thing in main, before any thread starts. glibc gives each
// thread that contends for malloc an arena of its own (up to 8 per core)
// and, after a large block is freed, raises the size above which it maps
// blocks directly; under a long ingest the query service's many gRPC and
// RocksDB threads, allocating records of every size, then kept hundreds of
// MiB of freed memory. Two arenas and a fixed mmap threshold keep the
// resident set close to what is in use. No-op on other C libraries.
void TuneAllocator();

absl::Status Serve(const ServeOptions& options,
                   const std::vector<grpc::Service*>& services);

}  // namespace dragoman::server

#endif  // DRAGOMAN_COMMON_SERVER_SERVE_H_
