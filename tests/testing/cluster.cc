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
  return CheckServing(target, client::ChannelSecurity());
}

absl::Status CheckServing(const std::string& target, const client::ChannelSecurity& security) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeChannel(target, security);
  if (!channel.ok()) return channel.status();
  auto stub = grpc::health::v1::Health::NewStub(*channel);
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

std::string Cluster::TargetOf(const std::string& service) const {
  if (service == "ingest") return ingest_target();
  if (service == "extraction") return extraction_target();
  return query_target();
}

absl::Status Cluster::Relaunch(const std::string& service,
                              const std::vector<std::string>& wrapper) {
  for (cli::ServiceLaunch s : cli::PlanServices(BinDir(), data_dir_, base_port_, security_)) {
    if (s.name != service) continue;
    fs::create_directories(data_dir_ + "/" + s.name);
    if (!wrapper.empty()) {
      std::vector<std::string> args(wrapper.begin() + 1, wrapper.end());
      args.push_back(s.binary);
      args.insert(args.end(), s.args.begin(), s.args.end());
      s.binary = wrapper[0];
      s.args = std::move(args);
    }
    absl::StatusOr<pid_t> pid =
        cli::LaunchDetached(s.binary, s.args, absl::StrCat(data_dir_, "/logs/", s.name, ".log"),
                            /*die_with_parent=*/true);
    if (!pid.ok()) return pid.status();
    pids_[s.name] = *pid;
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("no service named ", service));
}

void Cluster::Kill(const std::string& service) {
  auto it = pids_.find(service);
  if (it == pids_.end()) return;
  ::kill(it->second, SIGKILL);
  ::waitpid(it->second, nullptr, 0);
  pids_.erase(it);
}

absl::Status Cluster::WaitServing(const std::string& service, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  const std::string target = TargetOf(service);
  while (!CheckServing(target, probe_security_).ok()) {
    auto it = pids_.find(service);
    if (it == pids_.end()) return absl::FailedPreconditionError(service + " is not running");
    if (std::optional<std::string> exit = cli::ReapIfExited(it->second)) {
      pids_.erase(it);
      return absl::UnavailableError(
          absl::StrCat(service, " ", *exit, " before serving; log:\n", LogOf(service)));
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat(service, " not SERVING on ", target, "; log:\n", LogOf(service)));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::OkStatus();
}

absl::Status Cluster::Start(absl::Duration timeout) {
  for (const char* service : {"ingest", "extraction", "query"}) {
    if (absl::Status s = Relaunch(service); !s.ok()) return s;
  }
  const absl::Time deadline = absl::Now() + timeout;
  for (const char* service : {"extraction", "query", "ingest"}) {
    if (absl::Status s = WaitServing(service, deadline - absl::Now()); !s.ok()) return s;
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
