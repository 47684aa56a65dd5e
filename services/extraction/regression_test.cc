// Runs the Extractor over the fixture documents of testdata/ and compares
// the records with the expected ones, listing what is missing and what is
// unexpected so that a regression reads at a glance.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/codes.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/extraction/extractor.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Str(const Json& v) {
  return v.is_null() ? "null" : v.is_string() ? v.get<std::string>() : v.dump();
}

std::string Sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return absl::StrJoin(items, ", ");
}

// The extractor's records as the lines of the expected files:
//   persons: "Wang Yi (CN) foreign_minister, politburo_member"
//   events:  "meeting 2025-06-17 @Astana [A, B] {CN, KZ} #null <title | title>"
Json Actual(const records::v1::DocumentRecords& r) {
  Json out;
  const auto& doc = r.document();
  out["published"] = doc.has_published() ? Json(doc.published()) : Json();
  out["language"] = doc.language();
  out["title"] = doc.has_title() ? Json(doc.title()) : Json();
  std::map<std::string, const records::v1::Entity*> by_id;
  for (const auto& e : r.entities()) by_id[e.id()] = &e;
  std::map<std::string, std::set<std::string>> roles;
  for (const auto& o : r.offices()) roles[o.person()].insert(records::RoleCode(o.role()));
  std::vector<std::string> persons;
  std::set<std::string> countries, places, organizations;
  for (const auto& e : r.entities()) {
    switch (e.type()) {
      case records::v1::ENTITY_TYPE_PERSON: {
        const std::set<std::string>& held = roles[e.id()];
        persons.push_back(absl::StrCat(e.name(), " (", e.has_country() ? e.country() : "null",
                                       ") ", absl::StrJoin(held, ", ")));
        break;
      }
      case records::v1::ENTITY_TYPE_COUNTRY: countries.insert(e.country()); break;
      case records::v1::ENTITY_TYPE_PLACE: places.insert(e.name()); break;
      case records::v1::ENTITY_TYPE_ORGANIZATION: organizations.insert(e.name()); break;
      default: break;
    }
  }
  out["persons"] = persons;
  out["country_codes"] = std::vector<std::string>(countries.begin(), countries.end());
  out["place_names"] = std::vector<std::string>(places.begin(), places.end());
  out["organization_names"] = std::vector<std::string>(organizations.begin(), organizations.end());
  std::vector<std::string> events;
  for (const auto& ev : r.events()) {
    std::vector<std::string> participants;
    for (const auto& p : ev.participants()) {
      if (by_id.count(p.entity())) participants.push_back(by_id[p.entity()]->name());
    }
    const std::string location = ev.has_location() && by_id.count(ev.location())
                                     ? by_id[ev.location()]->name() : "null";
    events.push_back(absl::StrCat(
        records::EventTypeCode(ev.type()), " ", ev.has_date() ? ev.date() : "null", " @",
        location, " [", Sorted(participants), "] {",
        Sorted({ev.countries().begin(), ev.countries().end()}), "} #",
        ev.has_ordinal() ? absl::StrCat(ev.ordinal()) : "null", " <",
        absl::StrJoin(ev.agreements(), " | "), ">"));
  }
  out["events"] = events;
  return out;
}

// "missing" and "unexpected" lines between two multisets; empty when equal.
std::string Diff(const std::string& what, const Json& expected_list, const Json& actual_list) {
  std::vector<std::string> expected, actual;
  for (const Json& v : expected_list) expected.push_back(Str(v));
  for (const Json& v : actual_list) actual.push_back(Str(v));
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  std::vector<std::string> missing, unexpected;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(unexpected));
  std::string out;
  for (const auto& m : missing) absl::StrAppend(&out, "  ", what, " missing:    ", m, "\n");
  for (const auto& u : unexpected) absl::StrAppend(&out, "  ", what, " unexpected: ", u, "\n");
  return out;
}

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(DRAGOMAN_EXTRACTION_TESTDATA_DIR)) {
    if (entry.path().extension() == ".txt") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RegressionTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(RegressionTest, RecordsMatchExpected) {
  const fs::path text_path = GetParam();
  fs::path expected_path = text_path;
  expected_path.replace_extension(".expected.json");
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path;
  const Json expected = Json::parse(ReadFile(expected_path), nullptr, false);
  ASSERT_FALSE(expected.is_discarded()) << expected_path << " is not JSON";

  static const Extractor* extractor = Extractor::Create(TestGazetteer())->release();
  ExtractionInput input;
  input.document_id = "fixture";
  input.text = ReadFile(text_path);
  input.uri = text_path.filename().string();
  auto records = extractor->Extract(input);
  ASSERT_TRUE(records.ok()) << records.status();
  const Json actual = Actual(*records);

  std::string diff;
  for (const char* field : {"published", "language", "title"}) {
    if (expected[field] != actual[field]) {
      absl::StrAppend(&diff, "  ", field, ": expected ", Str(expected[field]), ", got ",
                      Str(actual[field]), "\n");
    }
  }
  for (const char* list : {"persons", "country_codes", "place_names", "organization_names",
                           "events"}) {
    diff += Diff(list, expected[list], actual[list]);
  }
  EXPECT_TRUE(diff.empty()) << text_path.filename() << " differs from "
                            << expected_path.filename() << ":\n" << diff;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RegressionTest, ::testing::ValuesIn(Fixtures()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           std::string name = info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(RegressionFixturesTest, EnoughFixturesWithExpectations) {
  const std::vector<fs::path> fixtures = Fixtures();
  EXPECT_GE(fixtures.size(), 8u);
}

}  // namespace
}  // namespace dragoman::extraction
