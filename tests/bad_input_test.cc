// Bad input against the real service binaries: every class of hostile or
// malformed request gets a clear status naming what is wrong, the services
// stay up, and what was stored before is untouched. A known good document
// is ingested first and the Export stream is snapshotted; every rejection
// test compares the export byte for byte afterwards.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

using extraction::v1::ExtractionService;
using extraction::v1::ExtractRequest;
using extraction::v1::ExtractResponse;
using ingest::v1::IngestDocumentRequest;
using ingest::v1::IngestDocumentResponse;
using ingest::v1::IngestService;
using query::v1::QueryService;

// Written for this test.
constexpr char kGoodUri[] = "inline/good-meeting.txt";
constexpr char kGood[] =
    "Wang Yi reçoit Murat Nurtleu à Pékin\n"
    "\n"
    "Le 14 mars 2025, à Pékin, le ministre chinois des Affaires étrangères Wang Yi s'est "
    "entretenu avec Murat Nurtleu, ministre kazakh des Affaires étrangères.\n"
    "\n"
    "Les deux ministres ont parlé des routes, des gares frontalières et des bourses "
    "d'études.\n";

std::chrono::system_clock::time_point In(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// A lowercase copy, for case-insensitive message checks.
std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::Cluster();
    const absl::Status started = cluster_->Start();
    ASSERT_TRUE(started.ok()) << started;
    auto channel = [](const std::string& target) {
      grpc::ChannelArguments args;
      args.SetMaxReceiveMessageSize(64 << 20);
      return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
    };
    ingest_channel_ = new std::shared_ptr<grpc::Channel>(channel(cluster_->ingest_target()));
    ingest_ = IngestService::NewStub(*ingest_channel_).release();
    extraction_ = ExtractionService::NewStub(channel(cluster_->extraction_target())).release();
    query_ = QueryService::NewStub(channel(cluster_->query_target())).release();

    IngestDocumentResponse response;
    const grpc::Status status = Ingest(kGood, kGoodUri, &response);
    ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << cluster_->LogOf("ingest");
    ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE) << response.error();
    ASSERT_GT(response.event_count(), 0);
    good_id_ = new std::string(response.document_id());
    snapshot_ = new std::string(ExportBytes());
    ASSERT_FALSE(snapshot_->empty());
  }

  static void TearDownTestSuite() {
    delete ingest_;
    delete extraction_;
    delete query_;
    delete ingest_channel_;
    delete good_id_;
    delete snapshot_;
    delete cluster_;
  }

  static grpc::Status Ingest(const std::string& content, const std::string& uri,
                             IngestDocumentResponse* response,
                             const std::string& content_type = "", int deadline_s = 60) {
    IngestDocumentRequest request;
    request.set_content(content);
    request.set_uri(uri);
    request.set_content_type(content_type);
    request.set_wait_for_processing(true);
    grpc::ClientContext context;
    context.set_deadline(In(deadline_s));
    return ingest_->IngestDocument(&context, request, response);
  }

  // Every record of the Export stream, serialized and concatenated.
  static std::string ExportBytes() {
    grpc::ClientContext context;
    context.set_deadline(In(60));
    auto reader = query_->Export(&context, query::v1::ExportRequest());
    std::string out;
    records::v1::Record record;
    while (reader->Read(&record)) {
      std::string bytes;
      record.SerializeToString(&bytes);
      absl::StrAppend(&out, bytes.size(), ":", bytes);
    }
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static int StoredDocumentCount() {
    ingest::v1::ListDocumentsRequest request;
    request.set_page_size(1000);
    ingest::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    context.set_deadline(In(30));
    const grpc::Status status = ingest_->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.documents_size();
  }

  // All three serve, and what was stored before is byte-identical.
  static void ExpectServingAndUnchanged() {
    for (const std::string& target : {cluster_->ingest_target(), cluster_->extraction_target(),
                                      cluster_->query_target()}) {
      const absl::Status serving = testing::CheckServing(target);
      EXPECT_TRUE(serving.ok()) << target << ": " << serving;
    }
    const std::string now = ExportBytes();
    EXPECT_TRUE(now == *snapshot_) << "the export changed: " << snapshot_->size() << " bytes before, "
                                   << now.size() << " after";
    EXPECT_EQ(StoredDocumentCount(), 1) << "a rejected document was stored";
  }

  // `content` is rejected with INVALID_ARGUMENT and a message containing
  // `needle` (case-insensitive), nothing stored.
  static void ExpectIngestRejected(const std::string& content, const std::string& uri,
                                   const std::string& needle,
                                   const std::string& content_type = "") {
    IngestDocumentResponse response;
    const grpc::Status status = Ingest(content, uri, &response, content_type);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << uri << ": " << status.error_message();
    EXPECT_TRUE(absl::StrContains(Lower(status.error_message()), Lower(needle)))
        << uri << ": \"" << status.error_message() << "\" does not mention \"" << needle << "\"";
    EXPECT_TRUE(response.document_id().empty());
  }

  static testing::Cluster* cluster_;
  static std::shared_ptr<grpc::Channel>* ingest_channel_;
  static IngestService::Stub* ingest_;
  static ExtractionService::Stub* extraction_;
  static QueryService::Stub* query_;
  static std::string* good_id_;
  static std::string* snapshot_;
};

