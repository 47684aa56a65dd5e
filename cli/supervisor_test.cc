#include "cli/supervisor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "cli/process.h"

namespace dragoman::cli {
namespace {

namespace fs = std::filesystem;

// A port nobody listens on right now.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Stand-in services: shell one-liners instead of the real binaries.
ServiceLaunch Fake(const std::string& name, const std::string& script) {
  return {name, "/bin/sh", {"-c", script}, FreePort()};
}

// A stand-in that runs until signalled, as a server does.
ServiceLaunch LongRunning(const std::string& name) {
  return {name, "/bin/sleep", {"60"}, FreePort()};
}

HealthProbe AlwaysServing() {
  return [](const std::string&) { return absl::OkStatus(); };
}

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dragoman_sup_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::ostringstream ignored;
    Supervisor(dir_).Down(absl::Seconds(2), ignored);
    fs::remove_all(dir_);
  }
  std::string dir_;
};

TEST(PlanServicesTest, WiresPortsAndDirectories) {
  const std::vector<ServiceLaunch> plan = PlanServices("/opt/bin", "/data", 7000);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].name, "extraction");
  EXPECT_EQ(plan[0].binary, "/opt/bin/dragoman-extraction");
  EXPECT_EQ(plan[0].port, 7001);
  EXPECT_EQ(plan[1].name, "query");
  EXPECT_EQ(plan[1].port, 7002);
  EXPECT_NE(std::find(plan[1].args.begin(), plan[1].args.end(), "--data_dir=/data/query"),
            plan[1].args.end());
  const ServiceLaunch& ingest = plan[2];
  EXPECT_EQ(ingest.port, 7000);
  for (const char* want : {"--port=7000", "--data_dir=/data/ingest",
                           "--extraction_target=127.0.0.1:7001", "--query_target=127.0.0.1:7002"}) {
    EXPECT_NE(std::find(ingest.args.begin(), ingest.args.end(), want), ingest.args.end()) << want;
  }
}

TEST(PlanServicesTest, PassesSecuritySettings) {
  auto has = [](const ServiceLaunch& s, const std::string& arg) {
    return std::find(s.args.begin(), s.args.end(), arg) != s.args.end();
  };
  // The default passes no security flag at all.
  for (const ServiceLaunch& s : PlanServices("/opt/bin", "/data", 7000)) {
    for (const std::string& arg : s.args) {
      EXPECT_EQ(arg.find("tls"), std::string::npos) << arg;
      EXPECT_EQ(arg.find("auth"), std::string::npos) << arg;
    }
  }
  ServiceSecurity security;
  security.cert_file = "/c/server.pem";
  security.key_file = "/c/server.key";
  security.ca_file = "/c/ca.pem";
  security.mutual_tls = true;
  security.auth_file = "/c/auth.txt";
  security.ingest_token_file = "/c/ingest.token";
  const std::vector<ServiceLaunch> plan = PlanServices("/opt/bin", "/data", 7000, security);
  for (const ServiceLaunch& s : plan) {
    for (const char* want : {"--tls_cert_file=/c/server.pem", "--tls_key_file=/c/server.key",
                             "--tls_client_ca_file=/c/ca.pem", "--auth_file=/c/auth.txt"}) {
      EXPECT_TRUE(has(s, want)) << s.name << " " << want;
    }
  }
  const ServiceLaunch& ingest = plan[2];
  for (const char* want : {"--upstream_tls_ca_file=/c/ca.pem",
                           "--upstream_tls_cert_file=/c/server.pem",
                           "--upstream_tls_key_file=/c/server.key",
                           "--upstream_token_file=/c/ingest.token"}) {
    EXPECT_TRUE(has(ingest, want)) << want;
  }
  EXPECT_FALSE(has(plan[0], "--upstream_tls_ca_file=/c/ca.pem"));
}

