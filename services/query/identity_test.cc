// Cross-document identity at the store level: transliteration variants of
// one person, people who must stay apart, and ids that do not depend on
// the order or the number of documents.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "services/query/globalize.h"
#include "services/query/record_store.h"
#include "services/query/store.pb.h"
#include "services/query/test_records.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;
using testing::DocBuilder;
using testing::OpenStore;
using testing::TempDir;

// Every exported record, order ignored.
std::vector<std::string> SortedExport(const RecordStore& store) {
  std::vector<std::string> out;
  absl::Status s = store.Export([&](const rv1::Record& r) {
    out.push_back(r.DebugString());
    return true;
  });
  EXPECT_TRUE(s.ok()) << s;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Ids(const RecordStore& store, bool events) {
  std::vector<std::string> out;
  absl::Status s = store.Export([&](const rv1::Record& r) {
    if (events && r.has_event()) out.push_back(r.event().id());
    if (!events && r.has_entity()) out.push_back(r.entity().id());
    return true;
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

constexpr char kText[] =
    "Texte de test écrit pour Dragoman : deux ministres se sont rencontrés à Valmont.";

// One meeting in Valmont on 2025-04-02, reported three times with three
// romanizations of the Kyrgyz minister; the third report adds a country
// and a person.
DocBuilder FrenchReport() {
  DocBuilder b("d1", kText);
  b.Person("p1", "person:jeenbek-kouloubaev", "Jeenbek Kouloubaev", "KG", 0, 5)
      .Person("p2", "person:li-wen", "Li Wen", "CN", 6, 10)
      .Place("l1", "place:valmont", "Valmont")
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-04-02", {"p1", "p2"}, {"KG", "CN"}, "l1")
      .Office("p1", rv1::ROLE_FOREIGN_MINISTER, "KG", "2025-04-02");
  return b;
}

DocBuilder EnglishReport() {
  DocBuilder b("d2", kText);
  b.Person("p1", "person:zheenbek-kulubaev", "Zheenbek Kulubaev", "KG", 0, 5)
      .Person("p2", "person:li-wen", "Li Wen", "CN", 6, 10)
      .Place("l1", "place:valmont", "Valmont")
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-04-02", {"p1", "p2"}, {"KG", "CN"}, "l1");
  return b;
}

DocBuilder OfficialReport() {
  DocBuilder b("d3", kText);
  b.Person("p1", "person:kulubaev-zheenbek-moldokanovich", "Kulubaev Zheenbek Moldokanovich", "KG",
           0, 5)
      .Person("p2", "person:li-wen", "Li Wen", "CN", 6, 10)
      .Person("p3", "person:oskar-brandt", "Oskar Brandt", "DE", 11, 15)
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-04-02", {"p1", "p2", "p3"}, {"KG", "CN", "DE"});
  return b;
}

// Lone family names are document-scoped by extraction; two Wangs with
// different given names are different people.
DocBuilder WangReport(const std::string& doc) {
  DocBuilder b(doc, kText);
  b.Person("p1", "person:wang@" + doc, "Wang", "CN", 0, 4)
      .Person("p2", "person:wang-yi", "Wang Yi", "CN", 5, 10)
      .Person("p3", "person:wang-wentao", "Wang Wentao", "CN", 11, 20)
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-05-09", {"p2", "p3"}, {"CN"});
  return b;
}

std::vector<DocBuilder> AllDocs() {
  return {FrenchReport(), EnglishReport(), OfficialReport(), WangReport("d4"), WangReport("d5")};
}

TEST(IdentityTest, TransliterationVariantsAreOnePerson) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (const DocBuilder& d : AllDocs()) ASSERT_TRUE(store->PutDocumentRecords(d).ok());
  absl::StatusOr<rv1::Entity> minister = store->GetEntity("person:jenbek-kulubaev");
  ASSERT_TRUE(minister.ok()) << minister.status();
  EXPECT_EQ(minister->mentions_size(), 3);
  EXPECT_EQ(minister->aliases_size(), 2);
  EXPECT_EQ(minister->country(), "KG");
  // Found by any spelling.
  absl::StatusOr<std::vector<rv1::Entity>> found =
      store->FindEntities("Jeenbek Kouloubaev", rv1::ENTITY_TYPE_PERSON);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id(), "person:jenbek-kulubaev");
  // Even by a spelling no document used.
  found = store->FindEntities("Djeenbek Koulloubayev", rv1::ENTITY_TYPE_PERSON);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id(), "person:jenbek-kulubaev");
  // And the three reports are one meeting.
  absl::StatusOr<rv1::Event> meeting = store->GetEvent("event:2025-04-02:CN-KG:meeting");
  ASSERT_TRUE(meeting.ok()) << meeting.status();
  EXPECT_EQ(meeting->docs_size(), 3);
}

TEST(IdentityTest, SameDocumentsInAnyOrderOrTwiceGiveTheSameExport) {
  std::vector<DocBuilder> docs = AllDocs();
  TempDir forward_dir, reverse_dir, twice_dir;
  auto forward = OpenStore(forward_dir.path());
  auto reverse = OpenStore(reverse_dir.path());
  auto twice = OpenStore(twice_dir.path());
  for (const DocBuilder& d : docs) ASSERT_TRUE(forward->PutDocumentRecords(d).ok());
  for (auto it = docs.rbegin(); it != docs.rend(); ++it) {
    ASSERT_TRUE(reverse->PutDocumentRecords(*it).ok());
  }
  for (int round = 0; round < 2; ++round) {
    for (const DocBuilder& d : docs) ASSERT_TRUE(twice->PutDocumentRecords(d).ok());
  }
  const std::vector<std::string> expected = SortedExport(*forward);
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(SortedExport(*reverse), expected);
  EXPECT_EQ(SortedExport(*twice), expected);
}

// Raw access to a closed store's column families, to write what an older
// version of the store wrote.
class RawStore {
 public:
  explicit RawStore(const std::string& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name :
         {"default", "documents", "doc_records", "entities", "events", "offices", "index"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* raw = nullptr;
    EXPECT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles_, &raw).ok());
    db_.reset(raw);
  }
  ~RawStore() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family(int i) { return handles_[i]; }

  // key -> value of one column family.
  std::map<std::string, std::string> All(int family) {
    std::map<std::string, std::string> out;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, handles_[family]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      out[it->key().ToString()] = it->value().ToString();
    }
    return out;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

constexpr int kDefault = 0, kEntities = 3, kIndex = 6;

// A store written by schema 1 (every document's contribution to an entity
// in one value under the entity id, no tallies) is migrated when opened:
// same export, and later puts behave as on a store built by this version.
TEST(IdentityTest, OpeningASchemaOneStoreMigratesItsEntities) {
  std::vector<DocBuilder> docs = AllDocs();
  TempDir dir, fresh_dir;
  std::vector<std::string> expected;
  {
    auto store = OpenStore(dir.path());
    for (const DocBuilder& d : docs) ASSERT_TRUE(store->PutDocumentRecords(d).ok());
    expected = SortedExport(*store);
  }
  {
    RawStore raw(dir.path());
    std::map<std::string, store::StoredEntity> old_layout;
    for (const auto& [key, value] : raw.All(kEntities)) {
      const size_t nul = key.find('\0');
      ASSERT_NE(nul, std::string::npos) << "schema 2 keys are <entity id>\\0<doc id>";
      store::StoredEntity& stored = old_layout[key.substr(0, nul)];
      stored.set_id(key.substr(0, nul));
      ASSERT_TRUE(stored.add_contributions()->ParseFromString(value));
      ASSERT_TRUE(raw.db()->Delete({}, raw.family(kEntities), key).ok());
    }
    ASSERT_GE(old_layout.size(), 5u);
    for (const auto& [id, stored] : old_layout) {
      ASSERT_TRUE(raw.db()->Put({}, raw.family(kEntities), id, stored.SerializeAsString()).ok());
    }
    for (const auto& [key, value] : raw.All(kIndex)) {
      if (key.rfind("en/g/", 0) == 0) {
        ASSERT_TRUE(raw.db()->Delete({}, raw.family(kIndex), key).ok());
      }
    }
    ASSERT_TRUE(raw.db()->Put({}, raw.family(kDefault), "schema", "1").ok());
  }
  {
    auto store = OpenStore(dir.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(SortedExport(*store), expected);
    // Withdrawing and re-putting a document now goes through the tallies
    // the migration wrote: the result matches a store built from scratch.
    ASSERT_TRUE(store->PutDocumentRecords(DocBuilder("d2", kText)).ok());
    ASSERT_TRUE(store->PutDocumentRecords(docs[1]).ok());
    EXPECT_EQ(SortedExport(*store), expected);
    auto fresh = OpenStore(fresh_dir.path());
    for (const DocBuilder& d : docs) ASSERT_TRUE(fresh->PutDocumentRecords(d).ok());
    ASSERT_TRUE(store->PutDocumentRecords(DocBuilder("d5", kText)).ok());
    ASSERT_TRUE(fresh->PutDocumentRecords(DocBuilder("d5", kText)).ok());
    EXPECT_EQ(SortedExport(*store), SortedExport(*fresh));
  }
  RawStore raw(dir.path());
  EXPECT_EQ(raw.All(kDefault)["schema"], "2");
  for (const auto& [key, value] : raw.All(kEntities)) {
    EXPECT_NE(key.find('\0'), std::string::npos) << key;
  }
}

// A put stores what this document says about an entity under its own key:
// the other documents' contributions are neither read back nor rewritten.
TEST(IdentityTest, EachDocumentsContributionHasItsOwnKey) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    for (const DocBuilder& d : AllDocs()) ASSERT_TRUE(store->PutDocumentRecords(d).ok());
  }
  RawStore raw(dir.path());
  std::vector<std::string> li_wen;
  for (const auto& [key, value] : raw.All(kEntities)) {
    if (key.rfind(std::string("person:li-wen") + '\0', 0) == 0) li_wen.push_back(key.substr(14));
  }
  EXPECT_EQ(li_wen, (std::vector<std::string>{"d1", "d2", "d3"}));
  store::EntityTally tally;
  ASSERT_TRUE(tally.ParseFromString(raw.All(kIndex)["en/g/person:li-wen"]));
  EXPECT_EQ(tally.contributions(), 3);
}

