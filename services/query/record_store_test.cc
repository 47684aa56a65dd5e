#include "services/query/record_store.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/query/test_records.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;
using testing::DocBuilder;
using testing::OpenStore;
using testing::TempDir;

std::vector<std::string> ExportLines(const RecordStore& store) {
  std::vector<std::string> out;
  absl::Status s = store.Export([&](const rv1::Record& r) {
    out.push_back(r.DebugString());
    return true;
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

std::vector<std::string> EventIds(const qv1::ListEventsResponse& r) {
  std::vector<std::string> ids;
  for (const rv1::Event& e : r.events()) ids.push_back(e.id());
  return ids;
}

constexpr char kTextA[] = "Le ministre Émile Zorn a reçu Ana Vell à Valmont le 4 mars.";
constexpr char kTextB[] = "Ana Vell et Emile Zorn se sont entretenus mardi à Valmont.";

// Two reports of one meeting (2025-03-04, FR-BE) plus other events.
DocBuilder DocA() {
  DocBuilder b("dA", kTextA);
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", 12, 22, {"M. Zorn"})
      .Person("p2", "person:ana-vell", "Ana Vell", "BE", 30, 38)
      .Place("l1", "place:valmont", "Valmont")
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"p1", "p2"}, {"FR", "BE"}, "l1")
      .Office("p1", rv1::ROLE_FOREIGN_MINISTER, "FR", "2025-03-04");
  return b;
}

DocBuilder DocB() {
  DocBuilder b("dB", kTextB);
  b.Person("x1", "person:ana-vell", "Ana Vell", "BE", 0, 8)
      .Person("x2", "person:emile-zorn", "Emile Zorn", "FR", 12, 22, {"Zorn"})
      .Place("x3", "place:valmont", "Valmont")
      .Event("ev", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"x1", "x2"}, {"BE", "FR"}, "x3")
      .Office("x1", rv1::ROLE_FOREIGN_MINISTER, "BE", "2025-03-04");
  return b;
}

TEST(RecordStoreTest, PutThenGet) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  absl::StatusOr<RecordStore::PutResult> put = store->PutDocumentRecords(DocA());
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->document_id, "dA");
  EXPECT_EQ(put->entity_count, 3);
  EXPECT_EQ(put->event_count, 1);

  absl::StatusOr<rv1::Document> doc = store->GetDocument("dA");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->clean_text(), kTextA);
  absl::StatusOr<rv1::Entity> zorn = store->GetEntity("person:emile-zorn");
  ASSERT_TRUE(zorn.ok());
  EXPECT_EQ(zorn->name(), "Émile Zorn");
  absl::StatusOr<rv1::Event> meeting = store->GetEvent("event:2025-03-04:BE-FR:meeting");
  ASSERT_TRUE(meeting.ok()) << meeting.status();
  EXPECT_EQ(meeting->location(), "place:valmont");

  EXPECT_EQ(store->GetEvent("event:none").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->GetEntity("person:nobody").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->GetDocument("dZ").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->GetEvent("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->GetEntity("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->GetDocument("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RecordStoreTest, InvalidRecordsStoreNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder bad = DocA();
  bad.records().mutable_events(0)->add_participants()->set_entity("p404");
  EXPECT_EQ(store->PutDocumentRecords(bad).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ExportLines(*store).empty());
}

TEST(RecordStoreTest, SamePersonAcrossDocumentsIsOneEntity) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(DocB()).ok());
  absl::StatusOr<rv1::Entity> zorn = store->GetEntity("person:emile-zorn");
  ASSERT_TRUE(zorn.ok());
  EXPECT_EQ(zorn->name(), "Émile Zorn");
  std::vector<std::string> aliases(zorn->aliases().begin(), zorn->aliases().end());
  EXPECT_EQ(aliases, (std::vector<std::string>{"Emile Zorn", "M. Zorn", "Zorn"}));
  ASSERT_EQ(zorn->mentions_size(), 2);
  EXPECT_EQ(zorn->mentions(0).doc(), "dA");
  EXPECT_EQ(zorn->mentions(1).doc(), "dB");
}

