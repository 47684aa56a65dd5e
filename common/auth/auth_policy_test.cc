#include "common/auth/auth_policy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dragoman::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIngest[] = "/dragoman.ingest.v1.IngestService/IngestDocument";
constexpr char kReprocess[] = "/dragoman.ingest.v1.IngestService/Reprocess";
constexpr char kPut[] = "/dragoman.query.v1.QueryService/PutDocumentRecords";
constexpr char kListEvents[] = "/dragoman.query.v1.QueryService/ListEvents";
constexpr char kHealth[] = "/grpc.health.v1.Health/Check";

constexpr char kReadToken[] = "read-token-0123456789";
constexpr char kWriteToken[] = "write-token-9876543210";

AuthPolicy TestPolicy() {
  const std::string text = absl::StrCat(
      "# client  permission  credential\n"
      "analyst   read   token-sha256:", Sha256Hex(kReadToken), "\n",
      "\n"
      "loader    write  token-sha256:", Sha256Hex(kWriteToken), "  # the bulk loader\n",
      "ingest    write  cert:ingest.dragoman.internal\n"
      "ingest    write  cert:spiffe://dragoman/ingest\n"
      "viewer    read   cert:viewer\n");
  absl::StatusOr<AuthPolicy> policy = AuthPolicy::Parse(text, "auth.txt");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

std::string Bearer(const std::string& token) { return "Bearer " + token; }

TEST(Sha256HexTest, KnownDigest) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuthPolicyTest, ParsesClients) {
  const AuthPolicy policy = TestPolicy();
  EXPECT_EQ(policy.token_count(), 2u);
  EXPECT_EQ(policy.certificate_count(), 3u);
}

TEST(AuthPolicyTest, NoCredentialIsUnauthenticated) {
  const absl::Status status = TestPolicy().Authorize(kIngest, "", {});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr(kIngest));
  EXPECT_THAT(status.message(), HasSubstr("needs write permission"));
  EXPECT_EQ(TestPolicy().Authorize(kListEvents, "", {}).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AuthPolicyTest, UnknownTokenIsUnauthenticatedAndNotEchoed) {
  const absl::Status status = TestPolicy().Authorize(kListEvents, Bearer("guessed-secret"), {});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("unknown bearer token"));
  EXPECT_THAT(status.message(), Not(HasSubstr("guessed-secret")));
}

TEST(AuthPolicyTest, NonBearerHeaderIsUnauthenticated) {
  const absl::Status status = TestPolicy().Authorize(kListEvents, "Basic dXNlcjpwdw==", {});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), Not(HasSubstr("dXNlcjpwdw")));
}

TEST(AuthPolicyTest, ReadTokenReadsButCannotWrite) {
  const AuthPolicy policy = TestPolicy();
  EXPECT_TRUE(policy.Authorize(kListEvents, Bearer(kReadToken), {}).ok());
  for (const char* method : {kIngest, kReprocess, kPut}) {
    const absl::Status status = policy.Authorize(method, Bearer(kReadToken), {});
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << method;
    EXPECT_THAT(status.message(), HasSubstr(method));
    EXPECT_THAT(status.message(), HasSubstr("needs write permission"));
    EXPECT_THAT(status.message(), HasSubstr("analyst"));
    EXPECT_THAT(status.message(), Not(HasSubstr(kReadToken)));
  }
}

TEST(AuthPolicyTest, WriteTokenWritesAndReads) {
  const AuthPolicy policy = TestPolicy();
  for (const char* method : {kIngest, kReprocess, kPut, kListEvents}) {
    EXPECT_TRUE(policy.Authorize(method, Bearer(kWriteToken), {}).ok()) << method;
  }
  // The scheme is case-insensitive.
  EXPECT_TRUE(policy.Authorize(kIngest, std::string("bearer ") + kWriteToken, {}).ok());
}

TEST(AuthPolicyTest, CertificateNamesGrantTheirPermission) {
  const AuthPolicy policy = TestPolicy();
  EXPECT_TRUE(policy.Authorize(kPut, "", {"ingest.dragoman.internal"}).ok());
  EXPECT_TRUE(policy.Authorize(kPut, "", {"someone", "spiffe://dragoman/ingest"}).ok());
  EXPECT_TRUE(policy.Authorize(kListEvents, "", {"viewer"}).ok());
  EXPECT_EQ(policy.Authorize(kPut, "", {"viewer"}).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.Authorize(kListEvents, "", {"stranger"}).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AuthPolicyTest, TokenDecidesOverCertificate) {
  const AuthPolicy policy = TestPolicy();
  // A known certificate does not rescue a wrong token.
  EXPECT_EQ(policy.Authorize(kListEvents, Bearer("wrong"), {"ingest.dragoman.internal"}).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(policy.Authorize(kPut, Bearer(kReadToken), {"ingest.dragoman.internal"}).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AuthPolicyTest, OpenMethodsNeedNothing) {
  const AuthPolicy policy = TestPolicy();
  EXPECT_TRUE(policy.Authorize(kHealth, "", {}).ok());
  EXPECT_TRUE(policy.Authorize(kHealth, Bearer("wrong"), {}).ok());
}

TEST(AuthPolicyTest, UnclassifiedMethodsNeedWrite) {
  const AuthPolicy policy = TestPolicy();
  const char* method = "/dragoman.query.v1.QueryService/Unlisted";
  EXPECT_EQ(policy.Authorize(method, Bearer(kReadToken), {}).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.Authorize(method, Bearer(kWriteToken), {}).ok());
}

void ExpectParseError(const std::string& text, const std::string& expected) {
  absl::StatusOr<AuthPolicy> policy = AuthPolicy::Parse(text, "auth.txt");
  ASSERT_FALSE(policy.ok()) << text;
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(policy.status().message(), HasSubstr(expected)) << text;
}

TEST(AuthPolicyParseTest, MalformedLinesNameTheLine) {
  const std::string good = absl::StrCat("a read token-sha256:", Sha256Hex("x"), "\n");
  ExpectParseError(good + "b read\n", "auth.txt line 2: want");
  ExpectParseError(good + "# c\nb admin cert:b\n", "auth.txt line 3: permission must be");
  ExpectParseError(good + "b write password:hunter2\n", "line 2: credential must start");
  ExpectParseError(good + "b write token-sha256:abc\n", "line 2: token-sha256: needs");
  ExpectParseError(good + "b write token-sha256:" + std::string(64, 'g') + "\n", "line 2");
  ExpectParseError(good + "b write cert:\n", "line 2: cert: needs");
  ExpectParseError(good + "b/c write cert:b\n", "line 2: client name");
  ExpectParseError(good + "a write cert:a\n", "line 2: client a has read");
  ExpectParseError(good + "b write token-sha256:" + Sha256Hex("x") + "\n",
                   "line 2: the same token is listed for a");
  ExpectParseError("a read cert:n\nb read cert:n\n", "line 2: certificate name n is listed for a");
  ExpectParseError("b write password:hunter2\n", "line 1");
}

TEST(AuthPolicyParseTest, ParseErrorsDoNotEchoSecrets) {
  absl::StatusOr<AuthPolicy> policy = AuthPolicy::Parse("b write hunter2\n", "auth.txt");
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.status().message(), Not(HasSubstr("hunter2")));
}

TEST(AuthPolicyParseTest, EmptyFileIsAnError) {
  ExpectParseError("# nobody\n\n", "no clients");
}

TEST(AuthPolicyParseTest, LoadReportsMissingFile) {
  EXPECT_EQ(AuthPolicy::Load("/nonexistent/auth.txt").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace dragoman::auth
