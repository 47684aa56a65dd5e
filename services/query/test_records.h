#ifndef DRAGOMAN_SERVICES_QUERY_TEST_RECORDS_H_
#define DRAGOMAN_SERVICES_QUERY_TEST_RECORDS_H_

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/query/record_store.h"

#include "dragoman/records/v1/records.pb.h"

namespace dragoman::query::testing {

// Builds the DocumentRecords extraction would send for one made-up
// document, so tests read as "this document mentions X and reports Y".
class DocBuilder {
 public:
  DocBuilder(const std::string& id, const std::string& text) {
    auto* d = records_.mutable_document();
    d->set_id(id);
    d->set_uri(id + ".txt");
    d->set_clean_text(text);
    d->set_language("fr");
  }

  DocBuilder& Person(const std::string& local, const std::string& key, const std::string& name,
                     const std::string& country, int start = 0, int end = 1,
                     std::vector<std::string> aliases = {}) {
    auto* e = records_.add_entities();
    e->set_id(local);
    e->set_type(dragoman::records::v1::ENTITY_TYPE_PERSON);
    e->set_key(key);
    e->set_name(name);
    if (!country.empty()) e->set_country(country);
    for (const std::string& a : aliases) e->add_aliases(a);
    auto* m = e->add_mentions();
    m->set_start(start);
    m->set_end(end);
    return *this;
  }

  DocBuilder& Place(const std::string& local, const std::string& key, const std::string& name) {
    auto* e = records_.add_entities();
    e->set_id(local);
    e->set_type(dragoman::records::v1::ENTITY_TYPE_PLACE);
    e->set_key(key);
    e->set_name(name);
    return *this;
  }

  DocBuilder& Event(const std::string& local, dragoman::records::v1::EventType type,
                    const std::string& date, const std::vector<std::string>& participants,
                    const std::vector<std::string>& countries, const std::string& location = "") {
    auto* e = records_.add_events();
    e->set_id(local);
    e->set_type(type);
    if (!date.empty()) e->set_date(date);
    for (const std::string& p : participants) e->add_participants()->set_entity(p);
    for (const std::string& c : countries) e->add_countries(c);
    if (!location.empty()) e->set_location(location);
    return *this;
  }

  DocBuilder& Office(const std::string& person, dragoman::records::v1::Role role,
                     const std::string& country, const std::string& as_of) {
    auto* o = records_.add_offices();
    o->set_person(person);
    o->set_role(role);
    if (!country.empty()) o->set_country(country);
    if (!as_of.empty()) o->set_as_of(as_of);
    return *this;
  }

  dragoman::records::v1::DocumentRecords& records() { return records_; }
  operator const dragoman::records::v1::DocumentRecords&() const { return records_; }

 private:
  dragoman::records::v1::DocumentRecords records_;
};

// A fresh directory under the test temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "query_store_XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::unique_ptr<RecordStore> OpenStore(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

}  // namespace dragoman::query::testing

#endif  // DRAGOMAN_SERVICES_QUERY_TEST_RECORDS_H_