TEST(IdentityTest, IdsSurviveMoreDocuments) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(FrenchReport()).ok());
  const std::vector<std::string> entities = Ids(*store, false);
  const std::vector<std::string> events = Ids(*store, true);
  ASSERT_EQ(events, std::vector<std::string>{"event:2025-04-02:CN-KG:meeting"});
  // The official report adds a country and a person to the same meeting.
  ASSERT_TRUE(store->PutDocumentRecords(OfficialReport()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(EnglishReport()).ok());
  const std::vector<std::string> later_entities = Ids(*store, false);
  for (const std::string& id : entities) {
    EXPECT_NE(std::find(later_entities.begin(), later_entities.end(), id), later_entities.end())
        << id;
  }
  EXPECT_EQ(Ids(*store, true), events);
  EXPECT_EQ(store->GetEvent(events[0])->countries_size(), 3);
}

TEST(IdentityTest, SameFamilyNameDifferentGivenNameStaysApart) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(WangReport("d4")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(WangReport("d5")).ok());
  EXPECT_TRUE(store->GetEntity("person:wang-yi").ok());
  EXPECT_TRUE(store->GetEntity("person:wang-wentao").ok());
  // Each document's lone "Wang" is its own, never Wang Yi nor the other's.
  EXPECT_EQ(store->GetEntity("person:wang@d4")->mentions_size(), 1);
  EXPECT_EQ(store->GetEntity("person:wang@d5")->mentions_size(), 1);
  EXPECT_EQ(store->GetEntity("person:wang-yi")->mentions_size(), 2);
}

