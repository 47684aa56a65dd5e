#ifndef DRAGOMAN_CLI_SUPERVISOR_H_
#define DRAGOMAN_CLI_SUPERVISOR_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace dragoman::cli {

// One server process `dragoman up` starts.
struct ServiceLaunch {
  std::string name;    // "ingest", "extraction", "query"
  std::string binary;  // absolute path
  std::vector<std::string> args;
  int port = 0;        // on 127.0.0.1
};

// TLS and access-control files handed to the services (BUILD.md,
// Security). Empty fields are not passed; all empty is the plaintext,
// no-authentication local default.
struct ServiceSecurity {
  std::string cert_file, key_file;  // every service's certificate: TLS on every port
  // The CA that signed the services' certificates: ingest verifies
  // extraction and query with it; with mutual_tls, services also require
  // client certificates signed by it.
  std::string ca_file;
  bool mutual_tls = false;
  std::string auth_file;  // who may read and write
  // What ingest presents to extraction and query: a client certificate
  // (default: cert_file/key_file when mutual_tls) and a token file.
  std::string ingest_cert_file, ingest_key_file;
  std::string ingest_token_file;
};

// The three Dragoman services for a data directory, in start order
// (extraction and query before ingest, which calls them). Binaries are
// looked up in bin_dir.
std::vector<ServiceLaunch> PlanServices(const std::string& bin_dir, const std::string& data_dir,
                                        int base_port, const ServiceSecurity& security = {});

// Asks whether the server at "host:port" is SERVING. OK means serving; any
// other status says why not (unreachable, NOT_SERVING).
using HealthProbe = std::function<absl::Status(const std::string& target)>;

// Starts and stops a set of services as background processes that belong
// to a data directory: logs in DIR/logs/<name>.log, pid files in
// DIR/run/<name>.pid. Keeps the process work out of the CLI's transport
// code so it can be tested with stand-in programs.
class Supervisor {
 public:
  explicit Supervisor(std::string data_dir);

  std::string LogPath(const std::string& name) const;
  std::string PidPath(const std::string& name) const;

  // Refuses (FailedPrecondition) when a service recorded in DIR/run is still
  // running or a port is taken; otherwise launches every service, then
  // waits until each is SERVING. Fails when one exits or `timeout` passes,
  // quoting the tail of its log, after stopping everything it started.
  // One line per service that came up goes to `progress`.
  absl::Status Up(const std::vector<ServiceLaunch>& services, const HealthProbe& probe,
                  absl::Duration timeout, std::ostream& progress);

  // SIGTERMs every service recorded in DIR/run (ingest first, since it
  // calls the others), SIGKILLs those that outlive `grace`, and removes the
  // pid files. Reports what it did to `progress`; OK when nothing runs.
  absl::Status Down(absl::Duration grace, std::ostream& progress);

 private:
  std::string data_dir_;
};

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_SUPERVISOR_H_
