#include "common/gazetteer/gazetteer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <algorithm>

#include <unistd.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "common/records/codes.h"
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
  // ISO names that are common words stay for display but never match;
  // those that are also person names match only when guarded.
  EXPECT_FALSE(HasForm(*g.Find("country:MU"), "Maurice"));  // a first name
  EXPECT_TRUE(HasForm(*g.Find("country:MU"), "mauricien"));
  const Entry* ge = g.Find("country:GE");
  ASSERT_NE(ge, nullptr);
  EXPECT_TRUE(ge->never_match.empty());
  EXPECT_EQ(ge->guarded, std::vector<std::string>{"Georgia"});
  EXPECT_EQ(g.Find("country:JO")->guarded, std::vector<std::string>{"Jordan"});
  // Regions below country level are places, not countries.
  EXPECT_FALSE(g.Find("country:HK")->matchable);
  EXPECT_NE(g.Find("place:hong-kong"), nullptr);
  EXPECT_TRUE(g.IsCountryCode("VN"));
  EXPECT_FALSE(g.IsCountryCode("XX"));
}

// Sovereign states and territories with no demonym in use; the rest of
// ISO 3166-1 must have French and English adjectives.
bool HasNoDemonym(const std::string& code) {
  static const absl::flat_hash_set<std::string> kNone = {
      "AQ", "TF", "BV", "HM", "GS", "UM", "IO", "SJ", "CC", "CX", "NF", "PN", "CK",
      "SH", "TC", "VG", "VI", "BL", "MF", "SX", "CG", "HK", "TW", "MO"};
  return kNone.contains(code);
}

TEST(DemonymTest, EveryCountryHasAdjectives) {
  const Gazetteer& g = Real();
  int with_english = 0;
  for (const Entry& e : g.entries()) {
    if (e.kind != Kind::kCountry || HasNoDemonym(e.country)) continue;
    EXPECT_FALSE(e.adjectives.empty()) << e.id;
    bool english = false;
    for (const std::string& a : e.adjectives) {
      // Capitalized forms are English (or names used as adjectives).
      if (!a.empty() && a[0] >= 'A' && a[0] <= 'Z') english = true;
    }
    if (english) ++with_english;
  }
  EXPECT_GT(with_english, 200);
}

