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
