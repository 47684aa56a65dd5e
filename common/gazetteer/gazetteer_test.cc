#include "common/gazetteer/gazetteer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "common/text/unicode.h"
#include "gtest/gtest.h"

namespace dragoman::gazetteer {
namespace {

LoadOptions Options(const std::string& dir) {
  LoadOptions o;
  o.data_dir = dir;
  return o;
}

const Gazetteer& Real() {
  static const Gazetteer* g = [] {
    auto loaded = Gazetteer::Load(Options(DRAGOMAN_GAZETTEER_DIR));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return *g;
}

bool HasForm(const Entry& e, const std::string& form) {
  if (e.name == form) return true;
  for (const auto& a : e.aliases) if (a == form) return true;
  for (const auto& a : e.adjectives) if (a == form) return true;
  return false;
}

TEST(GazetteerTest, RealDataHoldsInvariants) {
  const Gazetteer& g = Real();
  absl::flat_hash_set<std::string> ids;
  int countries = 0;
  for (const Entry& e : g.entries()) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate " << e.id;
    EXPECT_FALSE(e.name.empty()) << e.id;
    for (const auto& a : e.aliases) EXPECT_FALSE(a.empty()) << e.id;
    if (!e.country.empty()) EXPECT_TRUE(g.IsCountryCode(e.country)) << e.id;
    switch (e.kind) {
      case Kind::kCountry:
        ++countries;
        EXPECT_TRUE(absl::StartsWith(e.id, "country:"));
        EXPECT_EQ(e.country.size(), 2u);
        break;
      case Kind::kPlace: EXPECT_TRUE(absl::StartsWith(e.id, "place:")); break;
      case Kind::kOrganization: EXPECT_TRUE(absl::StartsWith(e.id, "org:")); break;
      case Kind::kPerson:
        EXPECT_TRUE(absl::StartsWith(e.id, "person:"));
        EXPECT_EQ(e.id, "person:" + text::Slug(e.name)) << "id should be the slug of the name";
        for (auto r : e.roles) EXPECT_NE(r, records::v1::ROLE_UNSPECIFIED);
        break;
    }
  }
  EXPECT_GE(countries, 249);  // all of ISO 3166-1
  EXPECT_GT(g.role_titles().size(), 40u);
  for (const RoleTitle& t : g.role_titles()) {
    EXPECT_NE(t.role, records::v1::ROLE_UNSPECIFIED) << t.title;
  }
}

TEST(GazetteerTest, CountriesCarryIsoFrenchAndShortForms) {
  const Gazetteer& g = Real();
  const Entry* kg = g.Find("country:KG");
  ASSERT_NE(kg, nullptr);
  EXPECT_EQ(kg->country, "KG");
  EXPECT_TRUE(HasForm(*kg, "Kyrgyzstan"));
  EXPECT_TRUE(HasForm(*kg, "Kirghizistan"));
  EXPECT_TRUE(HasForm(*kg, "kirghize"));
  // A French name that comes only from the iso-codes catalogue.
  const Entry* de = g.Find("country:DE");
  ASSERT_NE(de, nullptr);
  EXPECT_TRUE(HasForm(*de, "Allemagne"));
  const Entry* bt = g.Find("country:BT");
  ASSERT_NE(bt, nullptr);
  EXPECT_TRUE(HasForm(*bt, "Bhoutan"));
  // ISO names that are common words stay for display but never match.
  const Entry* ge = g.Find("country:GE");
  ASSERT_NE(ge, nullptr);
  EXPECT_EQ(ge->never_match, std::vector<std::string>{"Georgia"});
  // Regions below country level are places, not countries.
  EXPECT_FALSE(g.Find("country:HK")->matchable);
  EXPECT_NE(g.Find("place:hong-kong"), nullptr);
  EXPECT_TRUE(g.IsCountryCode("VN"));
  EXPECT_FALSE(g.IsCountryCode("XX"));
}

TEST(GazetteerTest, PersonsPlacesOrganizations) {
  const Gazetteer& g = Real();
  const Entry* k = g.Find("person:zheenbek-kulubaev");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->country, "KG");
  EXPECT_TRUE(HasForm(*k, "Jeenbek Kouloubaev"));
  const Entry* astana = g.Find("place:astana");
  ASSERT_NE(astana, nullptr);
  EXPECT_TRUE(HasForm(*astana, "Nur-Sultan"));
  const Entry* sco = g.Find("org:sco");
  ASSERT_NE(sco, nullptr);
  EXPECT_TRUE(HasForm(*sco, "OCS"));
  EXPECT_EQ(g.Find("person:nobody"), nullptr);
}

class BadDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gazetteer_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* f : {"countries.tsv", "places.tsv", "organizations.tsv",
                          "persons.tsv", "roles.tsv"}) {
      std::filesystem::copy_file(std::filesystem::path(DRAGOMAN_GAZETTEER_DIR) / f,
                                 dir_ / f);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Append(const char* file, const std::string& line) {
    std::ofstream(dir_ / file, std::ios::app) << line << "\n";
  }
  absl::Status Load() {
    return Gazetteer::Load(Options(dir_.string())).status();
  }
  std::filesystem::path dir_;
};

TEST_F(BadDataTest, CopyLoads) { EXPECT_TRUE(Load().ok()); }

TEST_F(BadDataTest, DuplicateIdFails) {
  Append("places.tsv", "place:paris\tFR\tParis again");
  absl::Status s = Load();
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "duplicate id")) << s;
}

TEST_F(BadDataTest, UnknownCountryFails) {
  Append("places.tsv", "place:atlantis\tXX\tAtlantis");
  EXPECT_FALSE(Load().ok());
}

TEST_F(BadDataTest, UnknownRoleFails) {
  Append("roles.tsv", "emperor\tfr\tempereur");
  EXPECT_FALSE(Load().ok());
}

TEST_F(BadDataTest, WrongFieldCountNamesTheLine) {
  Append("organizations.tsv", "org:lonely");
  absl::Status s = Load();
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "organizations.tsv:")) << s;
}

TEST_F(BadDataTest, MissingDirectoryFails) {
  EXPECT_FALSE(Gazetteer::Load(Options((dir_ / "nope").string())).ok());
}

}  // namespace
}  // namespace dragoman::gazetteer