DocBuilder Namesake(const std::string& doc, const std::string& country) {
  DocBuilder b(doc, kText);
  b.Person("p1", "person:aset-nur", "Aset Nur", country, 0, 4);
  return b;
}

TEST(IdentityTest, NamesakesOfDifferentCountriesStayApart) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dm", "MN")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dk", "KZ")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dn", "MN")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dk2", "KZ")).ok());
  // The smallest country code keeps the plain id, whoever came first.
  absl::StatusOr<rv1::Entity> kz = store->GetEntity("person:aset-nur");
  absl::StatusOr<rv1::Entity> mn = store->GetEntity("person:aset-nur.mn");
  ASSERT_TRUE(kz.ok());
  ASSERT_TRUE(mn.ok());
  EXPECT_EQ(kz->country(), "KZ");
  EXPECT_EQ(kz->mentions_size(), 2);
  EXPECT_EQ(mn->country(), "MN");
  EXPECT_EQ(mn->mentions_size(), 2);
  // Re-putting either side changes nothing.
  const std::vector<std::string> before = SortedExport(*store);
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dk", "KZ")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dm", "MN")).ok());
  EXPECT_EQ(SortedExport(*store), before);

  // Any order gives the same store.
  TempDir other_dir;
  auto other = OpenStore(other_dir.path());
  for (const char* d : {"dk2", "dn", "dk", "dm"}) {
    const std::string doc = d;
    ASSERT_TRUE(other->PutDocumentRecords(Namesake(doc, doc[1] == 'k' ? "KZ" : "MN")).ok());
  }
  EXPECT_EQ(SortedExport(*other), before);

  // When the Kazakh namesake's documents go, the other takes the plain id.
  ASSERT_TRUE(store->PutDocumentRecords(DocBuilder("dk", kText)).ok());
  ASSERT_TRUE(store->PutDocumentRecords(DocBuilder("dk2", kText)).ok());
  EXPECT_TRUE(absl::IsNotFound(store->GetEntity("person:aset-nur.mn").status()));
  EXPECT_EQ(store->GetEntity("person:aset-nur")->country(), "MN");
  EXPECT_EQ(store->GetEntity("person:aset-nur")->mentions_size(), 2);
}

