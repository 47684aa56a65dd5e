#include "services/ingest/ingest_service.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/ingest/test_util.h"

namespace dragoman::ingest {
namespace {

using testing::FakeExtractor;
using testing::FakeSink;
using testing::TempDir;

// The service over an in-process channel: real gRPC, no sockets.
class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *DocumentStore::Open(dir_.path());
    pipeline_ = std::make_unique<Pipeline>(store_.get(), &extractor_, &sink_);
    ingestor_ = std::make_unique<Ingestor>(store_.get(), pipeline_.get());
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::IngestService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override {
    server_->Shutdown();
    pipeline_->Stop();
  }

  TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
  FakeExtractor extractor_;
  FakeSink sink_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Ingestor> ingestor_;
  IngestServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
};

TEST_F(IngestServiceTest, UnavailableUntilAttached) {
  grpc::ClientContext context;
  v1::ListDocumentsResponse response;
  grpc::Status s = stub_->ListDocuments(&context, v1::ListDocumentsRequest(), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(IngestServiceTest, UnaryIngestAndErrorsKeepTheirCodes) {
  service_.Attach(ingestor_.get());
  v1::IngestDocumentRequest request;
  request.set_content("Une phrase de texte ordinaire.");
  request.set_uri("a.txt");
  v1::IngestDocumentResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->IngestDocument(&context, request, &response).ok());
    EXPECT_EQ(response.state(), v1::PROCESSING_STATE_QUEUED);
  }
  {
    grpc::ClientContext context;
    request.set_content(std::string("\xFF\xFE", 2));
    grpc::Status s = stub_->IngestDocument(&context, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext context;
    v1::GetDocumentRequest get;
    get.set_document_id("dmissing");
    v1::StoredDocument doc;
    EXPECT_EQ(stub_->GetDocument(&context, get, &doc).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

TEST_F(IngestServiceTest, StreamAnswersEveryDocumentInOrder) {
  service_.Attach(ingestor_.get());
  ASSERT_TRUE(pipeline_->Start().ok());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto stream = stub_->IngestDocuments(&context);
  const std::string texts[] = {"Premier document.", std::string("binaire\0", 8),
                               "Premier document.", "Second document."};
  // One at a time: the in-process transport hands a message over only when
  // the other side reads it.
  std::vector<v1::IngestDocumentResponse> responses;
  for (int i = 0; i < 4; ++i) {
    v1::IngestDocumentRequest request;
    request.set_content(texts[i]);
    request.set_uri("u" + std::to_string(i));
    request.set_wait_for_processing(true);
    ASSERT_TRUE(stream->Write(request));
    v1::IngestDocumentResponse response;
    ASSERT_TRUE(stream->Read(&response));
    responses.push_back(response);
  }
  stream->WritesDone();
  v1::IngestDocumentResponse extra;
  EXPECT_FALSE(stream->Read(&extra));
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), 4u);
  EXPECT_EQ(responses[0].uri(), "u0");
  EXPECT_EQ(responses[0].state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(responses[1].uri(), "u1");
  EXPECT_EQ(responses[1].state(), v1::PROCESSING_STATE_FAILED);
  EXPECT_EQ(responses[1].error_code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_TRUE(responses[1].document_id().empty());
  EXPECT_FALSE(responses[1].error().empty());
  EXPECT_TRUE(responses[2].already_stored());
  EXPECT_EQ(responses[2].document_id(), responses[0].document_id());
  EXPECT_EQ(responses[3].state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(sink_.received().size(), 2u);
}

// Backpressure over gRPC: RESOURCE_EXHAUSTED with the retry advice in
// trailing metadata, per document in a stream.
TEST_F(IngestServiceTest, FullOutboxAnswersResourceExhaustedWithRetryAdvice) {
  IngestorOptions options;
  options.max_outbox = 1;
  options.retry_after = absl::Milliseconds(700);
  Ingestor ingestor(store_.get(), pipeline_.get(), options);
  service_.Attach(&ingestor);
  v1::IngestDocumentRequest request;
  request.set_content("Premier document.");
  v1::IngestDocumentResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->IngestDocument(&context, request, &response).ok());
  }
  {
    grpc::ClientContext context;
    request.set_content("Second document.");
    grpc::Status s = stub_->IngestDocument(&context, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_NE(s.error_message().find("outbox is full"), std::string::npos);
    auto advice = context.GetServerTrailingMetadata().find("retry-after-ms");
    ASSERT_NE(advice, context.GetServerTrailingMetadata().end());
    EXPECT_EQ(std::string(advice->second.data(), advice->second.size()), "700");
  }
  {
    grpc::ClientContext context;
    auto stream = stub_->IngestDocuments(&context);
    const std::string texts[] = {"Premier document.", "Troisième document."};
    std::vector<v1::IngestDocumentResponse> responses;
    for (const std::string& text : texts) {
      v1::IngestDocumentRequest r;
      r.set_content(text);
      ASSERT_TRUE(stream->Write(r));
      v1::IngestDocumentResponse answer;
      ASSERT_TRUE(stream->Read(&answer));
      responses.push_back(answer);
    }
    stream->WritesDone();
    ASSERT_TRUE(stream->Finish().ok());
    EXPECT_TRUE(responses[0].already_stored());
    EXPECT_EQ(responses[1].error_code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
    EXPECT_EQ(responses[1].state(), v1::PROCESSING_STATE_FAILED);
    auto advice = context.GetServerTrailingMetadata().find("retry-after-ms");
    ASSERT_NE(advice, context.GetServerTrailingMetadata().end());
    EXPECT_EQ(std::string(advice->second.data(), advice->second.size()), "700");
  }
  service_.Detach();
}

// Documents a client pipelines are all answered, in order, whatever the
// read-ahead made of them.
TEST_F(IngestServiceTest, PipelinedStreamAnswersEveryDocumentInOrder) {
  service_.Attach(ingestor_.get());
  grpc::ClientContext context;
  auto stream = stub_->IngestDocuments(&context);
  constexpr int kDocuments = 50;
  std::thread writer([&] {
    for (int i = 0; i < kDocuments; ++i) {
      v1::IngestDocumentRequest r;
      r.set_content("Document numéro " + std::to_string(i % 40) + ".");
      r.set_uri("u" + std::to_string(i));
      if (!stream->Write(r)) break;
    }
    stream->WritesDone();
  });
  std::vector<v1::IngestDocumentResponse> responses;
  v1::IngestDocumentResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  writer.join();
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), static_cast<size_t>(kDocuments));
  for (int i = 0; i < kDocuments; ++i) {
    EXPECT_EQ(responses[i].uri(), "u" + std::to_string(i));
    EXPECT_EQ(responses[i].already_stored(), i >= 40);
    EXPECT_FALSE(responses[i].document_id().empty());
  }
  EXPECT_EQ(store_->PendingWork()->size(), 40u);
}

TEST_F(IngestServiceTest, ListDocumentsPaginates) {
  service_.Attach(ingestor_.get());
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    v1::IngestDocumentRequest request;
    request.set_content("Document numéro " + std::to_string(i) + ".");
    v1::IngestDocumentResponse response;
    ASSERT_TRUE(stub_->IngestDocument(&context, request, &response).ok());
  }
  std::string token;
  int seen = 0;
  int pages = 0;
  do {
    grpc::ClientContext context;
    v1::ListDocumentsRequest list;
    list.set_page_size(2);
    list.set_page_token(token);
    v1::ListDocumentsResponse response;
    ASSERT_TRUE(stub_->ListDocuments(&context, list, &response).ok());
    seen += response.documents_size();
    token = response.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen, 3);
  EXPECT_EQ(pages, 2);
}

}  // namespace
}  // namespace dragoman::ingest