TEST(RecordStoreTest, TwoReportsOfOneMeetingMergeRegardlessOfOrder) {
  TempDir dir1, dir2;
  auto ab = OpenStore(dir1.path());
  auto ba = OpenStore(dir2.path());
  ASSERT_TRUE(ab->PutDocumentRecords(DocA()).ok());
  ASSERT_TRUE(ab->PutDocumentRecords(DocB()).ok());
  ASSERT_TRUE(ba->PutDocumentRecords(DocB()).ok());
  ASSERT_TRUE(ba->PutDocumentRecords(DocA()).ok());
  EXPECT_EQ(ExportLines(*ab), ExportLines(*ba));

  absl::StatusOr<rv1::Event> meeting = ab->GetEvent("event:2025-03-04:BE-FR:meeting");
  ASSERT_TRUE(meeting.ok());
  EXPECT_EQ(meeting->docs_size(), 2);
  qv1::ListEventsResponse all = *ab->ListEvents(qv1::ListEventsRequest());
  EXPECT_EQ(all.events_size(), 1);
}

TEST(RecordStoreTest, RePutReplacesTheDocumentsContribution) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(DocB()).ok());

  // dB now reports a phone call between the two instead, a day later, and
  // no longer mentions the place.
  DocBuilder b2("dB", kTextB);
  b2.Person("x1", "person:ana-vell", "Ana Vell", "BE", 0, 8)
      .Person("x2", "person:emile-zorn", "Emile Zorn", "FR", 12, 22)
      .Event("ev", rv1::EVENT_TYPE_PHONE_CALL, "2025-03-05", {"x1", "x2"}, {"BE", "FR"});
  ASSERT_TRUE(store->PutDocumentRecords(b2).ok());

  absl::StatusOr<rv1::Event> meeting = store->GetEvent("event:2025-03-04:BE-FR:meeting");
  ASSERT_TRUE(meeting.ok());
  ASSERT_EQ(meeting->docs_size(), 1);
  EXPECT_EQ(meeting->docs(0), "dA");
  EXPECT_TRUE(store->GetEvent("event:2025-03-05:BE-FR:phone_call").ok());
  absl::StatusOr<rv1::Entity> zorn = store->GetEntity("person:emile-zorn");
  ASSERT_TRUE(zorn.ok());
  EXPECT_EQ(zorn->mentions_size(), 2);  // the re-put document's one, once
  std::vector<std::string> aliases(zorn->aliases().begin(), zorn->aliases().end());
  EXPECT_EQ(aliases, (std::vector<std::string>{"Emile Zorn", "M. Zorn"}));  // "Zorn" withdrawn

  // Re-putting dA with nothing left deletes what only dA supported.
  DocBuilder a2("dA", kTextA);
  ASSERT_TRUE(store->PutDocumentRecords(a2).ok());
  EXPECT_EQ(store->GetEvent("event:2025-03-04:BE-FR:meeting").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store->GetEntity("place:valmont").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<rv1::Office>> offices = store->ListOffices("person:emile-zorn");
  ASSERT_TRUE(offices.ok());
  EXPECT_TRUE(offices->empty());
  // Name lookups follow the deletion.
  EXPECT_TRUE(store->FindEntities("Valmont", rv1::ENTITY_TYPE_UNSPECIFIED)->empty());
}

TEST(RecordStoreTest, RePutWithdrawsUndatedEvents) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder b("dU", kTextA);
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR")
      .Event("e1", rv1::EVENT_TYPE_PHONE_CALL, "", {"p1"}, {"FR"});
  ASSERT_TRUE(store->PutDocumentRecords(b).ok());
  EXPECT_TRUE(store->GetEvent("event:undated:dU:e1").ok());
  b.records().mutable_events(0)->set_id("e2");
  ASSERT_TRUE(store->PutDocumentRecords(b).ok());
  EXPECT_EQ(store->GetEvent("event:undated:dU:e1").status().code(), absl::StatusCode::kNotFound);
  qv1::ListEventsRequest req;
  req.set_person("person:emile-zorn");
  EXPECT_EQ(EventIds(*store->ListEvents(req)), (std::vector<std::string>{"event:undated:dU:e2"}));
}

