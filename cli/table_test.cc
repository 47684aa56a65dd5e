#include "cli/table.h"

#include <gtest/gtest.h>

#include "absl/strings/str_split.h"

namespace dragoman::cli {
namespace {

TEST(FormatColumnsTest, AlignsByCodePointsWithoutTrailingBlanks) {
  const std::string out = FormatColumns({{"NAME", "X"}, {"Pékin", "1"}, {"Astana", "22"}});
  EXPECT_EQ(out,
            "NAME    X\n"
            "Pékin   1\n"
            "Astana  22\n");
}

TEST(FormatOfficesTest, NamesPersonsAndOrganizations) {
  dragoman::query::v1::ListOfficesResponse response;
  auto* o = response.add_offices();
  o->set_person("person:murat-nurtleu");
  o->set_role(dragoman::records::v1::ROLE_DEPUTY_HEAD_OF_GOVERNMENT);
  o->set_country("KZ");
  o->set_as_of("2025-03-14");
  o->set_doc("d1");
  auto* sg = response.add_offices();
  sg->set_person("person:unknown");
  sg->set_role(dragoman::records::v1::ROLE_SECRETARY_GENERAL);
  sg->set_organization("org:sco");
  sg->set_doc("d2");
  auto* e = response.add_referenced_entities();
  e->set_id("person:murat-nurtleu");
  e->set_name("Murat Nurtleu");
  e = response.add_referenced_entities();
  e->set_id("org:sco");
  e->set_name("Shanghai Cooperation Organisation");
  std::vector<std::string> lines =
      absl::StrSplit(FormatOffices(response), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("AS OF", 0), 0u);
  EXPECT_NE(lines[1].find("2025-03-14  deputy_head_of_government  KZ"), std::string::npos);
  EXPECT_NE(lines[1].find("Murat Nurtleu"), std::string::npos);
  EXPECT_EQ(lines[2].rfind("-", 0), 0u);  // undated
  EXPECT_NE(lines[2].find("Shanghai Cooperation Organisation"), std::string::npos);
  EXPECT_NE(lines[2].find("person:unknown"), std::string::npos);
  EXPECT_EQ(lines[3], "2 offices");
}

TEST(FormatOfficesTest, HoldersFirstThenCitedOffices) {
  dragoman::query::v1::ListOfficesResponse response;
  auto* h = response.add_holders();
  h->set_person("person:aset-nur");
  h->set_role(dragoman::records::v1::ROLE_FOREIGN_MINISTER);
  h->set_country("KZ");
  h->set_first_seen("2023-05-02");
  h->set_last_seen("2024-01-10");
  h->set_documents(2);
  auto* o = response.add_offices();
  o->set_person("person:aset-nur");
  o->set_role(dragoman::records::v1::ROLE_FOREIGN_MINISTER);
  o->set_country("KZ");
  o->set_as_of("2023-05-02");
  o->set_doc("d1");
  auto* c = response.add_citations();
  c->set_doc("d1");
  c->set_uri("notes/astana.txt");
  c->set_sentence("Aset Nur dirige la diplomatie kazakhe.");
  auto* e = response.add_referenced_entities();
  e->set_id("person:aset-nur");
  e->set_name("Aset Nur");
  const std::string out = FormatOffices(response);
  std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 6u) << out;
  EXPECT_EQ(lines[0].rfind("PERSON", 0), 0u);
  EXPECT_NE(lines[1].find("Aset Nur  foreign_minister  KZ       2023-05-02  2024-01-10  2"),
            std::string::npos)
      << lines[1];
  EXPECT_EQ(lines[2].rfind("AS OF", 0), 0u);
  EXPECT_EQ(lines[4], "1 office");
  EXPECT_EQ(lines[5], "evidence:");
  EXPECT_EQ(lines[6], "  2023-05-02  Aset Nur  [notes/astana.txt] Aset Nur dirige la diplomatie kazakhe.");
}

TEST(FormatEntitiesTest, ListsAliases) {
  dragoman::query::v1::FindEntitiesResponse response;
  auto* e = response.add_entities();
  e->set_id("place:beijing");
  e->set_type(dragoman::records::v1::ENTITY_TYPE_PLACE);
  e->set_name("Beijing");
  e->set_country("CN");
  e->add_aliases("Pékin");
  e->add_aliases("Pekin");
  std::vector<std::string> lines =
      absl::StrSplit(FormatEntities(response), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "place:beijing  place  Beijing  CN       Pékin; Pekin");
  EXPECT_EQ(lines[2], "1 entity");
}

}  // namespace
}  // namespace dragoman::cli
