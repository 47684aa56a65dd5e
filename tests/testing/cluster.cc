#include "tests/testing/cluster.h"

#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "cli/process.h"
#include "cli/supervisor.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace dragoman::testing {

namespace fs = std::filesystem;

std::string BinDir() {
  if (const char* env = std::getenv("DRAGOMAN_BIN_DIR")) return env;
  return DRAGOMAN_BIN_DIR;
}

std::string SourceDir() { return DRAGOMAN_SOURCE_DIR; }

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = absl::StrCat(fs::temp_directory_path().string(), "/", prefix, "_XXXXXX");
  if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
  return tmpl;
}

int FindFreeBasePort() {
  std::mt19937 rng(std::random_device{}() ^ static_cast<unsigned>(::getpid()));
  // Below the usual ephemeral range (32768+), so outgoing connections do
  // not take the ports between the check and the bind.
  std::uniform_int_distribution<int> pick(20000, 32000);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int base = pick(rng);
    if (!cli::LoopbackPortInUse(base) && !cli::LoopbackPortInUse(base + 1) &&
        !cli::LoopbackPortInUse(base + 2)) {
      return base;
    }
  }
  std::abort();
}

std::string ShellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CommandResult RunCommand(const std::string& command_line) {
  CommandResult result;
  // A subshell, so the redirections cover compound command lines too.
  FILE* pipe = ::popen(absl::StrCat("(", command_line, ") 2>&1 </dev/null").c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.output.append(buf, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

absl::Status CheckServing(const std::string& target) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError("not SERVING");
  }
  return absl::OkStatus();
}

Cluster::Cluster() : base_port_(FindFreeBasePort()), data_dir_(MakeTempDir("dragoman_e2e")) {
  fs::create_directories(data_dir_ + "/logs");
}

Cluster::~Cluster() {
  for (auto& [name, pid] : pids_) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  if (std::getenv("DRAGOMAN_KEEP_TEST_DATA") == nullptr) fs::remove_all(data_dir_);
}

std::string Cluster::ingest_target() const { return absl::StrCat("127.0.0.1:", base_port_); }
std::string Cluster::extraction_target() const {
  return absl::StrCat("127.0.0.1:", base_port_ + 1);
}
std::string Cluster::query_target() const { return absl::StrCat("127.0.0.1:", base_port_ + 2); }

std::string Cluster::LogOf(const std::string& service) const {
  return cli::TailFile(absl::StrCat(data_dir_, "/logs/", service, ".log"), 30);
}

absl::Status Cluster::Start(absl::Duration timeout) {
  for (const cli::ServiceLaunch& s : cli::PlanServices(BinDir(), data_dir_, base_port_)) {
    fs::create_directories(data_dir_ + "/" + s.name);
    absl::StatusOr<pid_t> pid =
        cli::LaunchDetached(s.binary, s.args, absl::StrCat(data_dir_, "/logs/", s.name, ".log"),
                           /*die_with_parent=*/true);
    if (!pid.ok()) return pid.status();
    pids_[s.name] = *pid;
  }
  const absl::Time deadline = absl::Now() + timeout;
  for (const auto& [name, target] : std::vector<std::pair<std::string, std::string>>{
           {"extraction", extraction_target()}, {"query", query_target()},
           {"ingest", ingest_target()}}) {
    while (!CheckServing(target).ok()) {
      if (std::optional<std::string> exit = cli::ReapIfExited(pids_[name])) {
        pids_.erase(name);
        return absl::UnavailableError(
            absl::StrCat(name, " ", *exit, " before serving; log:\n", LogOf(name)));
      }
      if (absl::Now() > deadline) {
        return absl::DeadlineExceededError(
            absl::StrCat(name, " not SERVING on ", target, "; log:\n", LogOf(name)));
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
  return absl::OkStatus();
}

std::map<std::string, std::string> Cluster::Stop(absl::Duration grace) {
  for (const auto& [name, pid] : pids_) ::kill(pid, SIGTERM);
  std::map<std::string, std::string> exits;
  const absl::Time deadline = absl::Now() + grace;
  for (const auto& [name, pid] : pids_) {
    std::optional<std::string> exit;
    while (!(exit = cli::ReapIfExited(pid)) && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    if (!exit) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      exit = "did not exit within the grace period (killed)";
    }
    exits[name] = *exit;
  }
  pids_.clear();
  return exits;
}

}  // namespace dragoman::testing
