#include "services/query/query_service.h"

#include <grpcpp/server_context.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "services/query/test_records.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;
using testing::DocBuilder;

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "query_service_XXXXXX";
    dir_ = mkdtemp(pattern.data());
    absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    service_.AttachStore(std::shared_ptr<RecordStore>(*std::move(store)));
  }
  void TearDown() override {
    service_.DetachStore();
    std::filesystem::remove_all(dir_);
  }

  grpc::Status Put(const rv1::DocumentRecords& records, qv1::PutDocumentRecordsResponse* response) {
    qv1::PutDocumentRecordsRequest request;
    *request.mutable_records() = records;
    grpc::ServerContext context;
    return service_.PutDocumentRecords(&context, &request, response);
  }

  std::string dir_;
  QueryServiceImpl service_;
};

TEST_F(QueryServiceTest, PutThenReadThroughHandlers) {
  DocBuilder b("d1", "Émile Zorn a appelé Aset Nur.");
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", 0, 10)
      .Person("p2", "person:aset-nur", "Aset Nur", "KZ", 20, 28)
      .Event("e1", rv1::EVENT_TYPE_PHONE_CALL, "2025-04-01", {"p1", "p2"}, {"FR", "KZ"})
      .Office("p2", rv1::ROLE_FOREIGN_MINISTER, "KZ", "2025-04-01");
  qv1::PutDocumentRecordsResponse put;
  ASSERT_TRUE(Put(b, &put).ok());
  EXPECT_EQ(put.document_id(), "d1");
  EXPECT_EQ(put.entity_count(), 2);
  EXPECT_EQ(put.event_count(), 1);

  grpc::ServerContext context;
  qv1::ListEventsRequest list;
  list.add_countries("FR");
  qv1::ListEventsResponse events;
  ASSERT_TRUE(service_.ListEvents(&context, &list, &events).ok());
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).id(), "event:2025-04-01:FR-KZ:phone_call");
  EXPECT_EQ(events.referenced_entities_size(), 2);

  qv1::GetEventRequest get_event;
  get_event.set_event_id(events.events(0).id());
  rv1::Event event;
  EXPECT_TRUE(service_.GetEvent(&context, &get_event, &event).ok());

  qv1::ListOfficesRequest offices_request;
  offices_request.set_person("aset nur");
  qv1::ListOfficesResponse offices;
  ASSERT_TRUE(service_.ListOffices(&context, &offices_request, &offices).ok());
  ASSERT_EQ(offices.offices_size(), 1);
  EXPECT_EQ(offices.referenced_entities(0).name(), "Aset Nur");

  qv1::FindEntitiesRequest find;
  find.set_name("EMILE zorn");
  find.set_type(rv1::ENTITY_TYPE_PERSON);
  qv1::FindEntitiesResponse found;
  ASSERT_TRUE(service_.FindEntities(&context, &find, &found).ok());
  ASSERT_EQ(found.entities_size(), 1);
  EXPECT_EQ(found.entities(0).id(), "person:emile-zorn");

  qv1::SearchDocumentsRequest search;
  search.set_query("appele");
  qv1::SearchDocumentsResponse hits;
  ASSERT_TRUE(service_.SearchDocuments(&context, &search, &hits).ok());
  ASSERT_EQ(hits.hits_size(), 1);
  EXPECT_EQ(hits.hits(0).snippet(), "Émile Zorn a appelé Aset Nur.");

  qv1::GetRelationProfileRequest profile_request;
  profile_request.add_countries("FR");
  qv1::RelationProfile profile;
  ASSERT_TRUE(service_.GetRelationProfile(&context, &profile_request, &profile).ok());
  EXPECT_EQ(profile.event_count(), 1);
  ASSERT_EQ(profile.counterparts_size(), 1);
  EXPECT_EQ(profile.counterparts(0).key(), "KZ");
}

