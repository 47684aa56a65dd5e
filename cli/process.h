#ifndef DRAGOMAN_CLI_PROCESS_H_
#define DRAGOMAN_CLI_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dragoman::cli {

// Starts `binary args...` in a new session (so it outlives the CLI and
// a terminal's Ctrl-C does not reach it) with stdin from /dev/null and
// stdout/stderr appended to log_path. Fails if the binary cannot be
// executed; the process is a child of the caller until the caller exits.
// With die_with_parent it gets SIGTERM when the caller dies (tests use
// this so a crashed test leaves no servers behind).
absl::StatusOr<pid_t> LaunchDetached(const std::string& binary,
                                     const std::vector<std::string>& args,
                                     const std::string& log_path,
                                     bool die_with_parent = false);

// For a child of this process: reaps it if it has exited and describes how
// ("exited with status 1", "killed by signal 9"); nullopt while it runs.
std::optional<std::string> ReapIfExited(pid_t pid);

// True while the process exists and is not a zombie.
bool IsAlive(pid_t pid);

// The process's argv joined with spaces ("" when it is gone). Used to make
// sure a pid from a pid file still names our service before signalling it.
std::string CommandLineOf(pid_t pid);

// SIGTERM, then wait up to `grace` for the process to go away, then
// SIGKILL. Returns true when it left on SIGTERM. Reaps it if it is our child.
bool StopProcess(pid_t pid, absl::Duration grace);

// What a pid file records: the pid and the binary it runs, so a pid
// recycled by an unrelated program is never signalled.
struct PidFile {
  pid_t pid = 0;
  std::string binary;
};
// Two lines: the decimal pid, then the binary path.
absl::Status WritePidFile(const std::string& path, const PidFile& contents);
absl::StatusOr<PidFile> ReadPidFile(const std::string& path);
// True when `pid` is alive and still runs the recorded binary.
bool IsRunning(const PidFile& recorded);

// Whether something already listens on (or holds) 127.0.0.1:port.
bool LoopbackPortInUse(int port);

// The last `max_lines` lines of a text file, "" if unreadable.
std::string TailFile(const std::string& path, int max_lines);

// Directory of the running executable (/proc/self/exe).
absl::StatusOr<std::string> SelfDirectory();

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_PROCESS_H_
