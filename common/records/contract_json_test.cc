#include "common/records/contract_json.h"

#include <nlohmann/json.hpp>

#include "gtest/gtest.h"

namespace dragoman::records {
namespace {

namespace v1 = dragoman::records::v1;
using nlohmann::json;

TEST(ContractJsonTest, DocumentUnknownsAreNull) {
  v1::Record r;
  r.mutable_document()->set_id("d1");
  r.mutable_document()->set_uri("samples/a.txt");
  r.mutable_document()->set_language("fr");
  json j = json::parse(ToContractJson(r));
  EXPECT_EQ(j["kind"], "document");
  EXPECT_EQ(j["uri"], "samples/a.txt");
  EXPECT_TRUE(j["title"].is_null());
  EXPECT_TRUE(j["published"].is_null());
  EXPECT_TRUE(j["duplicate_of"].is_null());
}

TEST(ContractJsonTest, EventCarriesCodesAndOrdinal) {
  v1::Record r;
  v1::Event* e = r.mutable_event();
  e->set_id("ev1");
  e->set_type(v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  e->set_date("2025-11-19");
  e->set_ordinal(4);
  v1::Participant* p = e->add_participants();
  p->set_entity("person:wang-yi");
  p->set_role(v1::ROLE_FOREIGN_MINISTER);
  p->set_country("CN");
  e->add_docs("d1");
  json j = json::parse(ToContractJson(r));
  EXPECT_EQ(j["type"], "strategic_dialogue");
  EXPECT_EQ(j["ordinal"], 4);
  EXPECT_TRUE(j["location"].is_null());
  EXPECT_EQ(j["participants"][0]["role"], "foreign_minister");
  EXPECT_EQ(j["docs"][0], "d1");
}

TEST(ContractJsonTest, EntityKeepsUnicodeNamesAndMentions) {
  v1::Record r;
  v1::Entity* e = r.mutable_entity();
  e->set_id("place:bishkek");
  e->set_type(v1::ENTITY_TYPE_PLACE);
  e->set_name("Bishkek");
  e->add_aliases("Bichkek");
  e->set_country("KG");
  v1::Span* m = e->add_mentions();
  m->set_doc("d1");
  m->set_start(3);
  m->set_end(10);
  const std::string line = ToContractJson(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  json j = json::parse(line);
  EXPECT_EQ(j["type"], "place");
  EXPECT_EQ(j["country"], "KG");
  EXPECT_EQ(j["mentions"][0]["end"], 10);
}

}  // namespace
}  // namespace dragoman::records
