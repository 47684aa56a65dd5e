#include "common/server/status.h"

#include "gtest/gtest.h"

namespace dragoman::server {
namespace {

TEST(StatusTest, KeepsCodeAndMessageBothWays) {
  absl::Status in = absl::InvalidArgumentError("bad UTF-8 at byte 3");
  grpc::Status g = ToGrpcStatus(in);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "bad UTF-8 at byte 3");
  EXPECT_EQ(FromGrpcStatus(g), in);
}

TEST(StatusTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

}  // namespace
}  // namespace dragoman::server