TEST(DemonymTest, FrenchFormsAndCompounds) {
  const Gazetteer& g = Real();
  auto adjectives = [&](const char* code) {
    return g.Find(std::string("country:") + code)->adjectives;
  };
  auto has = [](const std::vector<std::string>& v, const char* f) {
    return std::find(v.begin(), v.end(), f) != v.end();
  };
  for (const char* f : {"malien", "malienne", "maliens", "maliennes", "Malian"}) {
    EXPECT_TRUE(has(adjectives("ML"), f)) << f;
  }
  for (const char* f : {"grec", "grecque", "grecs", "grecques", "Greek"}) {
    EXPECT_TRUE(has(adjectives("GR"), f)) << f;
  }
  for (const char* f : {"burkinabè", "Burkinabe"}) EXPECT_TRUE(has(adjectives("BF"), f)) << f;
  for (const char* f : {"guinéen", "guinéennes"}) EXPECT_TRUE(has(adjectives("GN"), f)) << f;
  EXPECT_TRUE(has(adjectives("GQ"), "équato-guinéenne"));
  EXPECT_TRUE(has(adjectives("LV"), "lettones"));
  EXPECT_TRUE(has(adjectives("TR"), "turques"));
  // Compound prefixes are kept apart from adjectives.
  EXPECT_TRUE(has(g.Find("country:CN")->prefixes, "sino"));
  EXPECT_TRUE(has(g.Find("country:IN")->prefixes, "indo"));
  EXPECT_FALSE(has(adjectives("IN"), "indo"));
  EXPECT_TRUE(has(g.Find("country:IN")->not_names, "océan Indien"));
  // A form naming two countries goes to neither or to one, never both.
  absl::flat_hash_set<std::string> seen;
  for (const Entry& e : g.entries()) {
    if (e.kind != Kind::kCountry) continue;
    absl::flat_hash_set<std::string> own;
    for (const std::string& a : e.adjectives) own.insert(text::Fold(a));
    for (const std::string& a : own) EXPECT_TRUE(seen.insert(a).second) << a << " (" << e.id << ")";
  }
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

TEST(TermsTest, RealTermsAreWellFormed) {
  const Gazetteer& g = Real();
  int persons_with_terms = 0;
  // Holders of one office, to check that successive terms do not overlap.
  std::map<std::string, std::vector<std::pair<const Entry*, const Term*>>> offices;
  for (const Entry& e : g.entries()) {
    if (e.terms.empty()) continue;
    ++persons_with_terms;
    EXPECT_EQ(e.kind, Kind::kPerson) << e.id;
    for (const Term& t : e.terms) {
      EXPECT_TRUE(IsPartialDate(t.from)) << e.id;
      EXPECT_GE(t.from.size(), 7u) << e.id;
      if (!t.to.empty()) {
        EXPECT_TRUE(IsPartialDate(t.to)) << e.id;
        EXPECT_LE(FirstDay(t.from), LastDay(t.to)) << e.id;
      }
      EXPECT_TRUE(g.IsCountryCode(t.country)) << e.id;
      EXPECT_TRUE(t.role == records::v1::ROLE_HEAD_OF_STATE ||
                  t.role == records::v1::ROLE_HEAD_OF_GOVERNMENT ||
                  t.role == records::v1::ROLE_FOREIGN_MINISTER)
          << e.id << " " << records::RoleCode(t.role);
      EXPECT_NE(std::find(e.roles.begin(), e.roles.end(), t.role), e.roles.end()) << e.id;
      offices[t.country + " " + records::RoleCode(t.role)].push_back({&e, &t});
    }
  }
  EXPECT_GT(persons_with_terms, 200);
  // Two holders of one office may share the day (or the month, when a date
  // is only known to the month) of the handover, never more: a longer
  // overlap is a typo in a date.
  for (const auto& [office, terms] : offices) {
    for (size_t i = 0; i < terms.size(); ++i) {
      for (size_t j = i + 1; j < terms.size(); ++j) {
        const Term& a = *terms[i].second;
        const Term& b = *terms[j].second;
        const std::string a_end = a.to.empty() ? "9999-12-31" : LastDay(a.to);
        const std::string b_end = b.to.empty() ? "9999-12-31" : LastDay(b.to);
        const std::string start = std::max(FirstDay(a.from), FirstDay(b.from));
        const std::string end = std::min(a_end, b_end);
        if (start > end) continue;
        const bool handover = start == end || start.substr(0, 7) == end.substr(0, 7);
        EXPECT_TRUE(handover) << office << ": " << terms[i].first->id << " and "
                              << terms[j].first->id << " overlap " << start << ".." << end;
      }
    }
  }
  // Every office the issue names has a holder in 2015 and in 2025, except
  // where the office does not exist (Turkey's prime minister after 2018;
  // heads of state that are also heads of government).
  for (const char* c : {"KZ", "KG", "TJ", "TM", "UZ", "CN", "RU", "US", "GB", "FR", "DE", "IT",
                        "JP", "KR", "IN", "ID", "BR", "AR", "MX", "ZA", "SA", "TR", "IR", "PK",
                        "AZ", "MN", "CA", "AU"}) {
    for (auto role : {records::v1::ROLE_HEAD_OF_STATE, records::v1::ROLE_HEAD_OF_GOVERNMENT,
                      records::v1::ROLE_FOREIGN_MINISTER}) {
      const std::string code = records::RoleCode(role);
      for (const char* date : {"2015-06-15", "2025-06-15"}) {
        bool exists = true;
        const std::string c2 = c;
        if (role == records::v1::ROLE_HEAD_OF_GOVERNMENT &&
            (c2 == "US" || c2 == "TM" || c2 == "BR" || c2 == "AR" || c2 == "MX" || c2 == "ID" ||
             c2 == "ZA" || c2 == "IR" || c2 == "KR" || (c2 == "TR" && date[3] == '5'))) {
          exists = false;
        }
        if (c2 == "KR" && date[3] == '5' && role == records::v1::ROLE_HEAD_OF_STATE) exists = false;
        if (c2 == "MN" && role == records::v1::ROLE_FOREIGN_MINISTER) exists = false;
        if (!exists) continue;
        EXPECT_EQ(g.OfficeHolders(c, role, date).size(), 1u) << c << " " << code << " " << date;
      }
    }
  }
}

TEST(TermsTest, HoldersByDate) {
  const Gazetteer& g = Real();
  const auto fm = records::v1::ROLE_FOREIGN_MINISTER;
  const auto hos = records::v1::ROLE_HEAD_OF_STATE;
  const auto hog = records::v1::ROLE_HEAD_OF_GOVERNMENT;
  auto sole = [&](const char* c, records::v1::Role r, const char* date) -> std::string {
    const Entry* e = g.SoleOfficeHolder(c, r, date);
    return e == nullptr ? "none" : e->id;
  };
  EXPECT_EQ(sole("KZ", hos, "2024-05-10"), "person:kassym-jomart-tokayev");
  EXPECT_EQ(sole("KZ", hos, "2018-05-10"), "person:nursultan-nazarbayev");
  // The handover day and a month known only as a month are ambiguous.
  EXPECT_EQ(sole("KZ", hos, "2019-03-20"), "none");
  EXPECT_EQ(g.OfficeHolders("KZ", hos, "2019-03").size(), 2u);
  EXPECT_EQ(sole("KZ", hos, "2019-03-21"), "person:kassym-jomart-tokayev");
  EXPECT_EQ(sole("CN", fm, "2023-03-01"), "person:qin-gang");
  EXPECT_EQ(sole("CN", fm, "2024"), "person:wang-yi");  // two terms, one person
  EXPECT_EQ(sole("GB", hog, "2022"), "none");           // Johnson, Truss, Sunak
  EXPECT_EQ(g.OfficeHolders("GB", hog, "2022").size(), 3u);
  EXPECT_EQ(sole("US", hos, "2019-07-04"), "person:donald-trump");
  EXPECT_EQ(sole("US", hos, "2023-07-04"), "person:joe-biden");
  EXPECT_EQ(sole("US", hos, "2025-07-04"), "person:donald-trump");
  // Kyrgyzstan's acting heads of state of 2020-2021 are not listed: no one.
  EXPECT_EQ(sole("KG", hos, "2020-12-01"), "none");
  EXPECT_EQ(sole("TR", hog, "2020-01-01"), "none");  // office abolished in 2018
  EXPECT_EQ(sole("CA", hos, "2023-01-01"), "person:charles-iii");
  EXPECT_TRUE(g.OfficeHolders("KZ", hos, "2024-13").empty());
  EXPECT_TRUE(g.OfficeHolders("KZ", hos, "hier").empty());

  // The office a person held on a date.
  const Entry* johnson = g.Find("person:boris-johnson");
  ASSERT_NE(johnson, nullptr);
  EXPECT_EQ(Gazetteer::RoleOn(*johnson, "2017-03-01"), fm);
  EXPECT_EQ(Gazetteer::RoleOn(*johnson, "2020-03-01"), hog);
  EXPECT_EQ(Gazetteer::RoleOn(*johnson, "2024-03-01"), records::v1::ROLE_UNSPECIFIED);
  const Entry* mirziyoyev = g.Find("person:shavkat-mirziyoyev");
  ASSERT_NE(mirziyoyev, nullptr);
  EXPECT_EQ(Gazetteer::RoleOn(*mirziyoyev, "2015-01-01"), hog);
  EXPECT_EQ(Gazetteer::RoleOn(*mirziyoyev, "2016-10-01"), records::v1::ROLE_UNSPECIFIED);  // both
  EXPECT_EQ(Gazetteer::RoleOn(*mirziyoyev, "2020-01-01"), hos);
}

TEST(TermsTest, PartialDates) {
  EXPECT_TRUE(IsPartialDate("2024"));
  EXPECT_TRUE(IsPartialDate("2024-02"));
  EXPECT_TRUE(IsPartialDate("2024-02-29"));
  EXPECT_FALSE(IsPartialDate("2023-02-29"));
  EXPECT_FALSE(IsPartialDate("2024-00"));
  EXPECT_FALSE(IsPartialDate("2024-1-05"));
  EXPECT_FALSE(IsPartialDate("24-01-05"));
  EXPECT_EQ(FirstDay("2024-02"), "2024-02-01");
  EXPECT_EQ(LastDay("2024"), "2024-12-31");
}

TEST(GazetteerTest, NoSpellingSharedByTwoPersonsOfOneCountry) {
  // The loader refuses it (see BadDataTest); here the real data, folded.
  const Gazetteer& g = Real();
  std::map<std::string, std::string> owner;
  for (const Entry& e : g.entries()) {
    if (e.kind != Kind::kPerson) continue;
    std::vector<std::string> forms = e.aliases;
    forms.push_back(e.name);
    std::set<std::string> own;
    for (const std::string& f : forms) {
      const std::string key = e.country + " " + text::Fold(f);
      if (!own.insert(key).second) continue;
      auto [it, inserted] = owner.emplace(key, e.id);
      EXPECT_TRUE(inserted) << f << ": " << e.id << " and " << it->second;
    }
  }
  // A one-word variant ("Poutine") names its person wherever it appears, so
  // it must not be the last word of another full name of the same country
  // ("Berdimuhamedov": father and son).
  std::map<std::string, std::set<std::string>> last_word;  // country + folded last word -> ids
  for (const Entry& e : g.entries()) {
    if (e.kind != Kind::kPerson) continue;
    std::vector<std::string> forms = e.aliases;
    forms.push_back(e.name);
    for (const std::string& f : forms) {
      const size_t space = f.rfind(' ');
      if (space == std::string::npos) continue;
      last_word[e.country + " " + text::Fold(f.substr(space + 1))].insert(e.id);
    }
  }
  for (const Entry& e : g.entries()) {
    if (e.kind != Kind::kPerson) continue;
    for (const std::string& f : e.aliases) {
      if (f.find(' ') != std::string::npos) continue;
      auto it = last_word.find(e.country + " " + text::Fold(f));
      if (it == last_word.end()) continue;
      for (const std::string& other : it->second) {
        EXPECT_EQ(other, e.id) << f << " is " << e.id << " but also ends a name of " << other;
      }
    }
  }
}

class BadDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gazetteer_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* f : {"countries.tsv", "places.tsv", "organizations.tsv",
                          "persons.tsv", "roles.tsv", "terms.tsv", "demonyms.tsv"}) {
      std::filesystem::copy_file(std::filesystem::path(DRAGOMAN_GAZETTEER_DIR) / f,
                                 dir_ / f,
                                 std::filesystem::copy_options::overwrite_existing);
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

TEST_F(BadDataTest, TermEndingBeforeItStartsFails) {
  Append("terms.tsv", "person:wang-yi\tforeign_minister\tCN\t2020-01-01\t2019-12");
  absl::Status s = Load();
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "terms.tsv:")) << s;
}

