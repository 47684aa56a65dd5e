#include "services/extraction/extraction_service.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/server_context.h>

#include "gtest/gtest.h"

namespace dragoman::extraction {
namespace {

using dragoman::extraction::v1::ExtractRequest;
using dragoman::extraction::v1::ExtractResponse;

TEST(ExtractionServiceTest, UnavailableUntilLoaded) {
  ExtractionServiceImpl service;
  grpc::ServerContext context;
  ExtractRequest request;
  request.set_document_id("d1");
  request.set_text("Un texte.");
  ExtractResponse response;
  EXPECT_EQ(service.Extract(&context, &request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(ExtractionServiceTest, ExtractsAndRejectsBadRequests) {
  ExtractionServiceImpl service;
  gazetteer::LoadOptions options;
  options.data_dir = DRAGOMAN_GAZETTEER_DIR;
  ASSERT_TRUE(service.Load(options).ok());
  grpc::ServerContext context;
  ExtractRequest request;
  request.set_document_id("d1");
  request.set_text("Le 4 mai 2024, Sergey Lavrov a rencontré Wang Yi à Moscou.");
  ExtractResponse response;
  grpc::Status status = service.Extract(&context, &request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.extractor_version(), kExtractorVersion);
  EXPECT_EQ(response.records().document().id(), "d1");
  EXPECT_EQ(response.records().events_size(), 1);

  request.set_text("");
  EXPECT_EQ(service.Extract(&context, &request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_text("caf\xc3");
  status = service.Extract(&context, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("UTF-8"), std::string::npos);
  request.set_text("texte");
  request.clear_document_id();
  EXPECT_EQ(service.Extract(&context, &request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(ExtractionServiceTest, OverAnInProcessChannel) {
  ExtractionServiceImpl service;
  gazetteer::LoadOptions options;
  options.data_dir = DRAGOMAN_GAZETTEER_DIR;
  ASSERT_TRUE(service.Load(options).ok());
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  auto stub = dragoman::extraction::v1::ExtractionService::NewStub(
      server->InProcessChannel(grpc::ChannelArguments()));

  ExtractRequest request;
  request.set_document_id("d2");
  request.set_text("Hier, Wang Yi a eu un entretien téléphonique avec Hakan Fidan.");
  request.set_published_hint("2024-02-10");
  ExtractResponse response;
  grpc::ClientContext ok_context;
  grpc::Status status = stub->Extract(&ok_context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.records().events_size(), 1);
  EXPECT_EQ(response.records().events(0).type(), records::v1::EVENT_TYPE_PHONE_CALL);
  EXPECT_EQ(response.records().events(0).date(), "2024-02-09");

  request.set_text("");
  grpc::ClientContext bad_context;
  EXPECT_EQ(stub->Extract(&bad_context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  server->Shutdown();
}

TEST(ExtractionServiceTest, LoadFailsOnMissingData) {
  ExtractionServiceImpl service;
  gazetteer::LoadOptions options;
  options.data_dir = "/nonexistent/gazetteer";
  EXPECT_FALSE(service.Load(options).ok());
}

}  // namespace
}  // namespace dragoman::extraction
