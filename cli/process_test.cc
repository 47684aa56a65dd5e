#include "cli/process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace dragoman::cli {
namespace {

namespace fs = std::filesystem;

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dragoman_proc_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ProcessTest, LaunchedProcessLogsToFileAndReportsItsExit) {
  const std::string log = dir_ + "/out.log";
  auto pid = LaunchDetached("/bin/sh", {"-c", "echo hello from child; exit 3"}, log);
  ASSERT_TRUE(pid.ok()) << pid.status();
  std::optional<std::string> exit;
  for (int i = 0; i < 200 && !exit; ++i) {
    exit = ReapIfExited(*pid);
    if (!exit) absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(*exit, "exited with status 3");
  EXPECT_EQ(TailFile(log, 5), "hello from child");
}

TEST_F(ProcessTest, LaunchRunsInItsOwnSession) {
  auto pid = LaunchDetached("/bin/sleep", {"30"}, dir_ + "/log");
  ASSERT_TRUE(pid.ok());
  // setsid made it a session leader.
  for (int i = 0; i < 100 && ::getsid(*pid) != *pid; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(::getsid(*pid), *pid);
  EXPECT_TRUE(IsAlive(*pid));
  EXPECT_EQ(CommandLineOf(*pid), "/bin/sleep 30");
  EXPECT_TRUE(StopProcess(*pid, absl::Seconds(5)));
  EXPECT_FALSE(IsAlive(*pid));
}

TEST_F(ProcessTest, MissingBinaryFailsToLaunch) {
  auto pid = LaunchDetached(dir_ + "/no-such-binary", {}, dir_ + "/log");
  ASSERT_FALSE(pid.ok());
  EXPECT_NE(pid.status().message().find("no-such-binary"), std::string::npos);
}

TEST_F(ProcessTest, StopProcessKillsWhatIgnoresSigterm) {
  auto pid = LaunchDetached("/bin/sh", {"-c", "trap '' TERM; echo ready; sleep 30"}, dir_ + "/log");
  ASSERT_TRUE(pid.ok());
  for (int i = 0; i < 200 && TailFile(dir_ + "/log", 1) != "ready"; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_FALSE(StopProcess(*pid, absl::Milliseconds(300)));
  EXPECT_FALSE(IsAlive(*pid));
}

TEST_F(ProcessTest, PidFilesRoundTripAndRejectGarbage) {
  const std::string path = dir_ + "/x.pid";
  ASSERT_TRUE(WritePidFile(path, {1234, "/usr/bin/x"}).ok());
  auto read = ReadPidFile(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->pid, 1234);
  EXPECT_EQ(read->binary, "/usr/bin/x");
  std::ofstream(path) << "not a pid\n";
  EXPECT_FALSE(ReadPidFile(path).ok());
  EXPECT_EQ(ReadPidFile(dir_ + "/absent.pid").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ProcessTest, IsRunningChecksTheRecordedBinary) {
  auto pid = LaunchDetached("/bin/sleep", {"30"}, dir_ + "/log");
  ASSERT_TRUE(pid.ok());
  for (int i = 0; i < 100 && CommandLineOf(*pid) != "/bin/sleep 30"; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(IsRunning({*pid, "/bin/sleep"}));
  // A recycled pid now running something else is not ours.
  EXPECT_FALSE(IsRunning({*pid, "/opt/dragoman-query"}));
  StopProcess(*pid, absl::Seconds(5));
  EXPECT_FALSE(IsRunning({*pid, "/bin/sleep"}));
}

TEST(LoopbackPortTest, SeesAListeningSocket) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  EXPECT_TRUE(LoopbackPortInUse(port));
  ::close(fd);
  EXPECT_FALSE(LoopbackPortInUse(port));
}

TEST(SelfDirectoryTest, IsAnAbsoluteDirectory) {
  auto dir = SelfDirectory();
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->front(), '/');
  EXPECT_TRUE(fs::is_directory(*dir));
}

}  // namespace
}  // namespace dragoman::cli