TEST(IdentityTest, NamesakeMovesTheirEventsAndOfficesToo) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder mn("dm", kText);
  mn.Person("p1", "person:aset-nur", "Aset Nur", "MN", 0, 4)
      .Person("p2", "person:li-wen", "Li Wen", "CN", 5, 9)
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-02-02", {"p1", "p2"}, {"MN", "CN"})
      .Office("p1", rv1::ROLE_AMBASSADOR, "MN", "2025-02-02");
  ASSERT_TRUE(store->PutDocumentRecords(mn).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Namesake("dk", "KZ")).ok());
  absl::StatusOr<rv1::Event> e = store->GetEvent("event:2025-02-02:CN-MN:meeting");
  ASSERT_TRUE(e.ok());
  std::vector<std::string> people;
  for (const rv1::Participant& p : e->participants()) people.push_back(p.entity());
  EXPECT_EQ(people, (std::vector<std::string>{"person:aset-nur.mn", "person:li-wen"}));
  absl::StatusOr<std::vector<rv1::Office>> offices = store->ListOffices("person:aset-nur.mn");
  ASSERT_TRUE(offices.ok());
  EXPECT_EQ(offices->size(), 1u);
  EXPECT_TRUE(store->ListOffices("person:aset-nur")->empty());
}

// The same story in two wrappers, published a day apart: the near
// duplicate resolved "mardi" against its own date, so its report lands on
// another day.
DocBuilder Original() {
  DocBuilder b("do", kText);
  b.Person("p1", "person:oskar-brandt", "Oskar Brandt", "DE", 0, 4)
      .Person("p2", "person:ines-aubrac", "Ines Aubrac", "FR", 5, 9)
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-07-15", {"p1", "p2"}, {"DE", "FR"});
  return b;
}