testing::Cluster* BadInputTest::cluster_ = nullptr;
std::shared_ptr<grpc::Channel>* BadInputTest::ingest_channel_ = nullptr;
IngestService::Stub* BadInputTest::ingest_ = nullptr;
ExtractionService::Stub* BadInputTest::extraction_ = nullptr;
QueryService::Stub* BadInputTest::query_ = nullptr;
std::string* BadInputTest::good_id_ = nullptr;
std::string* BadInputTest::snapshot_ = nullptr;

// ---------------------------------------------------------------------------
// Ingest: content that is not a text document.

TEST_F(BadInputTest, InvalidUtf8IsRejectedWithItsOffset) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a
  // UTF-8-encoded surrogate: each names the byte offset.
  for (const std::string& bad :
       {std::string("Le ministre \x80 a dit."), std::string("Pékin \xE4\xBA"),
        std::string("chemin \xC0\xAF etc"), std::string("surrogate \xED\xA0\x80 here")}) {
    ExpectIngestRejected(bad, "inline/bad-utf8.txt", "offset");
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, NulBytesAreRejected) {
  static constexpr char kNul[] = "Wang Yi\0 a rencontré Murat Nurtleu.";
  ExpectIngestRejected(std::string(kNul, sizeof(kNul) - 1), "inline/nul.txt", "offset");
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, BinaryFilesAreRejected) {
  const std::string pdf("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
  static constexpr char kZip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00 press-release.txt";
  static constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  static constexpr char kElf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0";
  const std::string zip(kZip, sizeof(kZip) - 1);
  const std::string png(kPng, sizeof(kPng) - 1);
  const std::string elf(kElf, sizeof(kElf) - 1);
  ExpectIngestRejected(pdf, "inline/release.pdf", "");
  ExpectIngestRejected(pdf, "inline/looks-like-text.txt", "");
  ExpectIngestRejected(zip, "inline/release.zip", "");
  ExpectIngestRejected(png, "inline/photo.png", "");
  ExpectIngestRejected(elf, "inline/program", "");
  // A declared binary type is refused even when the bytes are text.
  ExpectIngestRejected("Wang Yi a rencontré Murat Nurtleu.", "inline/declared.pdf", "",
                       "application/pdf");
  ExpectIngestRejected("Wang Yi a rencontré Murat Nurtleu.", "inline/declared.png", "",
                       "image/png");
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, EmptyAndWhitespaceOnlyDocumentsAreRejected) {
  ExpectIngestRejected("", "inline/empty.txt", "empty");
  for (const std::string& blank :
       {std::string(" "), std::string("\n\n\t  \r\n"), std::string("\xC2\xA0\xE2\x80\x83\n"),
        std::string("<html><body>  <p> </p><script>var x = 1;</script></body></html>")}) {
    IngestDocumentResponse response;
    const grpc::Status status = Ingest(blank, "inline/blank.html", &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_FALSE(status.error_message().empty());
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, DocumentOverTheLimitIsRejectedNamingTheLimit) {
  // Just over 8 MiB reaches the service: INVALID_ARGUMENT naming the limit.
  std::string over(8 * 1024 * 1024 + 1, 'a');
  IngestDocumentResponse response;
  const grpc::Status status = Ingest(over, "inline/over-8mib.txt", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "8 MiB")) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "8388609")) << status.error_message();
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, HundredMegabyteMessageIsRefusedByTheTransport) {
  // 100 MB is over the ingest server's 16 MiB message limit: gRPC refuses
  // it before the service sees it, with RESOURCE_EXHAUSTED naming sizes.
  std::string huge(100 * 1000 * 1000, 'b');
  IngestDocumentResponse response;
  const grpc::Status status = Ingest(huge, "inline/100mb.txt", &response);
  huge.clear();
  huge.shrink_to_fit();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_TRUE(absl::StrContains(Lower(status.error_message()), "larger than max"))
      << status.error_message();
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, StreamingIngestReportsEachBadDocumentAndGoesOn) {
  grpc::ClientContext context;
  context.set_deadline(In(60));
  auto stream = ingest_->IngestDocuments(&context);
  const std::vector<std::string> bad = {"", std::string("a\0b", 3), "caf\xC3\x28\xA0",
                                        std::string("%PDF-1.4\n")};
  for (const std::string& content : bad) {
    IngestDocumentRequest request;
    request.set_content(content);
    request.set_uri("inline/stream-bad.txt");
    ASSERT_TRUE(stream->Write(request));
    IngestDocumentResponse response;
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_EQ(response.state(), ingest::v1::PROCESSING_STATE_FAILED);
    EXPECT_EQ(response.error_code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
    EXPECT_FALSE(response.error().empty());
    EXPECT_TRUE(response.document_id().empty());
  }
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  ExpectServingAndUnchanged();
}

// ---------------------------------------------------------------------------
// Ingest and query: malformed requests.

TEST_F(BadInputTest, UnknownAndEmptyIdsInIngest) {
  {
    ingest::v1::GetDocumentRequest request;
    request.set_document_id("d0000000000000000");
    ingest::v1::StoredDocument response;
    grpc::ClientContext context;
    const grpc::Status status = ingest_->GetDocument(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), "d0000000000000000"));
  }
  {
    ingest::v1::GetDocumentRequest request;
    ingest::v1::StoredDocument response;
    grpc::ClientContext context;
    const grpc::Status status = ingest_->GetDocument(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "document_id"))
        << status.error_message();
  }
  for (const std::string& id : {std::string("d-nope"), std::string(""),
                                std::string("\xE2\x80\x8B"), std::string(5000, 'x')}) {
    ingest::v1::ReprocessRequest request;
    request.add_document_ids(*good_id_);
    request.add_document_ids(id);
    ingest::v1::ReprocessResponse response;
    grpc::ClientContext context;
    context.set_deadline(In(30));
    const grpc::Status status = ingest_->Reprocess(&context, request, &response);
    EXPECT_FALSE(status.ok()) << "Reprocess accepted id \"" << id << "\"";
    EXPECT_TRUE(status.error_code() == grpc::StatusCode::NOT_FOUND ||
                status.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_code() << " " << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), "document_id") ||
                absl::StrContains(status.error_message(), id.substr(0, 40)))
        << status.error_message();
    EXPECT_EQ(response.queued(), 0);
  }
  // Nothing was requeued: the good document is still DONE.
  ingest::v1::GetDocumentRequest request;
  request.set_document_id(*good_id_);
  ingest::v1::StoredDocument stored;
  grpc::ClientContext context;
  ASSERT_TRUE(ingest_->GetDocument(&context, request, &stored).ok());
  EXPECT_EQ(stored.state(), ingest::v1::PROCESSING_STATE_DONE);
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ListDocumentsPagingErrors) {
  for (const std::string& token :
       {std::string("garbage"), std::string("!!!"), std::string("AAAA"),
        std::string(10000, 'Z'), std::string("\xC3\xA9t\xC3\xA9")}) {
    ingest::v1::ListDocumentsRequest request;
    request.set_page_token(token);
    ingest::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    const grpc::Status status = ingest_->ListDocuments(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token.substr(0, 20);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_token"))
        << status.error_message();
  }
  {
    ingest::v1::ListDocumentsRequest request;
    request.set_page_size(-1);
    ingest::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    const grpc::Status status = ingest_->ListDocuments(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_size"));
  }
  {
    // Oversize pages are clamped, not refused.
    ingest::v1::ListDocumentsRequest request;
    request.set_page_size(2147483647);
    ingest::v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    const grpc::Status status = ingest_->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.documents_size(), 1);
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, UnknownAndEmptyIdsInQuery) {
  struct Case {
    std::string id;
    grpc::StatusCode code;
    std::string needle;
  };
  for (const Case& c : std::vector<Case>{{"event:nope", grpc::StatusCode::NOT_FOUND, "event:nope"},
                                         {"", grpc::StatusCode::INVALID_ARGUMENT, "event_id"},
                                         // The message echoes at most the start of a long id,
                                         // so the status still fits the client's metadata limit.
                                         {std::string(1000, 'e'), grpc::StatusCode::NOT_FOUND,
                                          "eeee"},
                                         {std::string(20000, 'e'), grpc::StatusCode::NOT_FOUND,
                                          "(20000 bytes)"}}) {
    query::v1::GetEventRequest request;
    request.set_event_id(c.id);
    records::v1::Event response;
    grpc::ClientContext context;
    const grpc::Status status = query_->GetEvent(&context, request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), c.needle)) << status.error_message();
  }
  for (const Case& c : std::vector<Case>{{"person:nobody", grpc::StatusCode::NOT_FOUND, "nobody"},
                                         {"", grpc::StatusCode::INVALID_ARGUMENT, "entity_id"}}) {
    query::v1::GetEntityRequest request;
    request.set_entity_id(c.id);
    records::v1::Entity response;
    grpc::ClientContext context;
    const grpc::Status status = query_->GetEntity(&context, request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), c.needle)) << status.error_message();
  }
  for (const Case& c :
       std::vector<Case>{{"d0000000000000000", grpc::StatusCode::NOT_FOUND, "d0000000000000000"},
                         {"", grpc::StatusCode::INVALID_ARGUMENT, "document_id"}}) {
    query::v1::GetDocumentRequest request;
    request.set_document_id(c.id);
    records::v1::Document response;
    grpc::ClientContext context;
    const grpc::Status status = query_->GetDocument(&context, request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), c.needle)) << status.error_message();
  }
  ExpectServingAndUnchanged();
}

