#include "services/query/merge.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;

EventReport Report(const std::string& doc, const std::string& local, rv1::EventType type,
                   const std::string& date, std::vector<std::string> people,
                   std::vector<std::string> countries) {
  EventReport r;
  r.doc = doc;
  r.event.set_id(local);
  r.event.set_type(type);
  if (!date.empty()) r.event.set_date(date);
  for (const std::string& p : people) r.event.add_participants()->set_entity(p);
  std::sort(countries.begin(), countries.end());
  for (const std::string& c : countries) r.event.add_countries(c);
  r.event.add_docs(doc);
  return r;
}

TEST(MergeEventReportsTest, SameMeetingFromTwoDocumentsIsOneEvent) {
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"person:a", "person:b"},
             {"FR", "KZ"}),
      Report("dB", "e7", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"person:b", "person:a"},
             {"KZ", "FR"}),
  });
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id(), "event:2025-03-04:FR-KZ:meeting");
  ASSERT_EQ(events[0].docs_size(), 2);
  EXPECT_EQ(events[0].docs(0), "dA");
  EXPECT_EQ(events[0].docs(1), "dB");
  EXPECT_EQ(events[0].participants_size(), 2);
}

TEST(MergeEventReportsTest, ResultDoesNotDependOnInputOrder) {
  std::vector<EventReport> reports = {
      Report("dA", "e1", rv1::EVENT_TYPE_SUMMIT, "2025-06-17", {"person:a", "person:b", "person:c"},
             {"CN", "KZ", "KG"}),
      Report("dB", "e1", rv1::EVENT_TYPE_MULTILATERAL_MEETING, "2025-06-17",
             {"person:a", "person:b"}, {"CN", "KZ"}),
      Report("dC", "e2", rv1::EVENT_TYPE_MEETING, "2025-06-17", {"person:a", "person:b"},
             {"CN", "KZ"}),
  };
  std::vector<rv1::Event> forward = MergeEventReports(reports);
  std::reverse(reports.begin(), reports.end());
  std::vector<rv1::Event> backward = MergeEventReports(reports);
  ASSERT_EQ(forward.size(), backward.size());
  for (size_t i = 0; i < forward.size(); ++i) {
    EXPECT_EQ(forward[i].SerializeAsString(), backward[i].SerializeAsString());
  }
  // Summit + multilateral meeting merge; the bilateral meeting stays apart.
  ASSERT_EQ(forward.size(), 2u);
}

TEST(MergeEventReportsTest, SameDayMeetingsWithDifferentCounterpartsStayApart) {
  // One host meets two guests on the same day; each document reports one.
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_MEETING, "2025-05", {"person:host", "person:guest1"},
             {"FR", "VN"}),
      Report("dB", "e1", rv1::EVENT_TYPE_MEETING, "2025-05", {"person:host", "person:guest2"},
             {"FR", "VN"}),
  });
  ASSERT_EQ(events.size(), 2u);
  // Same base id, so both get their participants appended.
  EXPECT_EQ(events[0].id(), "event:2025-05:FR-VN:meeting:guest1-host");
  EXPECT_EQ(events[1].id(), "event:2025-05:FR-VN:meeting:guest2-host");
}

TEST(MergeEventReportsTest, MultilateralReportsNeedOneSharedPerson) {
  // Each outlet names its own minister and the host.
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_MULTILATERAL_MEETING, "2025-07-15",
             {"person:host", "person:a", "person:b"}, {"CN", "RU", "IN"}),
      Report("dB", "e1", rv1::EVENT_TYPE_MULTILATERAL_MEETING, "2025-07-15",
             {"person:host", "person:c"}, {"CN", "TJ"}),
  });
  ASSERT_EQ(events.size(), 1u);
  // The id names what both reports agree on; the union is in countries.
  EXPECT_EQ(events[0].id(), "event:2025-07-15:CN:multilateral");
  EXPECT_EQ(events[0].countries_size(), 4);
}