DocBuilder Rewrapped(const std::string& date) {
  DocBuilder b("dr", kText);
  b.records().mutable_document()->set_duplicate_of("do");
  b.Person("p1", "person:oskar-brandt", "Oskar Brandt", "DE", 0, 4)
      .Person("p2", "person:ines-aubrac", "Ines Aubrac", "FR", 5, 9)
      .Event("e1", rv1::EVENT_TYPE_MEETING, date, {"p1", "p2"}, {"DE", "FR"});
  return b;
}

TEST(IdentityTest, NearDuplicateIsListedButNotCountedTwice) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(Original()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Rewrapped("2025-07-15")).ok());
  EXPECT_EQ(store->GetDocument("dr")->duplicate_of(), "do");
  EXPECT_FALSE(store->GetDocument("do")->has_duplicate_of());
  absl::StatusOr<rv1::Event> e = store->GetEvent("event:2025-07-15:DE-FR:meeting");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->docs_size(), 2);  // both documents report it

  dragoman::query::v1::GetRelationProfileRequest pair;
  pair.add_countries("DE");
  pair.add_countries("FR");
  EXPECT_EQ(store->GetRelationProfile(pair)->event_count(), 1);

  // Another date: two events listed, one counted.
  ASSERT_TRUE(store->PutDocumentRecords(Rewrapped("2025-07-16")).ok());
  EXPECT_EQ(store->ListEvents(dragoman::query::v1::ListEventsRequest())->events_size(), 2);
  EXPECT_EQ(store->GetRelationProfile(pair)->event_count(), 1);
}

TEST(IdentityTest, NearDuplicatesJoinEventsOnTheirOwnEvidence) {
  // Same day, same story, but the copy's extraction missed a person and a
  // country: the near-duplicate link alone joins them.
  TempDir dir;
  auto store = OpenStore(dir.path());
  DocBuilder partial("dr", kText);
  partial.records().mutable_document()->set_duplicate_of("do");
  partial.Person("p1", "person:oskar-brandt", "Oskar Brandt", "", 0, 4)
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-07-15", {"p1"}, {"NL"});
  ASSERT_TRUE(store->PutDocumentRecords(Original()).ok());
  ASSERT_TRUE(store->PutDocumentRecords(partial).ok());
  absl::StatusOr<dragoman::query::v1::ListEventsResponse> all =
      store->ListEvents(dragoman::query::v1::ListEventsRequest());
  ASSERT_EQ(all->events_size(), 1);
  EXPECT_EQ(all->events(0).docs_size(), 2);
}

// The fourth strategic dialogue between two ministers, reported with its
// date by one document and without by another.
DocBuilder Dialogue(const std::string& doc, const std::string& date, int ordinal = 4,
                    const std::string& series = "Dialogue stratégique Valmerie-Castelnau") {
  DocBuilder b(doc, kText);
  b.Person("p1", "person:oskar-brandt", "Oskar Brandt", "DE", 0, 4)
      .Person("p2", "person:ines-aubrac", "Ines Aubrac", "FR", 5, 9)
      .Event("e1", rv1::EVENT_TYPE_STRATEGIC_DIALOGUE, date, {"p1", "p2"}, {"DE", "FR"});
  auto* e = b.records().mutable_events(0);
  if (!series.empty()) e->set_series(series);
  if (ordinal > 0) e->set_ordinal(ordinal);
  return b;
}