grpc::Status ListEvents(QueryService::Stub* query, const query::v1::ListEventsRequest& request,
                        query::v1::ListEventsResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(In(30));
  return query->ListEvents(&context, request, response);
}

TEST_F(BadInputTest, ListEventsRejectsUnknownEnumValues) {
  {
    query::v1::ListEventsRequest request;
    request.set_type(static_cast<records::v1::EventType>(99));
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "type")) << status.error_message();
  }
  {
    query::v1::ListEventsRequest request;
    request.set_country_match(static_cast<query::v1::CountryMatch>(-7));
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "country_match"))
        << status.error_message();
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ListEventsPageSizes) {
  {
    query::v1::ListEventsRequest request;
    request.set_page_size(-5);
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_size"));
  }
  {
    query::v1::ListEventsRequest request;
    request.set_page_size(2147483647);
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(response.events_size(), 0);
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ListEventsRejectsGarbageAndForeignPageTokens) {
  // A token ListDocuments issued, base64 of random bytes, not base64 at all.
  std::vector<std::string> tokens = {"garbage!", "AAAAAAAAAAAA", std::string(20000, 'A'),
                                     "ZG9jOmQwMDAwMDAwMDAwMDAwMDA"};
  for (const std::string& token : tokens) {
    query::v1::ListEventsRequest request;
    request.set_page_token(token);
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token.substr(0, 20);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "page_token"))
        << status.error_message();
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ListEventsRejectsInvalidCountryCodes) {
  for (const std::string& country : {"KAZ", "K", "1Z", "", "\xC3\x89S", "K Z"}) {
    query::v1::ListEventsRequest request;
    request.add_countries(country);
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "\"" << country << "\"";
    EXPECT_TRUE(absl::StrContains(status.error_message(), "country")) << status.error_message();
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ListEventsRejectsInvalidDateFilters) {
  for (const std::string& date :
       {"2025-13-45", "2025-00", "2025-02-32", "25", "2025/03/14", "99999", "mars 2025",
        "2025-03-14T10:00:00Z"}) {
    for (bool from : {true, false}) {
      query::v1::ListEventsRequest request;
      if (from) {
        request.set_from_date(date);
      } else {
        request.set_to_date(date);
      }
      query::v1::ListEventsResponse response;
      const grpc::Status status = ListEvents(query_, request, &response);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << date;
      EXPECT_TRUE(absl::StrContains(status.error_message(), date)) << status.error_message();
    }
  }
  // A range that ends before it starts.
  query::v1::ListEventsRequest request;
  request.set_from_date("2025-06");
  request.set_to_date("2025-01");
  query::v1::ListEventsResponse response;
  const grpc::Status status = ListEvents(query_, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "from_date")) << status.error_message();
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, EmptyPersonForOfficesIsRejected) {
  query::v1::ListOfficesRequest request;
  query::v1::ListOfficesResponse response;
  grpc::ClientContext context;
  const grpc::Status status = query_->ListOffices(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "person")) << status.error_message();
  ExpectServingAndUnchanged();
}