TEST_F(QueryServiceTest, MapsStoreErrorsToGrpcCodes) {
  grpc::ServerContext context;
  qv1::GetEntityRequest missing;
  missing.set_entity_id("person:nobody");
  rv1::Entity entity;
  grpc::Status s = service_.GetEntity(&context, &missing, &entity);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("person:nobody"), std::string::npos);

  qv1::GetDocumentRequest empty;
  rv1::Document document;
  EXPECT_EQ(service_.GetDocument(&context, &empty, &document).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  DocBuilder no_id("", "texte");
  qv1::PutDocumentRecordsResponse put;
  EXPECT_EQ(Put(no_id, &put).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  qv1::ListEventsRequest negative;
  negative.set_page_size(-5);
  qv1::ListEventsResponse events;
  EXPECT_EQ(service_.ListEvents(&context, &negative, &events).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueryServiceTest, AnalystReadsThroughHandlers) {
  const std::string text = "Émile Zorn a appelé Aset Nur. Ils ont parlé des céréales.";
  DocBuilder b("d1", text);
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", 0, 10)
      .Person("p2", "person:aset-nur", "Aset Nur", "KZ", 20, 28)
      .Event("e1", rv1::EVENT_TYPE_PHONE_CALL, "2025-04-01", {"p1", "p2"}, {"FR", "KZ"})
      .Office("p2", rv1::ROLE_FOREIGN_MINISTER, "KZ", "2025-04-01");
  rv1::Span* evidence = b.records().mutable_events(0)->add_evidence();
  evidence->set_start(0);
  evidence->set_end(29);
  rv1::Span* office = b.records().mutable_offices(0)->mutable_evidence();
  office->set_start(20);
  office->set_end(28);
  qv1::PutDocumentRecordsResponse put;
  ASSERT_TRUE(Put(b, &put).ok());
  grpc::ServerContext context;

  qv1::TimelineRequest timeline;
  timeline.add_countries("kz");
  timeline.add_countries("fr");
  qv1::TimelineResponse entries;
  ASSERT_TRUE(service_.Timeline(&context, &timeline, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 1);
  ASSERT_EQ(entries.entries(0).citations_size(), 1);
  EXPECT_EQ(entries.entries(0).citations(0).sentence(), "Émile Zorn a appelé Aset Nur.");
  timeline.set_person("Aset Nur");
  EXPECT_EQ(service_.Timeline(&context, &timeline, &entries).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  qv1::GetEventRequest get_event;
  get_event.set_event_id(entries.entries(0).event().id());
  qv1::CitedEvent cited;
  ASSERT_TRUE(service_.GetCitedEvent(&context, &get_event, &cited).ok());
  EXPECT_EQ(cited.citations_size(), 1);
  EXPECT_EQ(cited.referenced_entities_size(), 2);
  get_event.set_event_id("event:none");
  EXPECT_EQ(service_.GetCitedEvent(&context, &get_event, &cited).error_code(),
            grpc::StatusCode::NOT_FOUND);

  qv1::SearchEntitiesRequest find;
  find.set_query("asset nour");
  qv1::SearchEntitiesResponse found;
  ASSERT_TRUE(service_.SearchEntities(&context, &find, &found).ok());
  ASSERT_FALSE(found.matches().empty());
  EXPECT_EQ(found.matches(0).entity().id(), "person:aset-nur");

  qv1::GetDocumentRequest get;
  get.set_document_id("d1");
  qv1::AnnotatedDocument annotated;
  ASSERT_TRUE(service_.GetAnnotatedDocument(&context, &get, &annotated).ok());
  EXPECT_EQ(annotated.annotations_size(), 4);  // two mentions, the event, the office

  qv1::ListOfficesRequest offices_request;
  offices_request.set_person("person:aset-nur");
  qv1::ListOfficesResponse offices;
  ASSERT_TRUE(service_.ListOffices(&context, &offices_request, &offices).ok());
  ASSERT_EQ(offices.citations_size(), 1);
  EXPECT_EQ(offices.citations(0).sentence(), "Émile Zorn a appelé Aset Nur.");

  qv1::SearchRequest search;
  search.set_query("céréale");
  qv1::SearchResponse hits;
  ASSERT_TRUE(service_.Search(&context, &search, &hits).ok());
  ASSERT_EQ(hits.hits_size(), 1);
  EXPECT_EQ(hits.hits(0).snippet().sentence(), "Ils ont parlé des céréales.");
  search.set_query("");
  EXPECT_EQ(service_.Search(&context, &search, &hits).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueryServiceTest, ReadOnlyFrontEndRefusesWritesButReadsTheSameStore) {
  std::string pattern = ::testing::TempDir() + "query_readonly_XXXXXX";
  const std::string dir = mkdtemp(pattern.data());
  absl::StatusOr<std::unique_ptr<RecordStore>> opened = RecordStore::Open(dir + "/db");
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::shared_ptr<RecordStore> store(*std::move(opened));
  QueryServiceImpl reader(/*accepts_writes=*/false);
  QueryServiceImpl writer(/*accepts_writes=*/true);
  reader.AttachStore(store);
  writer.AttachStore(store);

  DocBuilder b("d9", "Aset Nur a appelé Émile Zorn.");
  b.Person("p1", "person:aset-nur", "Aset Nur", "KZ", 0, 8);
  qv1::PutDocumentRecordsRequest request;
  *request.mutable_records() = b;
  qv1::PutDocumentRecordsResponse response;
  grpc::ServerContext refused_context;
  const grpc::Status refused = reader.PutDocumentRecords(&refused_context, &request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(refused.error_message().find("internal port"), std::string::npos);

  grpc::ServerContext context;
  ASSERT_TRUE(writer.PutDocumentRecords(&context, &request, &response).ok());
  grpc::ServerContext read_context;
  qv1::GetDocumentRequest get;
  get.set_document_id("d9");
  rv1::Document document;
  EXPECT_TRUE(reader.GetDocument(&read_context, &get, &document).ok());
  reader.DetachStore();
  writer.DetachStore();
  store.reset();
  std::filesystem::remove_all(dir);
}

TEST_F(QueryServiceTest, UnavailableWithoutStore) {
  service_.DetachStore();
  grpc::ServerContext context;
  qv1::GetEventRequest request;
  request.set_event_id("event:x");
  rv1::Event event;
  EXPECT_EQ(service_.GetEvent(&context, &request, &event).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace dragoman::query
