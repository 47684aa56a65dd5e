#include "cli/event_table.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_split.h"

namespace dragoman::cli {
namespace {

using dragoman::records::v1::Entity;
using dragoman::records::v1::Event;

dragoman::query::v1::ListEventsResponse Page() {
  dragoman::query::v1::ListEventsResponse page;
  Event* e = page.add_events();
  e->set_id("event:1");
  e->set_type(dragoman::records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  e->set_date("2025-03-14");
  e->set_location("place:astana");
  e->set_ordinal(3);
  e->add_countries("CN");
  e->add_countries("KZ");
  auto* p = e->add_participants();
  p->set_entity("person:wang-yi");
  p->set_role(dragoman::records::v1::ROLE_FOREIGN_MINISTER);
  p->set_country("CN");
  p = e->add_participants();
  p->set_entity("person:unknown");
  Event* bare = page.add_events();
  bare->set_id("event:2");
  bare->set_type(dragoman::records::v1::EVENT_TYPE_PHONE_CALL);
  Entity* wang = page.add_referenced_entities();
  wang->set_id("person:wang-yi");
  wang->set_name("Wang Yi");
  Entity* astana = page.add_referenced_entities();
  astana->set_id("place:astana");
  astana->set_name("Astana");
  return page;
}

TEST(EventListingTest, DescribesParticipantsByNameRoleAndCountry) {
  EventListing listing;
  listing.AddPage(Page());
  const Event& e = listing.events()[0];
  EXPECT_EQ(listing.DescribeParticipant(e.participants(0)), "Wang Yi (foreign_minister, CN)");
  // Unknown entity: the id stands in; no role, no parentheses.
  EXPECT_EQ(listing.DescribeParticipant(e.participants(1)), "person:unknown");
}

TEST(EventListingTest, TableHasHeaderOneRowPerEventAndCount) {
  EventListing listing;
  listing.AddPage(Page());
  listing.AddPage(dragoman::query::v1::ListEventsResponse());
  const std::string table = listing.FormatTable();
  std::vector<std::string> lines = absl::StrSplit(table, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << table;
  EXPECT_EQ(lines[0].rfind("DATE", 0), 0u);
  EXPECT_NE(lines[1].find("2025-03-14"), std::string::npos);
  EXPECT_NE(lines[1].find("strategic_dialogue #3"), std::string::npos);
  EXPECT_NE(lines[1].find("Astana"), std::string::npos);
  EXPECT_NE(lines[1].find("Wang Yi (foreign_minister, CN); person:unknown"), std::string::npos);
  EXPECT_NE(lines[1].find("CN,KZ"), std::string::npos);
  EXPECT_EQ(lines[2].rfind("-", 0), 0u);  // no date
  EXPECT_NE(lines[2].find("phone_call"), std::string::npos);
  EXPECT_EQ(lines[3], "2 events");
  // Columns line up: TYPE starts at the same offset in every row.
  EXPECT_EQ(lines[0].find("TYPE"), lines[1].find("strategic_dialogue"));
}

TEST(EventListingTest, AlignsColumnsByCodePoints) {
  dragoman::query::v1::ListEventsResponse page;
  for (const char* place : {"Douchanbé", "Bichkek"}) {
    Event* e = page.add_events();
    e->set_type(dragoman::records::v1::EVENT_TYPE_MEETING);
    e->set_location(place);  // no entity sent: the id is printed
  }
  EventListing listing;
  listing.AddPage(page);
  std::vector<std::string> lines = absl::StrSplit(listing.FormatTable(), '\n');
  // "é" is two bytes, so the first row is one byte longer up to COUNTRIES.
  EXPECT_EQ(lines[1].find(" -  "), lines[2].find(" -  ") + 1);
  EXPECT_EQ(lines[0].find("COUNTRIES"), lines[2].find(" -  ") + 1);
}

TEST(EventListingTest, JsonLinesResolveNamesAndKeepNulls) {
  EventListing listing;
  listing.AddPage(Page());
  std::vector<std::string> lines =
      absl::StrSplit(listing.FormatJsonLines(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  const nlohmann::json first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["type"], "strategic_dialogue");
  EXPECT_EQ(first["date"], "2025-03-14");
  EXPECT_EQ(first["location"], "Astana");
  EXPECT_EQ(first["ordinal"], 3);
  EXPECT_EQ(first["participants"][0]["name"], "Wang Yi");
  EXPECT_EQ(first["participants"][0]["role"], "foreign_minister");
  EXPECT_EQ(first["countries"], nlohmann::json({"CN", "KZ"}));
  const nlohmann::json second = nlohmann::json::parse(lines[1]);
  EXPECT_TRUE(second["date"].is_null());
  EXPECT_TRUE(second["location"].is_null());
  EXPECT_TRUE(second["ordinal"].is_null());
}

}  // namespace
}  // namespace dragoman::cli
