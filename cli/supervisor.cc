#include "cli/supervisor.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "cli/process.h"

namespace dragoman::cli {

namespace fs = std::filesystem;

namespace {

// Stop order: ingest first so nothing new reaches the others.
const char* const kStopOrder[] = {"ingest", "extraction", "query"};

constexpr int kLogTailLines = 15;

std::string Target(int port) { return absl::StrCat("127.0.0.1:", port); }

}  // namespace

std::vector<ServiceLaunch> PlanServices(const std::string& bin_dir, const std::string& data_dir,
                                        int base_port, const ServiceSecurity& security) {
  const int ingest = base_port, extraction = base_port + 1, query = base_port + 2;
  auto common = [&security](int port) {
    std::vector<std::string> args{"--address=127.0.0.1", absl::StrCat("--port=", port)};
    auto add = [&args](const char* flag, const std::string& value) {
      if (!value.empty()) args.push_back(absl::StrCat("--", flag, "=", value));
    };
    add("tls_cert_file", security.cert_file);
    add("tls_key_file", security.key_file);
    if (security.mutual_tls) add("tls_client_ca_file", security.ca_file);
    add("auth_file", security.auth_file);
    return args;
  };
  ServiceLaunch e{"extraction", bin_dir + "/dragoman-extraction", common(extraction), extraction};
  ServiceLaunch q{"query", bin_dir + "/dragoman-query", common(query), query};
  q.args.push_back(absl::StrCat("--data_dir=", data_dir, "/query"));
  ServiceLaunch i{"ingest", bin_dir + "/dragoman-ingest", common(ingest), ingest};
  i.args.push_back(absl::StrCat("--data_dir=", data_dir, "/ingest"));
  i.args.push_back(absl::StrCat("--extraction_target=", Target(extraction)));
  i.args.push_back(absl::StrCat("--query_target=", Target(query)));
  auto add = [&i](const char* flag, const std::string& value) {
    if (!value.empty()) i.args.push_back(absl::StrCat("--", flag, "=", value));
  };
  if (!security.cert_file.empty()) add("upstream_tls_ca_file", security.ca_file);
  if (security.mutual_tls) {
    const bool own = !security.ingest_cert_file.empty();
    add("upstream_tls_cert_file", own ? security.ingest_cert_file : security.cert_file);
    add("upstream_tls_key_file", own ? security.ingest_key_file : security.key_file);
  }
  add("upstream_token_file", security.ingest_token_file);
  return {e, q, i};
}

Supervisor::Supervisor(std::string data_dir) : data_dir_(std::move(data_dir)) {}

std::string Supervisor::LogPath(const std::string& name) const {
  return absl::StrCat(data_dir_, "/logs/", name, ".log");
}

std::string Supervisor::PidPath(const std::string& name) const {
  return absl::StrCat(data_dir_, "/run/", name, ".pid");
}

absl::Status Supervisor::Up(const std::vector<ServiceLaunch>& services, const HealthProbe& probe,
                            absl::Duration timeout, std::ostream& progress) {
  for (const ServiceLaunch& s : services) {
    absl::StatusOr<PidFile> recorded = ReadPidFile(PidPath(s.name));
    if (!recorded.ok()) continue;
    if (IsRunning(*recorded)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "already up for ", data_dir_, ": ", s.name, " is running (pid ", recorded->pid,
          "); run `dragoman down --data-dir ", data_dir_, "` first"));
    }
    fs::remove(PidPath(s.name));  // stale: left by a crash or a reboot
  }
  for (const ServiceLaunch& s : services) {
    if (LoopbackPortInUse(s.port)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "port ", s.port, " for ", s.name, " is in use on 127.0.0.1 (another `dragoman up` or "
          "another program?); choose another --base-port"));
    }
  }
  for (const char* sub : {"logs", "run", "ingest", "query"}) {
    std::error_code ec;
    fs::create_directories(absl::StrCat(data_dir_, "/", sub), ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("cannot create ", data_dir_, "/", sub, ": ", ec.message()));
    }
  }

  struct Started {
    const ServiceLaunch* service;
    pid_t pid;
    bool serving = false;
  };
  std::vector<Started> started;
  auto fail = [&](absl::Status why) {
    for (auto it = started.rbegin(); it != started.rend(); ++it) {
      if (it->pid > 0) StopProcess(it->pid, absl::Seconds(5));
      fs::remove(PidPath(it->service->name));
    }
    return why;
  };
  auto with_log = [&](const ServiceLaunch& s, const std::string& what) {
    const std::string tail = TailFile(LogPath(s.name), kLogTailLines);
    return absl::StrCat(what, "\n--- last lines of ", LogPath(s.name), " ---\n",
                        tail.empty() ? "(empty)" : tail);
  };

  for (const ServiceLaunch& s : services) {
    absl::StatusOr<pid_t> pid = LaunchDetached(s.binary, s.args, LogPath(s.name));
    if (!pid.ok()) {
      return fail(absl::Status(pid.status().code(),
                               absl::StrCat(s.name, ": ", pid.status().message())));
    }
    started.push_back({&s, *pid});
    if (absl::Status w = WritePidFile(PidPath(s.name), {*pid, s.binary}); !w.ok()) {
      return fail(w);
    }
  }

  const absl::Time deadline = absl::Now() + timeout;
  size_t serving = 0;
  while (serving < started.size()) {
    for (Started& st : started) {
      if (st.serving) continue;
      if (std::optional<std::string> exit = ReapIfExited(st.pid)) {
        st.pid = -1;  // reaped: nothing left to stop
        return fail(absl::UnavailableError(with_log(
            *st.service, absl::StrCat(st.service->name, " (", st.service->binary, ") ", *exit,
                                      " before serving on ", Target(st.service->port)))));
      }
      if (probe(Target(st.service->port)).ok()) {
        st.serving = true;
        ++serving;
        progress << st.service->name << " serving on " << Target(st.service->port) << " (pid "
                 << st.pid << ")\n";
      }
    }
    if (serving == started.size()) break;
    if (absl::Now() > deadline) {
      for (const Started& st : started) {
        if (st.serving) continue;
        const absl::Status last = probe(Target(st.service->port));
        return fail(absl::DeadlineExceededError(with_log(
            *st.service,
            absl::StrCat(st.service->name, " did not report SERVING on ", Target(st.service->port),
                         " within ", absl::FormatDuration(timeout), " (", last.message(), ")"))));
      }
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  return absl::OkStatus();
}

absl::Status Supervisor::Down(absl::Duration grace, std::ostream& progress) {
  int found = 0;
  for (const char* name : kStopOrder) {
    const std::string pid_path = PidPath(name);
    absl::StatusOr<PidFile> recorded = ReadPidFile(pid_path);
    if (!recorded.ok()) continue;
    ++found;
    if (!IsRunning(*recorded)) {
      progress << name << " was not running (stale pid " << recorded->pid << ")\n";
    } else if (StopProcess(recorded->pid, grace)) {
      progress << "stopped " << name << " (pid " << recorded->pid << ")\n";
    } else {
      progress << name << " (pid " << recorded->pid << ") ignored SIGTERM for "
               << absl::FormatDuration(grace) << "; killed\n";
    }
    fs::remove(pid_path);
  }
  if (found == 0) progress << "nothing is running for " << data_dir_ << "\n";
  return absl::OkStatus();
}

}  // namespace dragoman::cli