TEST(MergeEventReportsTest, IdDoesNotChangeWhenALaterReportAddsACountryOrPerson) {
  const EventReport first = Report("dB", "e1", rv1::EVENT_TYPE_MEETING, "2025-04-02",
                                   {"person:host", "person:guest"}, {"CN", "KG"});
  const EventReport wider =
      Report("dA", "e7", rv1::EVENT_TYPE_MEETING, "2025-04-02",
             {"person:host", "person:guest", "person:aide"}, {"CN", "KG", "UZ"});
  std::vector<rv1::Event> alone = MergeEventReports({first});
  std::vector<rv1::Event> both = MergeEventReports({first, wider});
  ASSERT_EQ(alone.size(), 1u);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(alone[0].id(), "event:2025-04-02:CN-KG:meeting");
  EXPECT_EQ(both[0].id(), alone[0].id());
  EXPECT_EQ(both[0].countries_size(), 3);
  EXPECT_EQ(both[0].docs_size(), 2);
}

TEST(MergeEventReportsTest, SummitAndMultilateralReportsShareTheIdWord) {
  std::vector<rv1::Event> summit = MergeEventReports(
      {Report("dA", "e1", rv1::EVENT_TYPE_SUMMIT, "2025-06-17", {"person:host"}, {"CN", "KZ"})});
  std::vector<rv1::Event> both = MergeEventReports(
      {Report("dA", "e1", rv1::EVENT_TYPE_SUMMIT, "2025-06-17", {"person:host"}, {"CN", "KZ"}),
       Report("dB", "e1", rv1::EVENT_TYPE_MULTILATERAL_MEETING, "2025-06-17", {"person:host"},
              {"CN", "KZ"}),
       Report("dC", "e1", rv1::EVENT_TYPE_MULTILATERAL_MEETING, "2025-06-17", {"person:host"},
              {"CN", "KZ"})});
  ASSERT_EQ(summit.size(), 1u);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].type(), rv1::EVENT_TYPE_MULTILATERAL_MEETING);  // most reports say so
  EXPECT_EQ(both[0].id(), summit[0].id());
}

TEST(MergeEventReportsTest, DifferentCountryPairsStayApart) {
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_MEETING, "2024-12-01", {"person:host", "person:x"},
             {"CN", "KZ"}),
      Report("dB", "e1", rv1::EVENT_TYPE_MEETING, "2024-12-01", {"person:host"}, {"CN", "KG"}),
  });
  EXPECT_EQ(events.size(), 2u);
}

TEST(MergeEventReportsTest, DifferentDaysAndTypesStayApart) {
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"person:a", "person:b"}, {"FR"}),
      Report("dB", "e1", rv1::EVENT_TYPE_MEETING, "2025-03-05", {"person:a", "person:b"}, {"FR"}),
      Report("dC", "e1", rv1::EVENT_TYPE_PHONE_CALL, "2025-03-04", {"person:a", "person:b"},
             {"FR"}),
  });
  EXPECT_EQ(events.size(), 3u);
}

TEST(MergeEventReportsTest, NeverMergesTwoReportsOfOneDocument) {
  // dB's meeting matches both of dA's events (a visit and a meeting of the
  // same people); it joins the meeting, the visit stays separate.
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_VISIT, "2025-06-16", {"person:a", "person:b"},
             {"CN", "KZ"}),
      Report("dA", "e2", rv1::EVENT_TYPE_MEETING, "2025-06-16", {"person:a", "person:b"},
             {"CN", "KZ"}),
      Report("dB", "e1", rv1::EVENT_TYPE_UNSPECIFIED, "2025-06-16", {"person:a", "person:b"},
             {"CN", "KZ"}),
  });
  ASSERT_EQ(events.size(), 2u);
  int with_two_docs = 0;
  for (const rv1::Event& e : events) with_two_docs += e.docs_size() == 2;
  EXPECT_EQ(with_two_docs, 1);
}

TEST(MergeEventReportsTest, UndatedReportsStayPerDocument) {
  std::vector<rv1::Event> events = MergeEventReports({
      Report("dA", "e1", rv1::EVENT_TYPE_PHONE_CALL, "", {"person:a", "person:b"}, {"AZ", "TR"}),
      Report("dB", "e1", rv1::EVENT_TYPE_PHONE_CALL, "", {"person:a", "person:b"}, {"AZ", "TR"}),
  });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id(), "event:undated:dA:e1");
  EXPECT_EQ(events[1].id(), "event:undated:dB:e1");
}

