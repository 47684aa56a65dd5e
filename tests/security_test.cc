// The three services on mutual TLS with an auth file, as a deployment
// runs them: a throwaway CA and certificates made with the openssl command
// line at test time, then calls with no token, a read token and a write
// token, without a client certificate, and in plaintext.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/auth_policy.h"
#include "common/client/channel.h"
#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

namespace fs = std::filesystem;
using ingest::v1::IngestService;
using query::v1::QueryService;

constexpr char kReadToken[] = "test-read-token-5f0c2a";
constexpr char kWriteToken[] = "test-write-token-9e41b7";
constexpr char kIngestMethod[] = "/dragoman.ingest.v1.IngestService/IngestDocument";
constexpr char kReport[] =
    "<html><head><title>Talks in Astana</title></head><body><p>ASTANA, 4 March 2024. The "
    "foreign minister of Kazakhstan met the foreign minister of Germany in Astana on Monday "
    "to discuss trade and transport links.</p></body></html>";

// DRAGOMAN_BUF (environment) wins over the path configured at build time.
std::string BufPath() {
  if (const char* env = std::getenv("DRAGOMAN_BUF"); env != nullptr && *env) return env;
  return DRAGOMAN_BUF;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A CA, a server certificate for localhost/127.0.0.1, and client
// certificates with CN "ingest" (named in the auth file) and "reader" (not).
absl::Status MakeCertificates(const std::string& dir) {
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  std::string script = absl::StrCat(
      "set -e; cd ", testing::ShellQuote(dir), "; ",
      "openssl req -x509 ", key, " -keyout ca.key -out ca.pem -days 2 -subj /CN=dragoman-test-ca; ",
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > server.ext; ",
      "for n in server ingest reader; do ",
      "  openssl req ", key, " -keyout $n.key -out $n.csr -subj /CN=$n; ",
      "  ext=; [ $n = server ] && ext='-extfile server.ext'; ",
      "  openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ",
      "    -out $n.pem $ext; ",
      "done");
  const testing::CommandResult r = testing::RunCommand(script);
  if (r.exit_code != 0) return absl::InternalError("openssl failed: " + r.output);
  return absl::OkStatus();
}

class SecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::MakeTempDir("dragoman_security"));
    setup_ = new absl::Status(MakeCertificates(*dir_));
    if (!setup_->ok()) return;
    WriteFile(*dir_ + "/auth.txt",
              absl::StrCat("# client  permission  credential\n"
                           "ingest    write  cert:ingest\n"
                           "loader    write  token-sha256:", auth::Sha256Hex(kWriteToken), "\n",
                           "analyst   read   token-sha256:", auth::Sha256Hex(kReadToken), "\n"));
    cli::ServiceSecurity services;
    services.cert_file = Path("server.pem");
    services.key_file = Path("server.key");
    services.ca_file = Path("ca.pem");
    services.mutual_tls = true;
    services.auth_file = Path("auth.txt");
    services.ingest_cert_file = Path("ingest.pem");
    services.ingest_key_file = Path("ingest.key");
    cluster_ = new testing::Cluster();
    cluster_->SetSecurity(services, Client(""));
    *setup_ = cluster_->Start();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
    if (std::getenv("DRAGOMAN_KEEP_TEST_DATA") == nullptr) fs::remove_all(*dir_);
    delete dir_;
    delete setup_;
  }
  void SetUp() override { ASSERT_TRUE(setup_->ok()) << *setup_; }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  // A mutual-TLS client with the "reader" certificate and `token`.
  static client::ChannelSecurity Client(const std::string& token) {
    client::ChannelSecurity security;
    security.ca_file = Path("ca.pem");
    security.cert_file = Path("reader.pem");
    security.key_file = Path("reader.key");
    security.token = token;
    return security;
  }
  static std::shared_ptr<grpc::Channel> Channel(const std::string& target,
                                                const client::ChannelSecurity& security) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeChannel(target, security);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return channel.ok() ? *channel : nullptr;
  }
  static void SetDeadline(grpc::ClientContext* context, int seconds) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  }

  static grpc::Status Ingest(const std::string& token, ingest::v1::IngestDocumentResponse* out) {
    auto stub = IngestService::NewStub(Channel(cluster_->ingest_target(), Client(token)));
    ingest::v1::IngestDocumentRequest request;
    request.set_uri("test://security/astana");
    request.set_content(kReport);
    request.set_wait_for_processing(true);
    grpc::ClientContext context;
    SetDeadline(&context, 120);
    return stub->IngestDocument(&context, request, out);
  }

  static grpc::Status ListEvents(const client::ChannelSecurity& security) {
    auto stub = QueryService::NewStub(Channel(cluster_->query_target(), security));
    query::v1::ListEventsRequest request;
    query::v1::ListEventsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, 10);
    return stub->ListEvents(&context, request, &response);
  }

  static grpc::Status Health(const std::string& target, const client::ChannelSecurity& security) {
    auto stub = grpc::health::v1::Health::NewStub(Channel(target, security));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, 5);
    return stub->Check(&context, request, &response);
  }

  static std::string* dir_;
  static absl::Status* setup_;
  static testing::Cluster* cluster_;
};