// ---------------------------------------------------------------------------
// Query: records that do not hold together.

records::v1::DocumentRecords ValidRecords(const std::string& doc) {
  records::v1::DocumentRecords r;
  r.mutable_document()->set_id(doc);
  r.mutable_document()->set_uri("inline/put.txt");
  r.mutable_document()->set_clean_text("Wang Yi a vu Murat Nurtleu.");
  r.mutable_document()->set_language("fr");
  records::v1::Entity* p = r.add_entities();
  p->set_id("p1");
  p->set_type(records::v1::ENTITY_TYPE_PERSON);
  p->set_name("Wang Yi");
  p->set_key("person:wang-yi");
  records::v1::Span* s = p->add_mentions();
  s->set_doc(doc);
  s->set_start(0);
  s->set_end(7);
  records::v1::Event* e = r.add_events();
  e->set_id("e1");
  e->set_type(records::v1::EVENT_TYPE_MEETING);
  e->add_participants()->set_entity("p1");
  e->add_docs(doc);
  records::v1::Span* ev = e->add_evidence();
  ev->set_doc(doc);
  ev->set_start(0);
  ev->set_end(27);
  return r;
}

TEST_F(BadInputTest, PutDocumentRecordsRejectsInconsistentRecords) {
  const std::string doc = "d00000000000000ff";
  struct Case {
    std::string what;
    std::function<void(records::v1::DocumentRecords*)> mutate;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {"dangling participant",
       [](auto* r) { r->mutable_events(0)->mutable_participants(0)->set_entity("p99"); }, "p99"},
      {"dangling location", [](auto* r) { r->mutable_events(0)->set_location("l7"); }, "l7"},
      {"mention past the end",
       [](auto* r) { r->mutable_entities(0)->mutable_mentions(0)->set_end(500); }, "span"},
      {"negative span",
       [](auto* r) { r->mutable_entities(0)->mutable_mentions(0)->set_start(-3); }, "span"},
      {"reversed span",
       [](auto* r) {
         r->mutable_events(0)->mutable_evidence(0)->set_start(20);
         r->mutable_events(0)->mutable_evidence(0)->set_end(10);
       },
       "span"},
      {"missing document id", [](auto* r) { r->mutable_document()->clear_id(); }, "document.id"},
      {"invalid event date", [](auto* r) { r->mutable_events(0)->set_date("2025-13-45"); },
       "2025-13-45"},
      {"empty entity id", [](auto* r) { r->mutable_entities(0)->clear_id(); }, "id"},
  };
  for (const Case& c : cases) {
    query::v1::PutDocumentRecordsRequest request;
    *request.mutable_records() = ValidRecords(doc);
    c.mutate(request.mutable_records());
    query::v1::PutDocumentRecordsResponse response;
    grpc::ClientContext context;
    context.set_deadline(In(30));
    const grpc::Status status = query_->PutDocumentRecords(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.what << ": " << status.error_message();
    EXPECT_TRUE(absl::StrContains(status.error_message(), c.needle))
        << c.what << ": " << status.error_message();
  }
  ExpectServingAndUnchanged();
}

// ---------------------------------------------------------------------------
// Extraction called directly.

TEST_F(BadInputTest, ExtractionRejectsEmptyAndOversizeText) {
  {
    ExtractRequest request;
    request.set_document_id("dextract");
    ExtractResponse response;
    grpc::ClientContext context;
    const grpc::Status status = extraction_->Extract(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "text")) << status.error_message();
  }
  {
    ExtractRequest request;
    request.set_document_id("dextract");
    request.set_text(std::string(3 << 20, 'w'));
    ExtractResponse response;
    grpc::ClientContext context;
    context.set_deadline(In(60));
    const grpc::Status status = extraction_->Extract(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "text")) << status.error_message();
  }
  ExpectServingAndUnchanged();
}

