#include "common/auth/permissions.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "dragoman/extraction/v1/extraction.pb.h"
#include "dragoman/ingest/v1/ingest.pb.h"
#include "dragoman/query/v1/query.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"

namespace dragoman::auth {
namespace {

// Every method of every service the binaries serve, as gRPC names them.
std::vector<std::string> AllMethods() {
  std::vector<std::string> methods;
  for (const google::protobuf::FileDescriptor* file :
       {ingest::v1::IngestDocumentRequest::descriptor()->file(),
        extraction::v1::ExtractRequest::descriptor()->file(),
        query::v1::ListEventsRequest::descriptor()->file(),
        grpc::health::v1::HealthCheckRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back(absl::StrCat("/", service->full_name(), "/", service->method(m)->name()));
      }
    }
  }
  return methods;
}

TEST(PermissionsTest, EveryServiceMethodIsClassified) {
  const std::vector<std::string> methods = AllMethods();
  ASSERT_GT(methods.size(), 20u);
  for (const std::string& method : methods) {
    EXPECT_TRUE(RequiredPermission(method).has_value())
        << method << " is missing from common/auth/permissions.cc";
  }
}

TEST(PermissionsTest, OnlyDragomanMethodsNeedAPermission) {
  for (const std::string& method : AllMethods()) {
    const Permission needed = RequiredPermission(method).value_or(Permission::kNone);
    if (method.rfind("/grpc.", 0) == 0) {
      EXPECT_EQ(needed, Permission::kNone) << method;
    } else {
      EXPECT_NE(needed, Permission::kNone) << method;
    }
  }
}

TEST(PermissionsTest, WritesAreWrites) {
  for (const char* method : {"/dragoman.ingest.v1.IngestService/IngestDocument",
                             "/dragoman.ingest.v1.IngestService/IngestDocuments",
                             "/dragoman.ingest.v1.IngestService/Reprocess",
                             "/dragoman.query.v1.QueryService/PutDocumentRecords"}) {
    EXPECT_EQ(RequiredPermission(method), Permission::kWrite) << method;
  }
  for (const char* method : {"/dragoman.query.v1.QueryService/Export",
                             "/dragoman.query.v1.QueryService/ListEvents",
                             "/dragoman.ingest.v1.IngestService/GetDocument",
                             "/dragoman.extraction.v1.ExtractionService/Extract"}) {
    EXPECT_EQ(RequiredPermission(method), Permission::kRead) << method;
  }
}

TEST(PermissionsTest, HealthAndReflectionAreOpen) {
  EXPECT_EQ(RequiredPermission("/grpc.health.v1.Health/Check"), Permission::kNone);
  EXPECT_EQ(RequiredPermission("/grpc.health.v1.Health/Watch"), Permission::kNone);
  EXPECT_EQ(
      RequiredPermission("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"),
      Permission::kNone);
}

TEST(PermissionsTest, UnknownMethodsAreUnclassified) {
  EXPECT_FALSE(RequiredPermission("/dragoman.query.v1.QueryService/DropEverything").has_value());
  EXPECT_FALSE(RequiredPermission("").has_value());
  // A prefix of a real method is not the method.
  EXPECT_FALSE(RequiredPermission("/dragoman.query.v1.QueryService/Put").has_value());
}

}  // namespace
}  // namespace dragoman::auth