TEST(MergeEventReportsTest, FirstDocumentWinsForLocationSeriesOrdinal) {
  EventReport a = Report("dB", "e1", rv1::EVENT_TYPE_STRATEGIC_DIALOGUE, "2025-11-19",
                         {"person:a", "person:b"}, {"CN", "KG"});
  a.event.set_location("place:later");
  a.event.set_ordinal(5);
  EventReport b = Report("dA", "e1", rv1::EVENT_TYPE_STRATEGIC_DIALOGUE, "2025-11-19",
                         {"person:a", "person:b"}, {"CN", "KG"});
  b.event.set_location("place:first");
  b.event.add_agreements("Plan de travail");
  a.event.add_agreements("plan de travail");
  std::vector<rv1::Event> events = MergeEventReports({a, b});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].location(), "place:first");
  EXPECT_EQ(events[0].ordinal(), 5);
  EXPECT_EQ(events[0].agreements_size(), 1);  // folded duplicates collapse
}

TEST(MergeEntityTest, UnionsAliasesAndPicksTheCommonName) {
  store::StoredEntity stored;
  stored.set_id("person:emile-zorn");
  auto* a = stored.add_contributions();
  a->set_doc("d2");
  a->set_type(rv1::ENTITY_TYPE_PERSON);
  a->set_name("Emile Zorn");
  a->add_aliases("M. Zorn");
  auto* b = stored.add_contributions();
  b->set_doc("d1");
  b->set_type(rv1::ENTITY_TYPE_PERSON);
  b->set_name("Émile Zorn");
  b->set_country("FR");
  auto* m = b->add_mentions();
  m->set_doc("d1");
  rv1::Entity e = MergeEntity(stored);
  // One vote each: the longer (accented) spelling wins, the other is an alias.
  EXPECT_EQ(e.name(), "Émile Zorn");
  ASSERT_EQ(e.aliases_size(), 2);
  EXPECT_EQ(e.aliases(0), "Emile Zorn");
  EXPECT_EQ(e.aliases(1), "M. Zorn");
  EXPECT_EQ(e.country(), "FR");
  EXPECT_EQ(e.type(), rv1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(e.mentions_size(), 1);
}

// The store keeps a tally per entity and adds or withdraws one document's
// contribution at a time; the summary it derives must be MergeEntity of the
// contributions left, whatever came and went before.
TEST(EntityTallyTest, SummaryEqualsMergeOfTheRemainingContributions) {
  const std::vector<std::string> names = {"", "Aset Nur", "Asset Nour", "Äset Nur", "A. Nur"};
  const std::vector<std::string> countries = {"", "KZ", "MN"};
  const std::vector<rv1::EntityType> types = {rv1::ENTITY_TYPE_UNSPECIFIED,
                                              rv1::ENTITY_TYPE_PERSON, rv1::ENTITY_TYPE_PLACE};
  uint64_t state = 12345;
  auto next = [&](size_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % n);
  };
  for (int round = 0; round < 200; ++round) {
    std::map<std::string, store::EntityContribution> present;  // doc -> contribution
    store::EntityTally tally;
    for (int step = 0; step < 12; ++step) {
      const std::string doc = absl::StrCat("d", next(6));
      if (auto it = present.find(doc); it != present.end()) {
        AddToTally(it->second, -1, &tally);
        present.erase(it);
        if (next(2) == 0) continue;  // withdrawn only
      }
      store::EntityContribution c;
      c.set_doc(doc);
      c.set_name(names[next(names.size())]);
      for (size_t a = next(3); a > 0; --a) c.add_aliases(names[next(names.size())]);
      const std::string& country = countries[next(countries.size())];
      if (!country.empty() || next(2) == 0) c.set_country(country);
      c.set_type(types[next(types.size())]);
      AddToTally(c, 1, &tally);
      present[doc] = c;

      store::StoredEntity stored;
      stored.set_id("person:aset-nur");
      for (const auto& [d, contribution] : present) *stored.add_contributions() = contribution;
      rv1::Entity merged = MergeEntity(stored);
      merged.clear_mentions();
      EXPECT_EQ(MergeTally("person:aset-nur", tally).SerializeAsString(),
                merged.SerializeAsString())
          << "round " << round << " step " << step;
      EXPECT_EQ(tally.contributions(), static_cast<int>(present.size()));
    }
  }
}

}  // namespace
}  // namespace dragoman::query

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;