TEST(RecordStoreTest, ConcurrentPutsEqualSequentialPuts) {
  // Eight documents all reporting the same meeting, written from four
  // threads while a reader lists; the result must equal a sequential load.
  std::vector<DocBuilder> docs;
  for (int i = 0; i < 8; ++i) {
    DocBuilder b("dc" + std::to_string(i), kTextA);
    b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", i, i + 1)
        .Person("p2", "person:ana-vell", "Ana Vell", "BE")
        .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"p1", "p2"}, {"FR", "BE"});
    docs.push_back(b);
  }
  TempDir seq_dir, par_dir;
  auto sequential = OpenStore(seq_dir.path());
  for (const DocBuilder& d : docs) ASSERT_TRUE(sequential->PutDocumentRecords(d).ok());
  auto parallel = OpenStore(par_dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 8; i += 4) EXPECT_TRUE(parallel->PutDocumentRecords(docs[i]).ok());
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 20; ++i) {
      absl::StatusOr<qv1::ListEventsResponse> r = parallel->ListEvents(qv1::ListEventsRequest());
      ASSERT_TRUE(r.ok());
      EXPECT_LE(r->events_size(), 1);  // never two halves of one meeting
    }
  });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ExportLines(*parallel), ExportLines(*sequential));
  EXPECT_EQ(parallel->GetEvent("event:2025-03-04:BE-FR:meeting")->docs_size(), 8);
}

TEST(RecordStoreTest, RePutOfIdenticalRecordsIsIdempotent) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(DocB()).ok());
  const std::vector<std::string> before = ExportLines(*store);
  ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
  EXPECT_EQ(ExportLines(*store), before);
}

TEST(RecordStoreTest, ReopenKeepsEverything) {
  TempDir dir;
  std::vector<std::string> before;
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
    ASSERT_TRUE(store->PutDocumentRecords(DocB()).ok());
    before = ExportLines(*store);
  }
  auto store = OpenStore(dir.path());
  EXPECT_EQ(ExportLines(*store), before);
  EXPECT_TRUE(store->GetEvent("event:2025-03-04:BE-FR:meeting").ok());
}