TEST_F(SupervisorTest, UpRecordsPidsRefusesTwiceAndDownStopsEverything) {
  Supervisor supervisor(dir_);
  const std::vector<ServiceLaunch> services = {LongRunning("query"),
                                               LongRunning("ingest")};
  std::ostringstream progress;
  ASSERT_TRUE(supervisor.Up(services, AlwaysServing(), absl::Seconds(5), progress).ok());
  EXPECT_TRUE(absl::StrContains(progress.str(), "query serving on 127.0.0.1:"));
  EXPECT_TRUE(absl::StrContains(progress.str(), "ingest serving on"));
  for (const char* sub : {"logs", "run", "ingest", "query"}) {
    EXPECT_TRUE(fs::is_directory(dir_ + "/" + sub)) << sub;
  }
  auto query_pid = ReadPidFile(supervisor.PidPath("query"));
  ASSERT_TRUE(query_pid.ok());
  EXPECT_TRUE(IsRunning(*query_pid));

  const absl::Status again = supervisor.Up(services, AlwaysServing(), absl::Seconds(5), progress);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(again.message(), "already up")) << again;

  std::ostringstream down;
  ASSERT_TRUE(supervisor.Down(absl::Seconds(5), down).ok());
  EXPECT_TRUE(absl::StrContains(down.str(), "stopped ingest")) << down.str();
  EXPECT_TRUE(absl::StrContains(down.str(), "stopped query"));
  EXPECT_LT(down.str().find("stopped ingest"), down.str().find("stopped query"));
  EXPECT_FALSE(fs::exists(supervisor.PidPath("query")));
  EXPECT_FALSE(IsAlive(query_pid->pid));

  std::ostringstream nothing;
  ASSERT_TRUE(supervisor.Down(absl::Seconds(1), nothing).ok());
  EXPECT_TRUE(absl::StrContains(nothing.str(), "nothing is running"));
}

TEST_F(SupervisorTest, ServiceThatDiesReportsItsLogAndStopsTheOthers) {
  Supervisor supervisor(dir_);
  const std::vector<ServiceLaunch> services = {
      LongRunning("query"),
      Fake("ingest", "echo 'cannot open store: lock held' >&2; exit 2")};
  std::ostringstream progress;
  // Never serving, so the dying service is noticed rather than the probe.
  const absl::Status status = supervisor.Up(
      services, [](const std::string&) { return absl::UnavailableError("not yet"); },
      absl::Seconds(10), progress);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(absl::StrContains(status.message(), "ingest")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "exited with status 2")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "cannot open store: lock held")) << status;
  EXPECT_FALSE(fs::exists(supervisor.PidPath("query")));
  EXPECT_FALSE(fs::exists(supervisor.PidPath("ingest")));
}

TEST_F(SupervisorTest, GivesUpAfterTheTimeoutAndCleansUp) {
  Supervisor supervisor(dir_);
  const std::vector<ServiceLaunch> services = {LongRunning("extraction")};
  std::ostringstream progress;
  const absl::Time start = absl::Now();
  const absl::Status status = supervisor.Up(
      services, [](const std::string&) { return absl::UnavailableError("NOT_SERVING"); },
      absl::Milliseconds(500), progress);
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "extraction did not report SERVING"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(8));
  EXPECT_FALSE(fs::exists(supervisor.PidPath("extraction")));
}

TEST_F(SupervisorTest, RefusesAPortInUse) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ::listen(fd, 1);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ServiceLaunch busy = LongRunning("query");
  busy.port = ntohs(addr.sin_port);
  std::ostringstream progress;
  const absl::Status status =
      Supervisor(dir_).Up({busy}, AlwaysServing(), absl::Seconds(5), progress);
  ::close(fd);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "in use")) << status;
  EXPECT_FALSE(fs::exists(Supervisor(dir_).PidPath("query")));
}

TEST_F(SupervisorTest, StalePidFileDoesNotBlockUp) {
  fs::create_directories(dir_ + "/run");
  Supervisor supervisor(dir_);
  // A pid that cannot be alive (beyond pid_max on Linux).
  ASSERT_TRUE(WritePidFile(supervisor.PidPath("query"), {99999999, "/bin/sleep"}).ok());
  std::ostringstream progress;
  EXPECT_TRUE(supervisor
                  .Up({LongRunning("query")}, AlwaysServing(), absl::Seconds(5),
                      progress)
                  .ok());
}

}  // namespace
}  // namespace dragoman::cli
