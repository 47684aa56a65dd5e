// What grpcurl does against a server: list services over gRPC server
// reflection (v1alpha, what gRPC 1.51 serves), then fetch file descriptors
// with their dependencies and resolve a method's request and response types.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

// One reflection stream, used request by request as grpcurl does.
class ReflectionClient {
 public:
  explicit ReflectionClient(const std::string& target)
      : stub_(ServerReflection::NewStub(
            grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))) {
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    stream_ = stub_->ServerReflectionInfo(&context_);
  }
  ~ReflectionClient() {
    stream_->WritesDone();
    stream_->Finish().IgnoreError();
  }

  ServerReflectionResponse Ask(const ServerReflectionRequest& request) {
    ServerReflectionResponse response;
    EXPECT_TRUE(stream_->Write(request));
    EXPECT_TRUE(stream_->Read(&response));
    return response;
  }

  std::set<std::string> ListServices() {
    ServerReflectionRequest request;
    request.set_list_services("*");
    const ServerReflectionResponse response = Ask(request);
    std::set<std::string> names;
    for (const auto& s : response.list_services_response().service()) names.insert(s.name());
    return names;
  }

  // Fetches the file defining `symbol` and, transitively, its imports into
  // a descriptor database; returns false if the server does not know it.
  bool LoadSymbol(const std::string& symbol) {
    ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return AddFiles(Ask(request));
  }

  const google::protobuf::DescriptorPool& pool() { return pool_; }

 private:
  bool AddFiles(const ServerReflectionResponse& response) {
    if (response.has_error_response()) return false;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      EXPECT_TRUE(file.ParseFromString(bytes));
      if (!loaded_.insert(file.name()).second) continue;
      database_.Add(file);
      for (const std::string& dep : file.dependency()) {
        if (loaded_.count(dep)) continue;
        ServerReflectionRequest by_name;
        by_name.set_file_by_filename(dep);
        EXPECT_TRUE(AddFiles(Ask(by_name))) << "server cannot describe " << dep;
      }
    }
    return true;
  }

  std::unique_ptr<ServerReflection::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>
      stream_;
  std::set<std::string> loaded_;
  google::protobuf::SimpleDescriptorDatabase database_;
  google::protobuf::DescriptorPool pool_{&database_};
};

class ReflectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::Cluster();
    const absl::Status started = cluster_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  static void TearDownTestSuite() { delete cluster_; }

  struct Server {
    std::string target;
    std::string service;  // the Dragoman service it exposes
    std::string method;   // one of its methods
    std::string request_type;
  };
  static std::vector<Server> Servers() {
    return {
        {cluster_->ingest_target(), "dragoman.ingest.v1.IngestService", "IngestDocument",
         "dragoman.ingest.v1.IngestDocumentRequest"},
        {cluster_->extraction_target(), "dragoman.extraction.v1.ExtractionService", "Extract",
         "dragoman.extraction.v1.ExtractRequest"},
        {cluster_->query_target(), "dragoman.query.v1.QueryService", "ListEvents",
         "dragoman.query.v1.ListEventsRequest"},
    };
  }

  static testing::Cluster* cluster_;
};

testing::Cluster* ReflectionTest::cluster_ = nullptr;

TEST_F(ReflectionTest, EachServerListsItsServiceHealthAndReflection) {
  for (const Server& s : Servers()) {
    ReflectionClient client(s.target);
    const std::set<std::string> services = client.ListServices();
    EXPECT_TRUE(services.count(s.service)) << s.target;
    EXPECT_TRUE(services.count("grpc.health.v1.Health")) << s.target;
    EXPECT_TRUE(services.count("grpc.reflection.v1alpha.ServerReflection")) << s.target;
    // Nothing of another service leaks in.
    for (const Server& other : Servers()) {
      if (other.service != s.service) EXPECT_FALSE(services.count(other.service)) << s.target;
    }
  }
}

TEST_F(ReflectionTest, ResolvesTheServicesOwnMethodWithItsImports) {
  for (const Server& s : Servers()) {
    ReflectionClient client(s.target);
    ASSERT_TRUE(client.LoadSymbol(s.service)) << s.service;
    const google::protobuf::MethodDescriptor* method =
        client.pool().FindMethodByName(s.service + "." + s.method);
    ASSERT_NE(method, nullptr) << s.service << "." << s.method;
    EXPECT_EQ(method->input_type()->full_name(), s.request_type);
    // Fields of imported messages resolve too (records.proto is an import).
    for (int i = 0; i < method->output_type()->field_count(); ++i) {
      const google::protobuf::FieldDescriptor* f = method->output_type()->field(i);
      if (f->message_type() != nullptr) EXPECT_GT(f->message_type()->field_count(), 0);
    }
  }
}

TEST_F(ReflectionTest, ResolvesHealthCheckOnEveryServer) {
  for (const Server& s : Servers()) {
    ReflectionClient client(s.target);
    ASSERT_TRUE(client.LoadSymbol("grpc.health.v1.Health")) << s.target;
    const google::protobuf::MethodDescriptor* check =
        client.pool().FindMethodByName("grpc.health.v1.Health.Check");
    ASSERT_NE(check, nullptr) << s.target;
    EXPECT_EQ(check->input_type()->full_name(), "grpc.health.v1.HealthCheckRequest");
    EXPECT_EQ(check->output_type()->full_name(), "grpc.health.v1.HealthCheckResponse");
    const google::protobuf::EnumDescriptor* status =
        client.pool().FindEnumTypeByName("grpc.health.v1.HealthCheckResponse.ServingStatus");
    ASSERT_NE(status, nullptr);
    EXPECT_NE(status->FindValueByName("SERVING"), nullptr);
  }
}

TEST_F(ReflectionTest, UnknownSymbolIsAnError) {
  ReflectionClient client(cluster_->query_target());
  EXPECT_FALSE(client.LoadSymbol("dragoman.nothing.v1.NoSuchService"));
}

}  // namespace
}  // namespace dragoman
