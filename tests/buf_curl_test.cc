// The servers as a third-party gRPC client sees them: `buf curl` (from the
// npm package @bufbuild/buf, installed by scripts/install-tools) discovers
// schemas through server reflection and calls methods with JSON.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

// DRAGOMAN_BUF (environment) wins over the path configured at build time.
std::string BufPath() {
  if (const char* env = std::getenv("DRAGOMAN_BUF"); env != nullptr && *env) return env;
  return DRAGOMAN_BUF;
}

class BufCurlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access(BufPath().c_str(), X_OK) != 0) return;
    cache_dir_ = new std::string(testing::MakeTempDir("dragoman_buf_cache"));
    cluster_ = new testing::Cluster();
    const absl::Status started = cluster_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  static void TearDownTestSuite() {
    delete cluster_;
    if (cache_dir_ != nullptr) std::filesystem::remove_all(*cache_dir_);
    delete cache_dir_;
  }
  void SetUp() override {
    if (::access(BufPath().c_str(), X_OK) != 0) {
      GTEST_SKIP() << "buf not found at " << BufPath()
                   << "; run scripts/install-tools or set DRAGOMAN_BUF";
    }
    ASSERT_NE(cluster_, nullptr);
  }

  // `buf curl --protocol grpc --http2-prior-knowledge ARGS` against target.
  static testing::CommandResult BufCurl(const std::string& args) {
    return testing::RunCommand(absl::StrCat(
        "BUF_CACHE_DIR=", testing::ShellQuote(*cache_dir_), " timeout 60 ",
        testing::ShellQuote(BufPath()), " curl --protocol grpc --http2-prior-knowledge ", args));
  }

  static testing::Cluster* cluster_;
  static std::string* cache_dir_;
};

testing::Cluster* BufCurlTest::cluster_ = nullptr;
std::string* BufCurlTest::cache_dir_ = nullptr;

TEST_F(BufCurlTest, HealthCheckSaysServingOnEveryServer) {
  for (const std::string& target : {cluster_->ingest_target(), cluster_->extraction_target(),
                                    cluster_->query_target()}) {
    const testing::CommandResult r =
        BufCurl(absl::StrCat("-d '{}' http://", target, "/grpc.health.v1.Health/Check"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json body = nlohmann::json::parse(r.output, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << r.output;
    EXPECT_EQ(body["status"], "SERVING") << r.output;
  }
}

TEST_F(BufCurlTest, ListMethodsThroughReflection) {
  struct Expect {
    std::string target;
    std::vector<std::string> methods;
  };
  for (const Expect& e : std::vector<Expect>{
           {cluster_->ingest_target(),
            {"dragoman.ingest.v1.IngestService/IngestDocument",
             "dragoman.ingest.v1.IngestService/IngestDocuments",
             "dragoman.ingest.v1.IngestService/ListDocuments"}},
           {cluster_->extraction_target(), {"dragoman.extraction.v1.ExtractionService/Extract"}},
           {cluster_->query_target(),
            {"dragoman.query.v1.QueryService/ListEvents", "dragoman.query.v1.QueryService/Export",
             "dragoman.query.v1.QueryService/PutDocumentRecords"}}}) {
    const testing::CommandResult r = BufCurl(absl::StrCat("--list-methods http://", e.target));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const std::string& m : e.methods) {
      EXPECT_TRUE(absl::StrContains(r.output, m)) << m << " missing from:\n" << r.output;
    }
    EXPECT_TRUE(absl::StrContains(r.output, "grpc.health.v1.Health/Check")) << r.output;
  }
}

TEST_F(BufCurlTest, CallsADragomanMethodWithJson) {
  const testing::CommandResult r = BufCurl(absl::StrCat(
      "-d '{\"countries\": [\"KZ\"], \"page_size\": 5}' http://", cluster_->query_target(),
      "/dragoman.query.v1.QueryService/ListEvents"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Nothing was ingested: an empty (but well-formed) answer.
  const nlohmann::json body = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << r.output;
  EXPECT_TRUE(body.is_object());
  EXPECT_TRUE(!body.contains("events") || body["events"].empty()) << r.output;

  // A bad request comes back as a gRPC error, not a crash.
  const testing::CommandResult bad = BufCurl(absl::StrCat(
      "-d '{\"content\": \"\"}' http://", cluster_->ingest_target(),
      "/dragoman.ingest.v1.IngestService/IngestDocument"));
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_TRUE(absl::StrContains(bad.output, "invalid_argument")) << bad.output;
}

}  // namespace
}  // namespace dragoman