std::vector<std::string> EventSummaries(const RecordStore& store) {
  std::vector<std::string> out;
  absl::Status s = store.Export([&](const rv1::Record& r) {
    if (r.has_event()) {
      std::string docs;
      for (const std::string& d : r.event().docs()) docs += " " + d;
      out.push_back(r.event().id() + docs);
    }
    return true;
  });
  EXPECT_TRUE(s.ok());
  return out;
}

TEST(IdentityTest, UndatedReportJoinsOnSameSeriesOrdinalTypeAndPeople) {
  TempDir d1, d2;
  auto dated_first = OpenStore(d1.path());
  auto undated_first = OpenStore(d2.path());
  ASSERT_TRUE(dated_first->PutDocumentRecords(Dialogue("dd", "2025-09-03")).ok());
  ASSERT_TRUE(dated_first->PutDocumentRecords(Dialogue("du", "")).ok());
  ASSERT_TRUE(undated_first->PutDocumentRecords(Dialogue("du", "")).ok());
  ASSERT_TRUE(undated_first->PutDocumentRecords(Dialogue("dd", "2025-09-03")).ok());
  const std::vector<std::string> expected = {"event:2025-09-03:DE-FR:strategic_dialogue dd du"};
  EXPECT_EQ(EventSummaries(*dated_first), expected);
  EXPECT_EQ(EventSummaries(*undated_first), expected);
  EXPECT_EQ(SortedExport(*dated_first), SortedExport(*undated_first));

  // The dated report goes away: the undated one stands alone again.
  ASSERT_TRUE(undated_first->PutDocumentRecords(DocBuilder("dd", kText)).ok());
  EXPECT_EQ(EventSummaries(*undated_first), std::vector<std::string>{"event:undated:du:e1 du"});
}

TEST(IdentityTest, UndatedReportWithoutStrongEvidenceStaysApart) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("dd", "2025-09-03")).ok());
  // Same people and type, but another round of the series, or no series.
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("du", "", 5)).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("dv", "", 0, "")).ok());
  EXPECT_EQ(EventSummaries(*store),
            (std::vector<std::string>{"event:2025-09-03:DE-FR:strategic_dialogue dd",
                                      "event:undated:du:e1 du", "event:undated:dv:e1 dv"}));
}

TEST(IdentityTest, UndatedReportMatchingTwoDatesStaysApart) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("du", "")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("da", "2025-09-03")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Dialogue("db", "2025-09-04")).ok());
  EXPECT_EQ(EventSummaries(*store),
            (std::vector<std::string>{"event:2025-09-03:DE-FR:strategic_dialogue da",
                                      "event:2025-09-04:DE-FR:strategic_dialogue db",
                                      "event:undated:du:e1 du"}));
}

TEST(IdentityTest, UndatedNearDuplicateJoinsTheOriginalsEvent) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->PutDocumentRecords(Rewrapped("")).ok());
  ASSERT_TRUE(store->PutDocumentRecords(Original()).ok());
  EXPECT_EQ(EventSummaries(*store),
            std::vector<std::string>{"event:2025-07-15:DE-FR:meeting do dr"});
}

TEST(IdentityTest, PersonIdsAreFoldedNameKeys) {
  rv1::Entity e;
  e.set_type(rv1::ENTITY_TYPE_PERSON);
  e.set_key("person:zheenbek-kulubaev");
  EXPECT_EQ(GlobalEntityId(e), "person:jenbek-kulubaev");
  e.set_key("person:jeenbek-kouloubaev");
  EXPECT_EQ(GlobalEntityId(e), "person:jenbek-kulubaev");
  e.set_key("person:wang@d12");
  EXPECT_EQ(GlobalEntityId(e), "person:wang@d12");
  e.set_key("");
  e.set_name("Kulubaev Zheenbek Moldokanovich");
  EXPECT_EQ(GlobalEntityId(e), "person:jenbek-kulubaev");
  e.set_key("person:wang-yi");
  EXPECT_EQ(GlobalEntityId(e), "person:wang-yi");
}

}  // namespace
}  // namespace dragoman::query
