#ifndef DRAGOMAN_TESTS_TESTING_CLUSTER_H_
#define DRAGOMAN_TESTS_TESTING_CLUSTER_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cli/supervisor.h"
#include "common/client/channel.h"

namespace dragoman::testing {

// Where the build put the binaries (build/bin), the source tree, and a
// fresh temporary directory removed by the caller.
std::string BinDir();
std::string SourceDir();
std::string MakeTempDir(const std::string& prefix);

// A base port N such that N, N+1 and N+2 are free on 127.0.0.1 right now.
int FindFreeBasePort();

// What a command printed (stdout and stderr together) and its exit status.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCommand(const std::string& command_line);
// Quotes one shell word.
std::string ShellQuote(const std::string& word);

// The three real service binaries running as children of the test on free
// loopback ports, with data in a temporary directory. Unlike `dragoman up`
// it keeps them as children, so a test can see their exit status.
class Cluster {
 public:
  Cluster();
  ~Cluster();  // SIGKILLs whatever still runs, removes the data dir

  // Launches (or relaunches, on the same ports and data) and waits until all
  // three report SERVING on grpc.health.v1.
  absl::Status Start(absl::Duration timeout = absl::Seconds(60));
  // SIGTERM to each; waits; returns "exited with status 0"-style
  // descriptions by service name.
  std::map<std::string, std::string> Stop(absl::Duration grace = absl::Seconds(30));

  // For fault tests: SIGKILLs one service ("ingest", "extraction" or
  // "query") and reaps it, like a crash or an OOM kill.
  void Kill(const std::string& service);
  // Launches one service again on its port and data, without waiting.
  // A non-empty `wrapper` runs it through a command such as
  // {"prlimit", "--fsize=1048576", "--"} (the service's argv follows).
  absl::Status Relaunch(const std::string& service,
                        const std::vector<std::string>& wrapper = {});
  // Waits until one service reports SERVING (or exits, or time runs out).
  absl::Status WaitServing(const std::string& service, absl::Duration timeout);

  // TLS and access control for the services (re)launched from now on, and
  // how WaitServing's health checks reach them (health needs no token, but
  // mutual TLS needs a client certificate). Default: plaintext, no auth.
  void SetSecurity(const cli::ServiceSecurity& services, const client::ChannelSecurity& probe) {
    security_ = services;
    probe_security_ = probe;
  }

  int base_port() const { return base_port_; }
  std::string ingest_target() const;
  std::string extraction_target() const;
  std::string query_target() const;
  const std::string& data_dir() const { return data_dir_; }
  std::string LogOf(const std::string& service) const;

 private:
  std::string TargetOf(const std::string& service) const;

  int base_port_;
  std::string data_dir_;
  std::map<std::string, pid_t> pids_;
  cli::ServiceSecurity security_;
  client::ChannelSecurity probe_security_;
};

// OK when the server at target answers grpc.health.v1 Check with SERVING.
absl::Status CheckServing(const std::string& target);
// The same over a channel with `security` (TLS, client certificate).
absl::Status CheckServing(const std::string& target, const client::ChannelSecurity& security);

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_TESTING_CLUSTER_H_