std::string* SecurityTest::dir_ = nullptr;
absl::Status* SecurityTest::setup_ = nullptr;
testing::Cluster* SecurityTest::cluster_ = nullptr;

TEST_F(SecurityTest, NoTokenIsUnauthenticated) {
  ingest::v1::IngestDocumentResponse response;
  const grpc::Status status = Ingest("", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), kIngestMethod)) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "write")) << status.error_message();
  EXPECT_EQ(ListEvents(Client("")).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SecurityTest, UnknownTokenIsUnauthenticated) {
  const grpc::Status status = ListEvents(Client("not-a-known-token"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_FALSE(absl::StrContains(status.error_message(), "not-a-known-token"));
}

TEST_F(SecurityTest, ReadTokenReadsButCannotWrite) {
  const grpc::Status read = ListEvents(Client(kReadToken));
  EXPECT_TRUE(read.ok()) << read.error_message();

  ingest::v1::IngestDocumentResponse response;
  grpc::Status status = Ingest(kReadToken, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), kIngestMethod)) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "needs write permission"));
  EXPECT_FALSE(absl::StrContains(status.error_message(), kReadToken));

  {
    auto stub = IngestService::NewStub(Channel(cluster_->ingest_target(), Client(kReadToken)));
    ingest::v1::ReprocessRequest request;
    ingest::v1::ReprocessResponse reprocessed;
    grpc::ClientContext context;
    SetDeadline(&context, 10);
    status = stub->Reprocess(&context, request, &reprocessed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  {
    auto stub = QueryService::NewStub(Channel(cluster_->query_target(), Client(kReadToken)));
    query::v1::PutDocumentRecordsRequest request;
    request.mutable_records()->mutable_document()->set_id("forged");
    query::v1::PutDocumentRecordsResponse put;
    grpc::ClientContext context;
    SetDeadline(&context, 10);
    status = stub->PutDocumentRecords(&context, request, &put);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
}

TEST_F(SecurityTest, WriteTokenIngestsThroughExtractionToQuery) {
  ingest::v1::IngestDocumentResponse response;
  const grpc::Status status = Ingest(kWriteToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // DONE means ingest's mutual-TLS calls to extraction (Extract) and query
  // (PutDocumentRecords, as the "ingest" certificate) went through.
  ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE)
      << response.error() << "\n" << cluster_->LogOf("ingest");

  auto query = QueryService::NewStub(Channel(cluster_->query_target(), Client(kReadToken)));
  query::v1::GetDocumentRequest get;
  get.set_document_id(response.document_id());
  records::v1::Document stored;
  grpc::ClientContext context;
  SetDeadline(&context, 10);
  const grpc::Status read = query->GetDocument(&context, get, &stored);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(stored.uri(), "test://security/astana");
}

TEST_F(SecurityTest, HealthNeedsNoTokenButACertificate) {
  for (const std::string& target : {cluster_->ingest_target(), cluster_->extraction_target(),
                                    cluster_->query_target()}) {
    EXPECT_TRUE(Health(target, Client("")).ok()) << target;

    client::ChannelSecurity no_certificate;
    no_certificate.ca_file = Path("ca.pem");
    EXPECT_EQ(Health(target, no_certificate).error_code(), grpc::StatusCode::UNAVAILABLE)
        << target;

    EXPECT_EQ(Health(target, client::ChannelSecurity()).error_code(),
              grpc::StatusCode::UNAVAILABLE)
        << "plaintext to the TLS port " << target;
  }
}

TEST_F(SecurityTest, ClientWithoutCertificateCannotCallWithAValidToken) {
  client::ChannelSecurity no_certificate;
  no_certificate.ca_file = Path("ca.pem");
  no_certificate.token = kWriteToken;
  EXPECT_EQ(ListEvents(no_certificate).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, StartUpLogStatesTheModeAndLogsNoSecret) {
  for (const char* service : {"ingest", "extraction", "query"}) {
    const std::string log = cluster_->LogOf(service);
    EXPECT_TRUE(absl::StrContains(log, "security: mutual TLS")) << service << ":\n" << log;
    EXPECT_TRUE(absl::StrContains(log, "authentication from")) << service << ":\n" << log;
    EXPECT_FALSE(absl::StrContains(log, kReadToken)) << service;
    EXPECT_FALSE(absl::StrContains(log, kWriteToken)) << service;
    EXPECT_FALSE(absl::StrContains(log, "foreign minister")) << service;
  }
}

TEST_F(SecurityTest, BufCurlOverMutualTls) {
  if (::access(BufPath().c_str(), X_OK) != 0) {
    GTEST_SKIP() << "buf not found at " << BufPath();
  }
  const std::string cache = Path("buf-cache");
  auto buf_curl = [&](const std::string& token) {
    return testing::RunCommand(absl::StrCat(
        "BUF_CACHE_DIR=", testing::ShellQuote(cache), " timeout 60 ",
        testing::ShellQuote(BufPath()), " curl --protocol grpc --cacert ",
        testing::ShellQuote(Path("ca.pem")), " --cert ", testing::ShellQuote(Path("reader.pem")),
        " --key ", testing::ShellQuote(Path("reader.key")),
        token.empty() ? "" : absl::StrCat(" -H ", testing::ShellQuote("Authorization: Bearer " + token)),
        " -d '{}' https://", cluster_->query_target(),
        "/dragoman.query.v1.QueryService/ListEvents"));
  };
  // Reflection is open, so buf learns the schema without a token...
  const testing::CommandResult denied = buf_curl("");
  EXPECT_NE(denied.exit_code, 0) << denied.output;
  EXPECT_TRUE(absl::StrContains(absl::AsciiStrToLower(denied.output), "unauthenticated"))
      << denied.output;
  // ...and the call itself goes through with one.
  const testing::CommandResult ok = buf_curl(kReadToken);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

// Without security flags the services say they are open; this starts the
// query service alone, in plaintext, on its own data.
TEST(DefaultModeTest, PlaintextStartUpSaysSo) {
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Relaunch("query").ok());
  const absl::Status serving = cluster.WaitServing("query", absl::Seconds(60));
  ASSERT_TRUE(serving.ok()) << serving;
  const std::string log = cluster.LogOf("query");
  EXPECT_TRUE(absl::StrContains(log, "plaintext, no authentication (the local default)")) << log;
  EXPECT_TRUE(absl::StrContains(log, "can read and write")) << log;
}

}  // namespace
}  // namespace dragoman