TEST_F(BadInputTest, ExtractionRefusesInvalidUtf8OnTheWire) {
  // The stub's own serializer would refuse an ill-formed proto3 string, so
  // the bytes go through a generic call: field 2 (text), length 4.
  grpc::GenericStub generic(
      grpc::CreateChannel(cluster_->extraction_target(), grpc::InsecureChannelCredentials()));
  const std::string wire("\x0a\x01" "d" "\x12\x04" "a\xFF\xFE" "b", 9);
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(In(30));
  grpc::Status status;
  bool done = false;
  std::mutex mu;
  std::condition_variable cv;
  generic.UnaryCall(&context, "/dragoman.extraction.v1.ExtractionService/Extract",
                    grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(s);
                      done = true;
                      cv.notify_all();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  // gRPC refuses the request before the handler runs (INTERNAL, no
  // message in gRPC 1.51); the point is that nothing else happens.
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  ExpectServingAndUnchanged();
}

// ---------------------------------------------------------------------------
// Malformed JSON through buf curl, when scripts/install-tools put buf there
// (DRAGOMAN_BUF, from CMake or the environment, as in buf_curl_test.cc).

#ifndef DRAGOMAN_BUF
#define DRAGOMAN_BUF ""
#endif

std::string BufPath() {
  if (const char* env = std::getenv("DRAGOMAN_BUF"); env != nullptr && *env) return env;
  return DRAGOMAN_BUF;
}

TEST_F(BadInputTest, MalformedJsonThroughBufCurl) {
  if (::access(BufPath().c_str(), X_OK) != 0) {
    GTEST_SKIP() << "buf not found at " << BufPath() << "; run scripts/install-tools";
  }
  const std::string cache = testing::MakeTempDir("dragoman_bad_input_buf");
  for (const std::string& body :
       {std::string("{\"uri\": "), std::string("{\"content\": \"not base64 !!\"}"),
        std::string("{\"no_such_field\": 1}"), std::string("[1, 2, 3]"),
        std::string("{\"uri\": \"a\", \"uri\": }")}) {
    const testing::CommandResult r = testing::RunCommand(absl::StrCat(
        "BUF_CACHE_DIR=", testing::ShellQuote(cache), " timeout 60 ",
        testing::ShellQuote(BufPath()), " curl --protocol grpc --http2-prior-knowledge -d ",
        testing::ShellQuote(body), " http://", cluster_->ingest_target(),
        "/dragoman.ingest.v1.IngestService/IngestDocument"));
    EXPECT_NE(r.exit_code, 0) << body << "\n" << r.output;
    EXPECT_NE(r.exit_code, 124) << "buf curl timed out on " << body;
    EXPECT_FALSE(r.output.empty()) << body;
  }
  std::filesystem::remove_all(cache);
  ExpectServingAndUnchanged();
}

// ---------------------------------------------------------------------------
// Hostile but acceptable text: accepted (or refused clearly) in bounded
// time, no crash; the good document's records stay as they were. These run
// last: they store documents.

class HostileTextTest : public BadInputTest {
 protected:
  void TearDown() override {
    for (const std::string& target : {cluster_->ingest_target(), cluster_->extraction_target(),
                                      cluster_->query_target()}) {
      const absl::Status serving = testing::CheckServing(target);
      EXPECT_TRUE(serving.ok()) << target << ": " << serving;
    }
    query::v1::GetDocumentRequest request;
    request.set_document_id(*good_id_);
    records::v1::Document document;
    grpc::ClientContext context;
    const grpc::Status status = query_->GetDocument(&context, request, &document);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(document.uri(), kGoodUri);
  }

  // Ingests and waits; the document ends DONE within `seconds`.
  static IngestDocumentResponse IngestDone(const std::string& content, const std::string& uri,
                                           int seconds = 60) {
    IngestDocumentResponse response;
    const absl::Time start = absl::Now();
    const grpc::Status status = Ingest(content, uri, &response, "", seconds + 30);
    EXPECT_TRUE(status.ok()) << uri << ": " << status.error_message();
    EXPECT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE) << uri << ": "
                                                                   << response.error();
    EXPECT_LT(absl::Now() - start, absl::Seconds(seconds)) << uri;
    return response;
  }

  static std::vector<records::v1::Event> EventsOf(const std::string& doc) {
    std::vector<records::v1::Event> out;
    query::v1::ListEventsRequest request;
    request.set_page_size(1000);
    query::v1::ListEventsResponse response;
    const grpc::Status status = ListEvents(query_, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& e : response.events()) {
      for (const auto& d : e.docs()) {
        if (d == doc) out.push_back(e);
      }
    }
    return out;
  }
};