EventReport Round(const std::string& doc, const std::string& date, int ordinal,
                  std::vector<std::string> people = {"person:a", "person:b"}) {
  EventReport r;
  r.doc = doc;
  r.event.set_id("e1");
  r.event.set_type(rv1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  if (!date.empty()) r.event.set_date(date);
  for (const std::string& p : people) r.event.add_participants()->set_entity(p);
  r.event.set_series("Dialogue stratégique A-B");
  r.event.set_ordinal(ordinal);
  return r;
}

TEST(UndatedJoinsTest, NeedsSeriesOrdinalTypeAndTheSamePeople) {
  const EventReport dated = Round("dA", "2025-09-03", 4);
  EXPECT_TRUE(UndatedJoins(Round("dB", "", 4), dated));
  EXPECT_FALSE(UndatedJoins(Round("dB", "", 5), dated));                // ordinal
  EXPECT_FALSE(UndatedJoins(Round("dB", "", 4, {"person:a"}), dated));  // people
  EXPECT_FALSE(UndatedJoins(Round("dB", "", 4, {"person:a", "person:c"}), dated));
  EventReport other_type = Round("dB", "", 4);
  other_type.event.set_type(rv1::EVENT_TYPE_MEETING);
  EXPECT_FALSE(UndatedJoins(other_type, dated));
  EventReport no_series = Round("dB", "", 4);
  no_series.event.clear_series();
  EXPECT_FALSE(UndatedJoins(no_series, dated));
  EXPECT_FALSE(UndatedJoins(Round("dA", "", 4), dated));            // same document
  EXPECT_FALSE(UndatedJoins(Round("dB", "2025-09-04", 4), dated));  // not undated
}

TEST(UndatedJoinsTest, NearDuplicateDocumentsAreEvidenceEnough) {
  EventReport dated = Round("dA", "2025-09-03", 4);
  dated.event.clear_series();
  dated.event.clear_ordinal();
  EventReport copy = dated;
  copy.doc = "dB";
  copy.event.clear_date();
  EXPECT_FALSE(UndatedJoins(copy, dated));
  copy.duplicate_of = "dA";
  EXPECT_TRUE(UndatedJoins(copy, dated));
  EventReport sibling = copy;  // both copies of a third document
  sibling.doc = "dC";
  sibling.duplicate_of = "dZ";
  dated.duplicate_of = "dZ";
  EXPECT_TRUE(UndatedJoins(sibling, dated));
  sibling.event.clear_participants();
  sibling.event.add_participants()->set_entity("person:z");
  EXPECT_FALSE(UndatedJoins(sibling, dated));  // nobody in common
}

}  // namespace
}  // namespace dragoman::query

namespace dragoman::query {
namespace {

TEST(BorrowedDateTest, JoinsButDoesNotReshapeTheIdAndAloneStaysUndated) {
  EventReport dated = Round("dA", "2025-09-03", 4);
  dated.event.add_countries("DE");
  dated.event.add_countries("FR");
  EventReport borrowed = Round("dB", "2025-09-03", 4);
  borrowed.borrowed_date = true;
  borrowed.event.add_countries("DE");
  std::vector<dragoman::records::v1::Event> both = MergeEventReports({dated, borrowed});
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].id(), "event:2025-09-03:DE-FR:strategic_dialogue");
  EXPECT_EQ(both[0].docs_size(), 2);
  std::vector<dragoman::records::v1::Event> alone = MergeEventReports({borrowed});
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].id(), "event:undated:dB:e1");
  EXPECT_FALSE(alone[0].has_date());
}

}  // namespace
}  // namespace dragoman::query