TEST_F(BadDataTest, TermWithBadDateRoleCountryOrPersonFails) {
  for (const char* line : {"person:wang-yi\tforeign_minister\tCN\t2020\t-",
                           "person:wang-yi\tforeign_minister\tCN\t2020-02-30\t-",
                           "person:wang-yi\tforeign_minster\tCN\t2020-01\t-",
                           "person:wang-yi\tforeign_minister\tXX\t2020-01\t-",
                           "person:nobody\tforeign_minister\tCN\t2020-01\t-",
                           "place:beijing\tforeign_minister\tCN\t2020-01\t-"}) {
    SetUp();  // fresh copy
    Append("terms.tsv", line);
    EXPECT_FALSE(Load().ok()) << line;
  }
}

TEST_F(BadDataTest, VariantSharedByTwoPersonsOfOneCountryFails) {
  Append("persons.tsv", "person:wang-yiming\tCN\tother\tWang Yiming\tWang Yi");
  absl::Status s = Load();
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "share the form")) << s;
}

TEST_F(BadDataTest, SameVariantInTwoCountriesLoads) {
  // Two real people may carry one name in different countries.
  Append("persons.tsv", "person:wang-yi-tw\tTW\tother\tWang Yi Tw\tWang Yi");
  EXPECT_TRUE(Load().ok());
}

TEST_F(BadDataTest, MissingDirectoryFails) {
  EXPECT_FALSE(Gazetteer::Load(Options((dir_ / "nope").string())).ok());
}

}  // namespace
}  // namespace dragoman::gazetteer
