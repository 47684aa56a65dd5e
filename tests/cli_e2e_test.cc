// The `dragoman` command line against the real services, as a user types it:
// up, ingest the samples, events, export, down.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_dir_ = new std::string(testing::MakeTempDir("dragoman_cli"));
    base_port_ = testing::FindFreeBasePort();
  }
  static void TearDownTestSuite() {
    // Whatever happened, leave nothing running.
    Dragoman(absl::StrCat("down --data-dir ", testing::ShellQuote(*data_dir_)));
    if (std::getenv("DRAGOMAN_KEEP_TEST_DATA") == nullptr) fs::remove_all(*data_dir_);
    delete data_dir_;
  }

  static testing::CommandResult Dragoman(const std::string& args) {
    return testing::RunCommand(absl::StrCat(testing::ShellQuote(testing::BinDir() + "/dragoman"),
                                            " ", args));
  }
  static std::string Port() { return absl::StrCat(" --base-port ", base_port_); }
  static std::string DataDir() { return " --data-dir " + testing::ShellQuote(*data_dir_); }

  static std::string* data_dir_;
  static int base_port_;
};

std::string* CliTest::data_dir_ = nullptr;
int CliTest::base_port_ = 0;

// The steps depend on each other, so they are one test, in order.
TEST_F(CliTest, UpIngestEventsExportDown) {
  // Before up: a clear message naming the address.
  testing::CommandResult r = Dragoman("events" + Port());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.output, absl::StrCat("127.0.0.1:", base_port_ + 2)))
      << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "is `dragoman up` running?")) << r.output;

  r = Dragoman("up" + DataDir() + Port());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "ingest serving on")) << r.output;
  for (const char* service : {"ingest", "extraction", "query"}) {
    EXPECT_TRUE(fs::exists(absl::StrCat(*data_dir_, "/run/", service, ".pid"))) << service;
    EXPECT_TRUE(fs::exists(absl::StrCat(*data_dir_, "/logs/", service, ".log"))) << service;
  }

  r = Dragoman("up" + DataDir() + Port());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(r.output, "already up")) << r.output;

  r = Dragoman("status" + Port());
  EXPECT_EQ(r.exit_code, 0) << r.output;

  const std::string samples = testing::SourceDir() + "/samples";
  r = Dragoman("ingest" + Port() + " " + testing::ShellQuote(samples));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  size_t sample_files = 0;
  for (const auto& entry : fs::directory_iterator(samples)) {
    const std::string ext = entry.path().extension().string();
    sample_files += ext == ".txt" || ext == ".html" || ext == ".htm";
  }
  ASSERT_GE(sample_files, 7u);
  EXPECT_TRUE(absl::StrContains(
      r.output, absl::StrCat(sample_files, " documents: ", sample_files, " done, 0 queued, 0 failed")))
      << r.output;

  r = Dragoman("events" + Port() + " --country KZ");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> lines = absl::StrSplit(r.output, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 3u) << r.output;
  EXPECT_EQ(lines[0].rfind("DATE", 0), 0u) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "Murat Nurtleu")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "KZ")) << r.output;
  EXPECT_TRUE(absl::StrContains(lines.back(), " event")) << r.output;

  r = Dragoman("events" + Port() + " --json --person 'Wang Yi'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  lines = absl::StrSplit(r.output, '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    const nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(event.is_discarded()) << line;
    std::set<std::string> names;
    for (const auto& p : event["participants"]) names.insert(p["name"]);
    EXPECT_TRUE(names.count("Wang Yi")) << line;
  }

  r = Dragoman("offices" + Port() + " --person 'Murat Nurtleu'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  bool minister_of_kz = false;
  for (absl::string_view row : absl::StrSplit(r.output, '\n')) {
    minister_of_kz |= absl::StrContains(row, "foreign_minister ") && absl::StrContains(row, " KZ ");
  }
  EXPECT_TRUE(minister_of_kz) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "deputy_head_of_government")) << r.output;

  r = Dragoman("entities" + Port() + " --type place pekin");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "Beijing")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "1 entity")) << r.output;

  const std::string out = *data_dir_ + "/export.jsonl";
  r = Dragoman("export" + Port() + " --out " + testing::ShellQuote(out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, absl::StrCat("exported ", sample_files, " documents")))
      << r.output;
  std::ifstream in(out);
  std::string line;
  std::set<std::string> kinds;
  int rows = 0;
  while (std::getline(in, line)) {
    const nlohmann::json row = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(row.is_discarded()) << line;
    kinds.insert(row["kind"].get<std::string>());
    ++rows;
  }
  EXPECT_GT(rows, 10);
  EXPECT_EQ(kinds, (std::set<std::string>{"document", "entity", "event", "office"}));
  EXPECT_FALSE(fs::exists(out + ".partial"));

  r = Dragoman("down" + DataDir());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* service : {"ingest", "extraction", "query"}) {
    EXPECT_TRUE(absl::StrContains(r.output, absl::StrCat("stopped ", service))) << r.output;
    EXPECT_FALSE(fs::exists(absl::StrCat(*data_dir_, "/run/", service, ".pid"))) << service;
  }
  EXPECT_NE(Dragoman("status" + Port()).exit_code, 0);

  // Up again on the same data: the records are still there.
  r = Dragoman("up" + DataDir() + Port());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Dragoman("events" + Port() + " --country KZ");
  EXPECT_TRUE(absl::StrContains(r.output, "Murat Nurtleu")) << r.output;
  EXPECT_EQ(Dragoman("down" + DataDir()).exit_code, 0);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Dragoman("").exit_code, 2);
  EXPECT_EQ(Dragoman("frobnicate").exit_code, 2);
  EXPECT_EQ(Dragoman("up").exit_code, 2);  // no --data-dir
  EXPECT_EQ(Dragoman("events --base-port nope").exit_code, 2);
  const testing::CommandResult help = Dragoman("ingest --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(help.output, "usage: dragoman ingest")) << help.output;
  EXPECT_TRUE(absl::StrContains(help.output, "--base-port N")) << help.output;
}

TEST_F(CliTest, IngestOfAMissingPathFails) {
  const testing::CommandResult r = Dragoman("ingest" + Port() + " /nonexistent/dragoman/doc.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.output, "/nonexistent/dragoman/doc.txt")) << r.output;
}

TEST_F(CliTest, UpFailsOnAPortInUseAndStartsNothing) {
  // Occupy the ingest port with a stand-in listener.
  const std::string dir = testing::MakeTempDir("dragoman_cli_busy");
  const int busy = testing::FindFreeBasePort();
  const std::string listener = absl::StrCat(
      "python3 -c 'import socket,time; s=socket.socket(); s.bind((\"127.0.0.1\",", busy,
      ")); s.listen(); time.sleep(30)' & listener=$!; sleep 1; ");
  const testing::CommandResult r = testing::RunCommand(absl::StrCat(
      listener, testing::ShellQuote(testing::BinDir() + "/dragoman"), " up --data-dir ",
      testing::ShellQuote(dir), " --base-port ", busy, "; rc=$?; kill $listener; exit $rc"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, absl::StrCat("port ", busy))) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "in use")) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/run/ingest.pid"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dragoman