TEST_F(HostileTextTest, MillionCharacterLine) {
  std::string line = "Le 2 juin 2025, Wang Yi a rencontré Murat Nurtleu à Astana ";
  while (line.size() < 1000000) line += "et ils ont parlé longuement ";
  IngestDone(line, "inline/one-long-line.txt", 120);
}

TEST_F(HostileTextTest, MillionCharactersWithoutSpaces) {
  std::string word;
  for (int i = 0; word.size() < 1000000; ++i) word += "é";
  IngestDone(word, "inline/one-long-word.txt", 120);
}

TEST_F(HostileTextTest, HtmlWithScriptsIsCleaned) {
  const std::string html =
      "<html><head><title>Note</title><script>document.write('Wang Yi');</script>"
      "<style>p { color: red }</style></head><body>"
      "<p>Le 3 juin 2025, Murat Nurtleu a reçu Bakhtiyor Saidov à Astana.</p>"
      "<script type=\"text/javascript\">if (a < b && c > d) { alert('</p>'); }</script>"
      "<noscript>Activez JavaScript</noscript><p onclick=\"evil()\">Fin.</p>"
      "<script>unterminated";
  const IngestDocumentResponse response = IngestDone(html, "inline/scripts.html");
  ingest::v1::GetDocumentRequest request;
  request.set_document_id(response.document_id());
  ingest::v1::StoredDocument stored;
  grpc::ClientContext context;
  ASSERT_TRUE(ingest_->GetDocument(&context, request, &stored).ok());
  EXPECT_TRUE(absl::StrContains(stored.clean_text(), "Murat Nurtleu")) << stored.clean_text();
  EXPECT_FALSE(absl::StrContains(stored.clean_text(), "document.write")) << stored.clean_text();
  EXPECT_FALSE(absl::StrContains(stored.clean_text(), "alert")) << stored.clean_text();
  EXPECT_FALSE(absl::StrContains(stored.clean_text(), "color")) << stored.clean_text();
}

