#include "services/query/globalize.h"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/names/name_key.h"
#include "gtest/gtest.h"
#include "services/query/test_records.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;
using testing::DocBuilder;

constexpr char kText[] = "Le ministre Émile Zorn a reçu son homologue à Valmont.";

TEST(GlobalizeTest, RememberedPersonIdsEqualFreshOnes) {
  // More distinct names than the per-thread memo keeps, each asked twice,
  // plus over-long ones: every id is the slug of the name's key.
  const std::vector<std::string> syllables = {"Zh", "ou", "É", "mi", "le", "kov", " ", "ä",
                                              "Jeen", "bek", "-", "ß", "yev", "Ш", "и"};
  std::mt19937 random(11);
  std::vector<std::string> names;
  for (int i = 0; i < 6000; ++i) {
    std::string name = "Al";
    const int n = 1 + static_cast<int>(random() % (i % 700 == 0 ? 120 : 6));
    for (int k = 0; k < n; ++k) name += syllables[random() % syllables.size()];
    names.push_back(name);
  }
  auto id_of = [](const std::string& name) {
    rv1::Entity e;
    e.set_type(rv1::ENTITY_TYPE_PERSON);
    e.set_name(name);
    return GlobalEntityId(e);
  };
  std::vector<std::string> fresh;  // in a thread of its own, so computed, not remembered
  std::thread([&] {
    for (const std::string& name : names) fresh.push_back(id_of(name));
  }).join();
  std::thread([&] {
    for (int round = 0; round < 3; ++round) {
      for (size_t i = 0; i < names.size(); ++i) ASSERT_EQ(id_of(names[i]), fresh[i]) << names[i];
    }
  }).join();
  // Short names give the slug of their key.
  EXPECT_EQ(id_of("Émile Zorn"), "person:" + names::NameKey::Of("Émile Zorn").Slug());
}

TEST(GlobalizeTest, RewritesLocalIdsToKeys) {
  DocBuilder b("d1", kText);
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "fr", 12, 22)
      .Place("l1", "place:valmont", "Valmont")
      .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"p1"}, {"fr", "BE"}, "l1")
      .Office("p1", rv1::ROLE_FOREIGN_MINISTER, "FR", "2025-03-04");
  absl::StatusOr<rv1::DocumentRecords> out = Globalize(b);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->entities_size(), 2);
  EXPECT_EQ(out->entities(0).id(), "person:emile-zorn");
  EXPECT_EQ(out->entities(0).country(), "FR");
  EXPECT_EQ(out->entities(0).mentions(0).doc(), "d1");
  const rv1::Event& e = out->events(0);
  EXPECT_EQ(e.id(), "e1");  // events stay local until merged
  EXPECT_EQ(e.participants(0).entity(), "person:emile-zorn");
  EXPECT_EQ(e.location(), "place:valmont");
  EXPECT_EQ(e.countries(0), "BE");
  EXPECT_EQ(e.countries(1), "FR");
  EXPECT_EQ(e.docs(0), "d1");
  EXPECT_EQ(out->offices(0).person(), "person:emile-zorn");
  EXPECT_EQ(out->offices(0).doc(), "d1");
}

TEST(GlobalizeTest, FoldsLocalDuplicatesIntoOneEntity) {
  DocBuilder b("d1", kText);
  b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", 12, 22)
      .Person("p2", "person:emile-zorn", "M. Zorn", "FR", 30, 34);
  absl::StatusOr<rv1::DocumentRecords> out = Globalize(b);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->entities_size(), 1);
  EXPECT_EQ(out->entities(0).name(), "Émile Zorn");
  ASSERT_EQ(out->entities(0).aliases_size(), 1);
  EXPECT_EQ(out->entities(0).aliases(0), "M. Zorn");
  EXPECT_EQ(out->entities(0).mentions_size(), 2);
}

TEST(GlobalizeTest, FallsBackToTypeAndSlugWithoutKey) {
  rv1::Entity e;
  e.set_type(rv1::ENTITY_TYPE_PERSON);
  e.set_name("Émile Zorn");
  EXPECT_EQ(GlobalEntityId(e), "person:emile-zorn");
  e.set_key("Person:Émile Zorn");
  EXPECT_EQ(GlobalEntityId(e), "person:emile-zorn");
  e.set_key("country:KG");
  EXPECT_EQ(GlobalEntityId(e), "country:KG");
  rv1::Entity nameless;
  EXPECT_EQ(GlobalEntityId(nameless), "");
}

TEST(GlobalizeTest, RejectsMissingDocumentId) {
  DocBuilder b("", kText);
  EXPECT_EQ(Globalize(b).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GlobalizeTest, RejectsDanglingReferences) {
  DocBuilder participant("d1", kText);
  participant.Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"p9"}, {});
  EXPECT_EQ(Globalize(participant).status().code(), absl::StatusCode::kInvalidArgument);

  DocBuilder location("d1", kText);
  location.Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {}, {}, "l9");
  EXPECT_EQ(Globalize(location).status().code(), absl::StatusCode::kInvalidArgument);

  DocBuilder office("d1", kText);
  office.Office("p9", rv1::ROLE_MINISTER, "FR", "");
  EXPECT_EQ(Globalize(office).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GlobalizeTest, RejectsBadSpansDatesCodesAndRepeatedIds) {
  DocBuilder span("d1", "court");
  span.Person("p1", "person:x", "X", "", 2, 99);
  EXPECT_EQ(Globalize(span).status().code(), absl::StatusCode::kInvalidArgument);

  DocBuilder date("d1", kText);
  date.Event("e1", rv1::EVENT_TYPE_MEETING, "4 mars 2025", {}, {});
  EXPECT_EQ(Globalize(date).status().code(), absl::StatusCode::kInvalidArgument);

  DocBuilder code("d1", kText);
  code.Event("e1", rv1::EVENT_TYPE_MEETING, "2025", {}, {"FRA"});
  EXPECT_EQ(Globalize(code).status().code(), absl::StatusCode::kInvalidArgument);

  DocBuilder repeated("d1", kText);
  repeated.Person("p1", "person:x", "X", "").Person("p1", "person:y", "Y", "");
  EXPECT_EQ(Globalize(repeated).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GlobalizeTest, SpanOffsetsCountCodePointsNotBytes) {
  // 5 code points, 7 bytes.
  DocBuilder b("d1", "ÉtÉ !");
  b.Person("p1", "person:x", "X", "", 0, 5);
  EXPECT_TRUE(Globalize(b).ok());
  b.records().mutable_entities(0)->mutable_mentions(0)->set_end(6);
  EXPECT_FALSE(Globalize(b).ok());
}

TEST(IsPartialDateTest, AcceptsOnlyIsoPrefixes) {
  EXPECT_TRUE(IsPartialDate("2025"));
  EXPECT_TRUE(IsPartialDate("2025-11"));
  EXPECT_TRUE(IsPartialDate("2025-11-20"));
  EXPECT_FALSE(IsPartialDate("2025-13"));
  EXPECT_FALSE(IsPartialDate("2025-11-32"));
  EXPECT_FALSE(IsPartialDate("25-11-20"));
  EXPECT_FALSE(IsPartialDate("2025/11/20"));
  EXPECT_FALSE(IsPartialDate(""));
}

}  // namespace
}  // namespace dragoman::query