TEST(RecordStoreTest, SecondOpenOfOneDirectoryFails) {
  TempDir dir;
  auto first = OpenStore(dir.path());
  absl::StatusOr<std::unique_ptr<RecordStore>> second = RecordStore::Open(dir.path());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(RecordStore::Open("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RecordStoreTest, ExportOmitsCleanTextAndListsKindsInOrder) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(DocA()).ok());
  std::vector<rv1::Record::KindCase> kinds;
  ASSERT_TRUE(store
                  ->Export([&](const rv1::Record& r) {
                    if (r.has_document()) EXPECT_TRUE(r.document().clean_text().empty());
                    kinds.push_back(r.kind_case());
                    return true;
                  })
                  .ok());
  EXPECT_EQ(kinds, (std::vector<rv1::Record::KindCase>{rv1::Record::kDocument, rv1::Record::kEntity,
                                                       rv1::Record::kEntity, rv1::Record::kEntity,
                                                       rv1::Record::kEvent, rv1::Record::kOffice}));
  int seen = 0;
  ASSERT_TRUE(store->Export([&](const rv1::Record&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
}

// A timeline of one pair of countries and some noise, for ListEvents.
class ListEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    const std::string text = "Un texte de test assez long pour les mentions.";
    // Five FR-KZ meetings between two people, one per month, and one
    // CN-KZ call; plus an undated FR-KZ event.
    for (int month = 1; month <= 5; ++month) {
      DocBuilder b("m" + std::to_string(month), text);
      b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR")
          .Person("p2", "person:aset-nur", "Aset Nur", "KZ")
          .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-0" + std::to_string(month) + "-10",
                 {"p1", "p2"}, {"FR", "KZ"});
      ASSERT_TRUE(store_->PutDocumentRecords(b).ok());
    }
    DocBuilder call("c1", text);
    call.Person("p1", "person:li-wen", "Li Wen", "CN")
        .Person("p2", "person:aset-nur", "Aset Nur", "KZ")
        .Event("e1", rv1::EVENT_TYPE_PHONE_CALL, "2025-02", {"p1", "p2"}, {"CN", "KZ"});
    ASSERT_TRUE(store_->PutDocumentRecords(call).ok());
    DocBuilder undated("u1", text);
    undated.Person("p1", "person:emile-zorn", "Émile Zorn", "FR")
        .Event("e1", rv1::EVENT_TYPE_VISIT, "", {"p1"}, {"FR", "KZ"});
    ASSERT_TRUE(store_->PutDocumentRecords(undated).ok());
  }

  qv1::ListEventsResponse List(qv1::ListEventsRequest request) {
    absl::StatusOr<qv1::ListEventsResponse> r = store_->ListEvents(request);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : qv1::ListEventsResponse();
  }

  TempDir dir_;
  std::unique_ptr<RecordStore> store_;
};

TEST_F(ListEventsTest, AllEventsSortedByDateThenUndated) {
  qv1::ListEventsResponse r = List(qv1::ListEventsRequest());
  EXPECT_EQ(EventIds(r), (std::vector<std::string>{
                             "event:2025-01-10:FR-KZ:meeting", "event:2025-02:CN-KZ:phone_call",
                             "event:2025-02-10:FR-KZ:meeting", "event:2025-03-10:FR-KZ:meeting",
                             "event:2025-04-10:FR-KZ:meeting", "event:2025-05-10:FR-KZ:meeting",
                             "event:undated:u1:e1"}));
  EXPECT_TRUE(r.next_page_token().empty());
  // Participants of the listed events come along, names without mentions.
  ASSERT_EQ(r.referenced_entities_size(), 3);
  EXPECT_EQ(r.referenced_entities(0).name(), "Aset Nur");
  EXPECT_EQ(r.referenced_entities(0).mentions_size(), 0);
}

TEST_F(ListEventsTest, CountriesMustAllBeInvolved) {
  qv1::ListEventsRequest req;
  req.add_countries("kz");
  req.add_countries("CN");
  EXPECT_EQ(EventIds(List(req)), (std::vector<std::string>{"event:2025-02:CN-KZ:phone_call"}));
  req.clear_countries();
  req.add_countries("FR");
  EXPECT_EQ(List(req).events_size(), 6);
  req.add_countries("DE");
  EXPECT_EQ(List(req).events_size(), 0);
}

TEST_F(ListEventsTest, PersonByIdOrFoldedName) {
  qv1::ListEventsRequest req;
  req.set_person("person:li-wen");
  EXPECT_EQ(List(req).events_size(), 1);
  req.set_person("EMILE ZORN");
  EXPECT_EQ(List(req).events_size(), 6);
  req.set_person("zorn");  // one word of the name
  EXPECT_EQ(List(req).events_size(), 6);
  req.set_person("Nobody Known");
  qv1::ListEventsResponse none = List(req);
  EXPECT_EQ(none.events_size(), 0);
  EXPECT_TRUE(none.next_page_token().empty());
}

TEST_F(ListEventsTest, InclusivePartialDateBounds) {
  qv1::ListEventsRequest req;
  req.set_from_date("2025-02");
  req.set_to_date("2025-03-10");
  EXPECT_EQ(EventIds(List(req)), (std::vector<std::string>{"event:2025-02:CN-KZ:phone_call",
                                                           "event:2025-02-10:FR-KZ:meeting",
                                                           "event:2025-03-10:FR-KZ:meeting"}));
  req.set_from_date("2025-04-11");
  req.clear_to_date();
  EXPECT_EQ(EventIds(List(req)), (std::vector<std::string>{"event:2025-05-10:FR-KZ:meeting"}));
  req.set_from_date("2025-03");
  req.set_to_date("2025-02");
  EXPECT_EQ(store_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);
  req.set_from_date("mars");
  EXPECT_EQ(store_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ListEventsTest, PagesThroughWithTokens) {
  qv1::ListEventsRequest req;
  req.add_countries("FR");
  req.set_page_size(2);
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    qv1::ListEventsResponse r = List(req);
    ++pages;
    for (const std::string& id : EventIds(r)) seen.push_back(id);
    if (r.next_page_token().empty()) break;
    req.set_page_token(r.next_page_token());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen.back(), "event:undated:u1:e1");
}

TEST_F(ListEventsTest, ExactLastPageHasNoToken) {
  qv1::ListEventsRequest req;
  req.set_person("person:emile-zorn");
  req.set_page_size(3);
  qv1::ListEventsResponse first = List(req);
  ASSERT_EQ(first.events_size(), 3);
  ASSERT_FALSE(first.next_page_token().empty());
  req.set_page_token(first.next_page_token());
  qv1::ListEventsResponse second = List(req);
  EXPECT_EQ(second.events_size(), 3);
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(ListEventsTest, PageSizeDefaultsClampsAndRejectsNegative) {
  qv1::ListEventsRequest req;
  req.set_page_size(0);
  EXPECT_EQ(List(req).events_size(), 7);
  req.set_page_size(100000);
  EXPECT_EQ(List(req).events_size(), 7);
  req.set_page_size(-1);
  EXPECT_EQ(store_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ListEventsTest, RejectsGarbageAndForeignTokens) {
  qv1::ListEventsRequest req;
  req.set_page_size(1);
  req.add_countries("FR");
  qv1::ListEventsResponse first = List(req);
  ASSERT_FALSE(first.next_page_token().empty());

  qv1::ListEventsRequest other;
  other.add_countries("KZ");
  other.set_page_token(first.next_page_token());
  EXPECT_EQ(store_->ListEvents(other).status().code(), absl::StatusCode::kInvalidArgument);

  req.set_page_token("not a token!");
  EXPECT_EQ(store_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);
  req.set_page_token("AAAA");
  EXPECT_EQ(store_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);

  // The page size may change between pages (AIP-158).
  req.set_page_size(50);
  req.set_page_token(first.next_page_token());
  EXPECT_EQ(List(req).events_size(), 5);
}

TEST_F(ListEventsTest, TokenSurvivesReopen) {
  qv1::ListEventsRequest req;
  req.set_page_size(4);
  std::string token = List(req).next_page_token();
  ASSERT_FALSE(token.empty());
  store_.reset();
  store_ = OpenStore(dir_.path());
  req.set_page_token(token);
  EXPECT_EQ(List(req).events_size(), 3);
}

TEST_F(ListEventsTest, RelationProfileSummarizesAPair) {
  qv1::GetRelationProfileRequest req;
  req.add_countries("kz");
  req.add_countries("FR");
  absl::StatusOr<qv1::RelationProfile> p = store_->GetRelationProfile(req);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->countries_size(), 2);
  EXPECT_EQ(p->event_count(), 6);
  EXPECT_EQ(p->first_date(), "2025-01-10");
  EXPECT_EQ(p->last_date(), "2025-05-10");
  ASSERT_EQ(p->by_type_size(), 2);
  EXPECT_EQ(p->by_type(0).key(), "meeting");
  EXPECT_EQ(p->by_type(0).count(), 5);
  ASSERT_EQ(p->by_year_size(), 2);
  EXPECT_EQ(p->by_year(0).key(), "2025");
  EXPECT_EQ(p->by_year(1).key(), "undated");
  EXPECT_EQ(p->counterparts_size(), 0);
  ASSERT_EQ(p->participants_size(), 2);
  EXPECT_EQ(p->participants(0).key(), "person:emile-zorn");  // 6 events vs 5
  EXPECT_EQ(p->referenced_entities_size(), 2);

  qv1::GetRelationProfileRequest kz;
  kz.add_countries("KZ");
  p = store_->GetRelationProfile(kz);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->event_count(), 7);
  ASSERT_EQ(p->counterparts_size(), 2);
  EXPECT_EQ(p->counterparts(0).key(), "FR");
  EXPECT_EQ(p->counterparts(1).key(), "CN");

  EXPECT_EQ(store_->GetRelationProfile(qv1::GetRelationProfileRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ListEventsTest, EmptyStoreListsNothing) {
  TempDir empty_dir;
  auto empty = OpenStore(empty_dir.path());
  absl::StatusOr<qv1::ListEventsResponse> r = empty->ListEvents(qv1::ListEventsRequest());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events_size(), 0);
  EXPECT_TRUE(r->next_page_token().empty());
}

TEST(RecordStoreSearchTest, FindsDocumentsHavingEveryWord) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder older("s1", "Les deux ministres ont parlé de l'eau et du coton.");
  older.records().mutable_document()->set_published("2025-01-02");
  older.records().mutable_document()->set_title("Entretien sur le COTON");
  DocBuilder newer("s2", "Le coton, encore : un accord sur l'irrigation.");
  newer.records().mutable_document()->set_published("2025-02-03");
  DocBuilder undated("s3", "Rien sur ce sujet, mais de l'eau.");
  ASSERT_TRUE(store->PutDocumentRecords(older).ok());
  ASSERT_TRUE(store->PutDocumentRecords(newer).ok());
  ASSERT_TRUE(store->PutDocumentRecords(undated).ok());

  absl::StatusOr<qv1::SearchDocumentsResponse> cotton = store->SearchDocuments("Coton", 0);
  ASSERT_TRUE(cotton.ok()) << cotton.status();
  ASSERT_EQ(cotton->hits_size(), 2);
  EXPECT_EQ(cotton->total_count(), 2);
  EXPECT_EQ(cotton->hits(0).document().id(), "s2");  // newest first
  EXPECT_TRUE(cotton->hits(0).document().clean_text().empty());
  EXPECT_EQ(cotton->hits(0).match().start(), 3);
  EXPECT_EQ(cotton->hits(0).match().end(), 8);

  absl::StatusOr<qv1::SearchDocumentsResponse> both = store->SearchDocuments("EAU coton", 1);
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->hits_size(), 1);
  EXPECT_EQ(both->hits(0).document().id(), "s1");
  // Words only in the title count too.
  EXPECT_EQ(store->SearchDocuments("entretien", 0)->total_count(), 1);
  EXPECT_EQ(store->SearchDocuments("nothing-here", 0)->total_count(), 0);
  EXPECT_EQ(store->SearchDocuments(" ;; ", 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->SearchDocuments("eau", -1).status().code(), absl::StatusCode::kInvalidArgument);

  // A re-put with other text withdraws the old words.
  DocBuilder rewritten("s2", "Texte remplacé.");
  ASSERT_TRUE(store->PutDocumentRecords(rewritten).ok());
  EXPECT_EQ(store->SearchDocuments("coton", 0)->total_count(), 1);
  EXPECT_EQ(store->SearchDocuments("remplace", 0)->total_count(), 1);
}

TEST(RecordStoreOfficesTest, OfficesByPersonOrderedByDate) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder later("d2", "texte");
  later.Person("p", "person:emile-zorn", "Émile Zorn", "FR")
      .Office("p", rv1::ROLE_HEAD_OF_GOVERNMENT, "FR", "2026-01-01");
  DocBuilder earlier("d1", "texte");
  earlier.Person("p", "person:emile-zorn", "Émile Zorn", "FR")
      .Office("p", rv1::ROLE_FOREIGN_MINISTER, "FR", "2025-03-04")
      .Office("p", rv1::ROLE_DEPUTY_HEAD_OF_GOVERNMENT, "FR", "");
  ASSERT_TRUE(store->PutDocumentRecords(later).ok());
  ASSERT_TRUE(store->PutDocumentRecords(earlier).ok());
  absl::StatusOr<std::vector<rv1::Office>> offices = store->ListOffices("Emile Zorn");
  ASSERT_TRUE(offices.ok());
  ASSERT_EQ(offices->size(), 3u);
  EXPECT_EQ((*offices)[0].role(), rv1::ROLE_FOREIGN_MINISTER);
  EXPECT_EQ((*offices)[1].role(), rv1::ROLE_HEAD_OF_GOVERNMENT);
  EXPECT_EQ((*offices)[2].role(), rv1::ROLE_DEPUTY_HEAD_OF_GOVERNMENT);
  EXPECT_EQ(store->ListOffices("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RecordStoreOfficesTest, HoldersOfAnOfficeOverTimeComeFromTheIndex) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder d1("d1", "texte");
  d1.Person("a", "person:aset-nur", "Aset Nur", "KZ")
      .Person("z", "person:emile-zorn", "Émile Zorn", "FR")
      .Office("a", rv1::ROLE_FOREIGN_MINISTER, "KZ", "2023-05-02")
      .Office("z", rv1::ROLE_FOREIGN_MINISTER, "FR", "2023-05-02");
  DocBuilder d2("d2", "texte");
  d2.Person("a", "person:aset-nur", "Aset Nur", "KZ")
      .Office("a", rv1::ROLE_FOREIGN_MINISTER, "KZ", "2024-01-10");
  DocBuilder d3("d3", "texte");
  d3.Person("b", "person:berik-sal", "Berik Sal", "KZ")
      .Office("b", rv1::ROLE_FOREIGN_MINISTER, "KZ", "2025-09-01")
      .Office("b", rv1::ROLE_HEAD_OF_GOVERNMENT, "KZ", "2025-09-01");
  for (const DocBuilder* d : {&d3, &d1, &d2}) ASSERT_TRUE(store->PutDocumentRecords(*d).ok());

  qv1::ListOfficesRequest request;
  request.set_role(rv1::ROLE_FOREIGN_MINISTER);
  request.set_country("kz");
  absl::StatusOr<qv1::ListOfficesResponse> r = store->ListOfficesCited(request);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->offices_size(), 3);  // not Zorn (FR), not Sal's other office
  ASSERT_EQ(r->holders_size(), 2);
  EXPECT_EQ(r->holders(0).person(), "person:aset-nur");
  EXPECT_EQ(r->holders(0).first_seen(), "2023-05-02");
  EXPECT_EQ(r->holders(0).last_seen(), "2024-01-10");
  EXPECT_EQ(r->holders(0).documents(), 2);
  EXPECT_EQ(r->holders(1).person(), "person:berik-sal");
  EXPECT_EQ(r->holders(1).first_seen(), "2025-09-01");

  request.clear_country();  // every country
  EXPECT_EQ(store->ListOfficesCited(request)->holders_size(), 3);

  // A re-put withdraws the document's offices from the index too.
  DocBuilder d2_again("d2", "texte");
  ASSERT_TRUE(store->PutDocumentRecords(d2_again).ok());
  request.set_country("KZ");
  r = store->ListOfficesCited(request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->holders(0).last_seen(), "2023-05-02");

  request.set_country("Kazakhstan");
  EXPECT_EQ(store->ListOfficesCited(request).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListOfficesCited(qv1::ListOfficesRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// ListEvents reads a page's candidate events in batches; events the
// filters drop make room for more. Every page size must give, page after
// page, exactly the one-page listing, which must be the filtered listing
// of all events.
TEST(ListEventsPagingTest, PagesOfFilteredListingsEqualTheWholeListing) {
  TempDir dir;
  std::unique_ptr<RecordStore> store = OpenStore(dir.path());
  const std::vector<std::string> kCountries = {"CN", "DE", "FR", "JP", "KZ"};
  std::mt19937 rng(11);
  const std::string text = "Une rencontre. Un appel. Une visite officielle.";
  for (int n = 0; n < 90; ++n) {
    std::string date;
    switch (rng() % 4) {
      case 0: break;  // undated
      case 1: date = absl::StrFormat("2025-%02d", 1 + rng() % 12); break;
      default: date = absl::StrFormat("2025-%02d-%02d", 1 + rng() % 12, 1 + rng() % 28);
    }
    std::vector<std::string> countries = kCountries;
    std::shuffle(countries.begin(), countries.end(), rng);
    countries.resize(2 + rng() % 2);
    std::sort(countries.begin(), countries.end());
    DocBuilder b("d" + std::to_string(n), text);
    b.Person("p1", absl::StrCat("person:p", n % 7), absl::StrCat("Personne ", n % 7), "")
        .Event("e1", n % 2 ? rv1::EVENT_TYPE_MEETING : rv1::EVENT_TYPE_PHONE_CALL, date, {"p1"},
               countries);
    b.records().mutable_events(0)->add_evidence()->set_start(static_cast<int>(rng() % 30));
    b.records().mutable_events(0)->mutable_evidence(0)->set_end(35);
    ASSERT_TRUE(store->PutDocumentRecords(b).ok());
  }
  qv1::ListEventsRequest all;
  all.set_page_size(500);
  const absl::StatusOr<qv1::ListEventsResponse> everything = store->ListEvents(all);
  ASSERT_TRUE(everything.ok()) << everything.status();
  ASSERT_GT(everything->events_size(), 40);

  int checked = 0;
  for (int mask = 0; mask < 32; ++mask) {
    std::vector<std::string> wanted;
    for (int c = 0; c < 5; ++c) {
      if (mask & (1 << c)) wanted.push_back(kCountries[c]);
    }
    if (wanted.size() < 2 || wanted.size() > 3) continue;
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"", ""}, {"2025-03", ""}, {"", "2025-09-15"}, {"2025-02-10", "2025-10"}}) {
      qv1::ListEventsRequest req;
      for (const std::string& c : wanted) req.add_countries(c);
      req.set_from_date(from);
      req.set_to_date(to);
      req.set_page_size(500);
      const absl::StatusOr<qv1::ListEventsResponse> whole = store->ListEvents(req);
      ASSERT_TRUE(whole.ok()) << whole.status();
      ASSERT_TRUE(whole->next_page_token().empty());
      if (from.empty() && to.empty()) {
        std::vector<std::string> expected;
        for (const rv1::Event& e : everything->events()) {
          const std::set<std::string> involved(e.countries().begin(), e.countries().end());
          if (std::includes(involved.begin(), involved.end(), wanted.begin(), wanted.end())) {
            expected.push_back(e.id());
          }
        }
        EXPECT_EQ(EventIds(*whole), expected);
      }
      for (int page_size = 1; page_size <= 6; ++page_size) {
        req.set_page_size(page_size);
        req.clear_page_token();
        qv1::ListEventsResponse paged;
        for (int pages = 0; pages < 200; ++pages) {
          const absl::StatusOr<qv1::ListEventsResponse> page = store->ListEvents(req);
          ASSERT_TRUE(page.ok()) << page.status();
          ASSERT_LE(page->events_size(), page_size);
          ASSERT_EQ(page->citations_size(), page->events_size());
          for (int i = 0; i < page->events_size(); ++i) {
            *paged.add_events() = page->events(i);
            *paged.add_citations() = page->citations(i);
          }
          if (page->next_page_token().empty()) break;
          ASSERT_EQ(page->events_size(), page_size);
          req.set_page_token(page->next_page_token());
        }
        EXPECT_EQ(EventIds(paged), EventIds(*whole)) << absl::StrJoin(wanted, ",") << " " << from
                                                     << ".." << to << " page " << page_size;
        for (int i = 0; i < paged.citations_size() && i < whole->citations_size(); ++i) {
          EXPECT_EQ(paged.citations(i).ShortDebugString(), whole->citations(i).ShortDebugString());
        }
        checked += whole->events_size() > 0;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

}  // namespace
}  // namespace dragoman::query