TEST_F(HostileTextTest, DeeplyNestedMarkupDoesNotOverflowTheStack) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "Le 4 juin 2025, Wang Yi a rencontré Murat Nurtleu à Pékin.";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  IngestDone(html, "inline/nested.html", 120);
  // Unclosed nesting, too.
  std::string open = "<html><body>";
  for (int i = 0; i < 100000; ++i) open += "<span><b><i>";
  open += "Murat Nurtleu.";
  IngestDone(open, "inline/unclosed.html", 120);
}

TEST_F(HostileTextTest, MixedScriptsAndRightToLeft) {
  const std::string text =
      "Wang Yi (王毅) s'est entretenu le 5 juin 2025 avec Murat Nurtleu (Мұрат Нұртлеу).\n"
      "وزير الخارجية التقى نظيره في الرياض \xE2\x80\x8F(\xE2\x80\xAE" "tset\xE2\x80\xAC)\n"
      "שר החוץ נפגש עם עמיתו. Ελληνικά, हिन्दी, 😀🇰🇿, e\xCC\x81\xCC\x81\xCC\x81.\n";
  const IngestDocumentResponse response = IngestDone(text, "inline/mixed-scripts.txt");
  ingest::v1::GetDocumentRequest request;
  request.set_document_id(response.document_id());
  ingest::v1::StoredDocument stored;
  grpc::ClientContext context;
  ASSERT_TRUE(ingest_->GetDocument(&context, request, &stored).ok());
  EXPECT_TRUE(absl::StrContains(stored.clean_text(), "王毅"));
  EXPECT_TRUE(absl::StrContains(stored.clean_text(), "الرياض"));
}

