#ifndef DRAGOMAN_SERVICES_INGEST_TEST_UTIL_H_
#define DRAGOMAN_SERVICES_INGEST_TEST_UTIL_H_

#include <stdlib.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/ingest/pipeline.h"

namespace dragoman::ingest::testing {

// A fresh directory under $TMPDIR, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dragoman-ingest-XXXXXX");
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Extraction stand-in: fails with the scripted statuses first, then
// returns one entity per document.
class FakeExtractor : public RecordExtractor {
 public:
  void FailNext(absl::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(std::move(status));
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // Calls hang until CancelInFlight, like a call to a service that hangs.
  void HangUntilCancelled() {
    std::lock_guard<std::mutex> lock(mu_);
    hang_ = true;
  }
  void CancelInFlight() override {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }
  absl::StatusOr<extraction::v1::ExtractResponse> Extract(
      const extraction::v1::ExtractRequest& request) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_;
    requests_.push_back(request);
    if (hang_) {
      cv_.wait(lock, [&] { return cancelled_; });
      return absl::CancelledError("cancelled");
    }
    if (!failures_.empty()) {
      absl::Status s = failures_.front();
      failures_.pop_front();
      return s;
    }
    extraction::v1::ExtractResponse response;
    response.set_extractor_version("fake-1");
    auto* document = response.mutable_records()->mutable_document();
    document->set_language("fr");
    auto* entity = response.mutable_records()->add_entities();
    entity->set_id("e1");
    entity->set_name("Jean Exemple");
    auto* mention = entity->add_mentions();
    mention->set_start(0);
    mention->set_end(4);
    return response;
  }
  std::vector<extraction::v1::ExtractRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool hang_ = false;
  bool cancelled_ = false;
  std::deque<absl::Status> failures_;
  std::vector<extraction::v1::ExtractRequest> requests_;
  int calls_ = 0;
};

// Query stand-in: remembers what it received.
class FakeSink : public RecordSink {
 public:
  void FailNext(absl::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(std::move(status));
  }
  absl::StatusOr<query::v1::PutDocumentRecordsResponse> Put(
      const records::v1::DocumentRecords& records) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failures_.empty()) {
      absl::Status s = failures_.front();
      failures_.pop_front();
      return s;
    }
    received_.push_back(records);
    query::v1::PutDocumentRecordsResponse response;
    response.set_document_id(records.document().id());
    response.set_entity_count(records.entities_size());
    response.set_event_count(records.events_size());
    return response;
  }
  std::vector<records::v1::DocumentRecords> received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  std::mutex mu_;
  std::deque<absl::Status> failures_;
  std::vector<records::v1::DocumentRecords> received_;
};

}  // namespace dragoman::ingest::testing

#endif  // DRAGOMAN_SERVICES_INGEST_TEST_UTIL_H_