TEST_F(HostileTextTest, ImpossibleDatesAreLeftNull) {
  const std::string text =
      "Wang Yi reçoit Murat Nurtleu\n\n"
      "Le 31 février 2025, à Pékin, Wang Yi s'est entretenu avec Murat Nurtleu, ministre "
      "kazakh des Affaires étrangères.\n\n"
      "Le 45/13/2025 et en l'an 99999, puis le 0 mars 0000, rien ne s'est passé.\n";
  const IngestDocumentResponse response = IngestDone(text, "inline/impossible-dates.txt");
  for (const auto& e : EventsOf(response.document_id())) {
    if (e.has_date()) {
      EXPECT_NE(e.date(), "2025-02-31");
      EXPECT_NE(e.date().substr(0, 5), "99999");
      EXPECT_NE(e.date(), "0000-03-00");
    }
  }
  // Through the hint, too: a published date that cannot exist.
  IngestDocumentRequest request;
  request.set_content("Le 3 mars, Wang Yi a rencontré Murat Nurtleu à Pékin.");
  request.set_uri("inline/bad-hint.txt");
  request.set_published_hint("99999-02-31");
  request.set_wait_for_processing(true);
  IngestDocumentResponse hinted;
  grpc::ClientContext context;
  context.set_deadline(In(60));
  const grpc::Status status = ingest_->IngestDocument(&context, request, &hinted);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  if (status.ok()) {
    EXPECT_EQ(hinted.state(), ingest::v1::PROCESSING_STATE_DONE) << hinted.error();
    for (const auto& e : EventsOf(hinted.document_id())) {
      if (e.has_date()) EXPECT_EQ(e.date().find("99999"), std::string::npos) << e.date();
    }
  }
}

TEST_F(HostileTextTest, ThousandsOfNamesInOneSentence) {
  std::string text = "Le 6 juin 2025, à Astana, se sont réunis ";
  const char* known[] = {"Wang Yi", "Murat Nurtleu", "Bakhtiyor Saidov", "Sirojiddin Muhriddin"};
  for (int i = 0; i < 5000; ++i) {
    if (i % 3 == 0) {
      absl::StrAppend(&text, known[i % 4], ", ");
    } else {
      absl::StrAppend(&text, "Monsieur Jean", i, " Dupont", i * 7, ", ministre ", i % 11 ? "" : "kazakh ",
                      "des Affaires étrangères, ");
    }
  }
  text += "et bien d'autres.\n";
  IngestDone(text, "inline/names.txt", 90);
}

}  // namespace
}  // namespace dragoman
