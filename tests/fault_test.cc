// Faults end to end: services killed with SIGKILL at random moments while
// documents stream in, a downstream service down for a while, a full disk
// and a data directory the service may not write. After each, every
// acknowledged document must be in the query service exactly once: the
// export equals the one of an undisturbed run of the same documents.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/records/contract_json.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "tests/testing/cluster.h"
#include "tests/testing/press_releases.h"

namespace dragoman {
namespace {

namespace fs = std::filesystem;
using ingest::v1::IngestService;
using query::v1::QueryService;
using testing::GeneratedDocument;

constexpr int kStormDocuments = 1000;
constexpr int kMinimumKills = 20;
constexpr uint32_t kSeed = 20261126;

std::chrono::system_clock::time_point In(absl::Duration d) {
  return absl::ToChronoTime(absl::Now() + d);
}

// The export as sorted canonical JSON rows (a multiset: a record stored
// twice shows up twice), without the field that says when ingest ran.
absl::StatusOr<std::vector<std::string>> ExportRows(const testing::Cluster& cluster) {
  auto query = QueryService::NewStub(
      grpc::CreateChannel(cluster.query_target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(In(absl::Seconds(120)));
  auto reader = query->Export(&context, query::v1::ExportRequest());
  std::vector<std::string> rows;
  records::v1::Record record;
  while (reader->Read(&record)) {
    nlohmann::json j = nlohmann::json::parse(records::ToContractJson(record));
    j.erase("ingested_at");
    rows.push_back(j.dump());
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  std::sort(rows.begin(), rows.end());
  return rows;
}

// What a bulk-ingest client saw.
struct IngestReport {
  int acknowledged = 0;
  int broken_streams = 0;  // streams that failed and were retried
};

// Streams the documents in batches, like a client of BulkIngest that
// resends whatever was not acknowledged when a stream breaks. `pause`
// spreads the batches out so faults land while documents arrive.
IngestReport IngestWithRetries(const std::string& target, const std::vector<GeneratedDocument>& docs,
                               int batch_size, absl::Duration pause,
                               absl::Duration give_up_after = absl::Minutes(5)) {
  IngestReport report;
  auto stub = IngestService::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < docs.size(); ++i) index_of[docs[i].uri] = i;
  std::vector<bool> acked(docs.size(), false);
  const absl::Time give_up = absl::Now() + give_up_after;
  for (size_t begin = 0; begin < docs.size(); begin += batch_size) {
    const size_t end = std::min(docs.size(), begin + batch_size);
    auto pending = [&] {
      for (size_t i = begin; i < end; ++i) {
        if (!acked[i]) return true;
      }
      return false;
    };
    while (pending() && absl::Now() < give_up) {
      grpc::ClientContext context;
      context.set_wait_for_ready(true);
      context.set_deadline(In(absl::Seconds(30)));
      auto stream = stub->IngestDocuments(&context);
      for (size_t i = begin; i < end; ++i) {
        if (acked[i]) continue;
        ingest::v1::IngestDocumentRequest request;
        request.set_uri(docs[i].uri);
        request.set_content(docs[i].text);
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
      ingest::v1::IngestDocumentResponse response;
      while (stream->Read(&response)) {
        auto it = index_of.find(response.uri());
        // A per-document rejection would be a bug here: these are valid.
        if (it == index_of.end() || response.document_id().empty()) continue;
        if (!acked[it->second]) ++report.acknowledged;
        acked[it->second] = true;
      }
      if (!stream->Finish().ok() || pending()) {
        ++report.broken_streams;
        absl::SleepFor(absl::Milliseconds(50));
      }
    }
    absl::SleepFor(pause);
  }
  return report;
}

// Waits until ingest reports every document processed; returns the number
// DONE, or an error naming what is still pending when time runs out.
absl::StatusOr<int> WaitUntilProcessed(const testing::Cluster& cluster, int expected,
                                       absl::Duration timeout) {
  auto stub = IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
  const absl::Time deadline = absl::Now() + timeout;
  std::string last;
  while (absl::Now() < deadline) {
    int done = 0, failed = 0, other = 0;
    std::string token;
    bool complete = true;
    do {
      ingest::v1::ListDocumentsRequest request;
      request.set_page_size(1000);
      request.set_page_token(token);
      ingest::v1::ListDocumentsResponse response;
      grpc::ClientContext context;
      context.set_wait_for_ready(true);
      context.set_deadline(In(absl::Seconds(10)));
      if (!stub->ListDocuments(&context, request, &response).ok()) {
        complete = false;
        break;
      }
      for (const auto& d : response.documents()) {
        if (d.state() == ingest::v1::PROCESSING_STATE_DONE) {
          ++done;
        } else if (d.state() == ingest::v1::PROCESSING_STATE_FAILED) {
          ++failed;
        } else {
          ++other;
        }
      }
      token = response.next_page_token();
    } while (!token.empty());
    if (complete) {
      last = absl::StrCat(done, " done, ", failed, " failed, ", other, " pending of ", expected);
      if (failed > 0) return absl::InternalError(last);
      if (done == expected && other == 0) return done;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  return absl::DeadlineExceededError(absl::StrCat("not processed in time: ", last));
}

// The export of an undisturbed cluster that took the same documents.
std::vector<std::string> ReferenceExport(const std::vector<GeneratedDocument>& docs) {
  testing::Cluster cluster;
  absl::Status started = cluster.Start();
  EXPECT_TRUE(started.ok()) << started;
  const IngestReport report =
      IngestWithRetries(cluster.ingest_target(), docs, 100, absl::ZeroDuration());
  EXPECT_EQ(report.acknowledged, static_cast<int>(docs.size()));
  EXPECT_EQ(report.broken_streams, 0);
  absl::StatusOr<int> done = WaitUntilProcessed(cluster, docs.size(), absl::Minutes(5));
  EXPECT_TRUE(done.ok()) << done.status();
  absl::StatusOr<std::vector<std::string>> rows = ExportRows(cluster);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *rows : std::vector<std::string>();
}

// Rows of `actual` missing from `expected` and the other way round, a few
// of each, for a readable failure.
std::string DescribeDifference(const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual) {
  std::vector<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  auto head = [](const std::vector<std::string>& v) {
    std::vector<std::string> h(v.begin(), v.begin() + std::min<size_t>(v.size(), 3));
    return absl::StrJoin(h, "\n  ");
  };
  return absl::StrCat(missing.size(), " rows lost, e.g.\n  ", head(missing), "\n", extra.size(),
                      " rows extra (duplicated or changed), e.g.\n  ", head(extra));
}

// Waits until ingest has processed `count` documents, then expects the
// query service's export to be `expected`, row for row.
void ExpectExportOnceProcessed(const testing::Cluster& cluster, int count,
                               const std::vector<std::string>& expected) {
  absl::StatusOr<int> done = WaitUntilProcessed(cluster, count, absl::Minutes(3));
  ASSERT_TRUE(done.ok()) << done.status();
  absl::StatusOr<std::vector<std::string>> rows = ExportRows(cluster);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_TRUE(*rows == expected) << DescribeDifference(expected, *rows);
}

// Rows of a kind ("event"), or of an entity type ("person").
int CountKind(const std::vector<std::string>& rows, const std::string& kind) {
  return std::count_if(rows.begin(), rows.end(), [&](const std::string& row) {
    const nlohmann::json j = nlohmann::json::parse(row);
    return j.value("kind", "") == kind ||
           (j.value("kind", "") == "entity" && j.value("type", "") == kind);
  });
}

TEST(FaultTest, GeneratedDocumentsAreDistinctAndNoneIsANearDuplicate) {
  const std::vector<GeneratedDocument> docs = testing::GeneratePressReleases(200, kSeed);
  std::set<std::string> texts;
  for (const GeneratedDocument& d : docs) texts.insert(d.text);
  EXPECT_EQ(texts.size(), docs.size());
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  auto stub = IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
  // Near duplicates would make the export depend on arrival order, and the
  // kill storm below compares exports of runs with different orders.
  int near_duplicates = 0;
  for (const GeneratedDocument& d : docs) {
    ingest::v1::IngestDocumentRequest request;
    request.set_uri(d.uri);
    request.set_content(d.text);
    ingest::v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(In(absl::Seconds(30)));
    ASSERT_TRUE(stub->IngestDocument(&context, request, &response).ok());
    if (!response.duplicate_of().empty()) ++near_duplicates;
  }
  EXPECT_EQ(near_duplicates, 0);
  absl::StatusOr<int> done = WaitUntilProcessed(cluster, docs.size(), absl::Minutes(3));
  ASSERT_TRUE(done.ok()) << done.status();
  absl::StatusOr<std::vector<std::string>> rows = ExportRows(cluster);
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Each document says who met whom: the storm below has real records to lose.
  EXPECT_GE(CountKind(*rows, "event"), 150);
  EXPECT_GE(CountKind(*rows, "person"), 7);
}

TEST(FaultTest, KillStormDuringBulkIngestLosesAndDuplicatesNothing) {
  const std::vector<GeneratedDocument> docs =
      testing::GeneratePressReleases(kStormDocuments, kSeed);
  const std::vector<std::string> expected = ReferenceExport(docs);
  ASSERT_GT(expected.size(), docs.size());

  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  std::atomic<bool> ingesting{true};
  IngestReport report;
  const absl::Time started = absl::Now();
  // The client runs on its own thread; the storm runs on this one, because
  // a relaunched service gets SIGTERM when the thread that forked it ends
  // (PR_SET_PDEATHSIG follows the thread, not the process).
  std::thread client([&] {
    report = IngestWithRetries(cluster.ingest_target(), docs, 25, absl::Milliseconds(300));
    ingesting = false;
  });
  std::map<std::string, int> kills;
  int total_kills = 0;
  int kills_while_ingesting = 0;
  std::mt19937 rng(kSeed);
  const char* services[] = {"ingest", "extraction", "query"};
  std::uniform_int_distribution<int> which(0, 2), pause_ms(100, 600);
  // At least kMinimumKills, and on until the client has everything acked.
  absl::Status storm;
  while (storm.ok() && (ingesting.load() || total_kills < kMinimumKills)) {
    absl::SleepFor(absl::Milliseconds(pause_ms(rng)));
    const std::string service = services[which(rng)];
    cluster.Kill(service);
    ++kills[service];
    ++total_kills;
    if (ingesting.load()) ++kills_while_ingesting;
    storm = cluster.Relaunch(service);
    // Mostly wait for it to serve again; sometimes kill it once more while
    // it is still opening its store.
    if (storm.ok() && pause_ms(rng) > 150) storm = cluster.WaitServing(service, absl::Seconds(60));
  }
  client.join();
  ASSERT_TRUE(storm.ok()) << storm;
  for (const char* service : {"extraction", "query", "ingest"}) {
    absl::Status serving = cluster.WaitServing(service, absl::Seconds(60));
    ASSERT_TRUE(serving.ok()) << serving;
  }
  EXPECT_EQ(report.acknowledged, kStormDocuments);
  EXPECT_GE(total_kills, kMinimumKills);

  absl::StatusOr<int> done = WaitUntilProcessed(cluster, kStormDocuments, absl::Minutes(5));
  ASSERT_TRUE(done.ok()) << done.status();
  absl::StatusOr<std::vector<std::string>> rows = ExportRows(cluster);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_TRUE(*rows == expected) << DescribeDifference(expected, *rows);
  // Twenty crashes and restarts later, the logs still hold no document text.
  std::string logs;
  for (const auto& entry : fs::directory_iterator(cluster.data_dir() + "/logs")) {
    std::ifstream in(entry.path());
    logs.append(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_FALSE(logs.empty());
  for (const GeneratedDocument& d : docs) {
    const size_t from = d.text.find(" a parlé de ");
    ASSERT_NE(from, std::string::npos);
    const std::string commentary = d.text.substr(from, 60);
    ASSERT_EQ(logs.find(commentary), std::string::npos) << "document text in a log: " << commentary;
  }
  // The figures the durability note quotes.
  std::cout << "fault: documents acknowledged " << report.acknowledged << "/" << kStormDocuments
            << ", kills while documents streamed in " << kills_while_ingesting
            << ", broken streams retried " << report.broken_streams << ", kills " << total_kills
            << " (ingest " << kills["ingest"] << ", extraction " << kills["extraction"]
            << ", query " << kills["query"] << "), records " << rows->size() << " (expected "
            << expected.size() << "), events " << CountKind(*rows, "event") << ", in "
            << absl::ToDoubleSeconds(absl::Now() - started) << " s" << std::endl;
}

// Ingests documents one at a time; returns the uris acknowledged, and the
// first error status seen (OK when none).
struct UnaryResult {
  std::vector<std::string> acknowledged;
  grpc::Status first_error;
};
UnaryResult IngestOneByOne(const std::string& target, const std::vector<GeneratedDocument>& docs,
                           bool stop_at_first_error) {
  UnaryResult result;
  auto stub = IngestService::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  for (const GeneratedDocument& d : docs) {
    ingest::v1::IngestDocumentRequest request;
    request.set_uri(d.uri);
    request.set_content(d.text);
    ingest::v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(In(absl::Seconds(30)));
    const grpc::Status status = stub->IngestDocument(&context, request, &response);
    if (status.ok()) {
      result.acknowledged.push_back(d.uri);
      continue;
    }
    if (result.first_error.ok()) result.first_error = status;
    if (stop_at_first_error) break;
  }
  return result;
}

// The document rows of an export, by uri.
std::set<std::string> DocumentUris(const std::vector<std::string>& rows) {
  std::set<std::string> uris;
  for (const std::string& row : rows) {
    const nlohmann::json j = nlohmann::json::parse(row);
    if (j.value("kind", "") == "document") uris.insert(j.value("uri", ""));
  }
  return uris;
}

// Every file under dir with its bytes, to prove a failed start wrote nothing.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files[entry.path().string()] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return files;
}

// Restarts a service on a disk that fills up: none of its files may grow
// past 256 KiB (RLIMIT_FSIZE; with SIGXFSZ ignored, writes fail with EFBIG
// the way they fail with ENOSPC on a full disk).
absl::Status RestartOnAFullDisk(testing::Cluster& cluster, const std::string& service) {
  cluster.Kill(service);
  absl::Status launched = cluster.Relaunch(
      service,
      {"/bin/sh", "-c", "trap '' XFSZ; exec prlimit --fsize=262144 -- \"$@\"", "sh"});
  if (!launched.ok()) return launched;
  return cluster.WaitServing(service, absl::Seconds(60));
}

TEST(FaultTest, IngestKeepsAcceptingWhileQueryThenExtractionIsDownAndCatchesUp) {
  const std::vector<GeneratedDocument> docs = testing::GeneratePressReleases(120, kSeed + 1);
  const std::vector<std::string> expected = ReferenceExport(docs);
  const std::vector<GeneratedDocument> first(docs.begin(), docs.begin() + 60);
  const std::vector<GeneratedDocument> second(docs.begin() + 60, docs.end());

  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  cluster.Kill("query");
  UnaryResult while_query_down = IngestOneByOne(cluster.ingest_target(), first, false);
  EXPECT_TRUE(while_query_down.first_error.ok()) << while_query_down.first_error.error_message();
  EXPECT_EQ(while_query_down.acknowledged.size(), first.size());
  // Nothing can be DONE without the query service, and nothing gave up.
  absl::StatusOr<int> early = WaitUntilProcessed(cluster, first.size(), absl::Seconds(2));
  EXPECT_TRUE(absl::IsDeadlineExceeded(early.status())) << early.status();
  ASSERT_TRUE(cluster.Relaunch("query").ok());

  cluster.Kill("extraction");
  UnaryResult while_extraction_down = IngestOneByOne(cluster.ingest_target(), second, false);
  EXPECT_TRUE(while_extraction_down.first_error.ok())
      << while_extraction_down.first_error.error_message();
  EXPECT_EQ(while_extraction_down.acknowledged.size(), second.size());
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(cluster.Relaunch("extraction").ok());

  ExpectExportOnceProcessed(cluster, docs.size(), expected);
}

TEST(FaultTest, FullDiskGivesAClearErrorAndLosesNoAcknowledgedDocument) {
  const std::vector<GeneratedDocument> docs = testing::GeneratePressReleases(2000, kSeed + 2);
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  ASSERT_TRUE(RestartOnAFullDisk(cluster, "ingest").ok());
  UnaryResult filled = IngestOneByOne(cluster.ingest_target(), docs, true);
  ASSERT_FALSE(filled.first_error.ok()) << "2000 documents fit in 256 KiB files?";
  EXPECT_EQ(filled.first_error.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << filled.first_error.error_message();
  EXPECT_NE(filled.first_error.error_message().find("disk"), std::string::npos)
      << filled.first_error.error_message();
  ASSERT_GT(filled.acknowledged.size(), 10u);
  // Still up: reads answer, and the next write gets the same clear error.
  EXPECT_TRUE(testing::CheckServing(cluster.ingest_target()).ok());
  UnaryResult again = IngestOneByOne(
      cluster.ingest_target(), {docs[filled.acknowledged.size() + 1]}, true);
  EXPECT_EQ(again.first_error.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  // Space comes back (a restart without the limit): every acknowledged
  // document is there and processed, and new ones are taken again.
  cluster.Kill("ingest");
  ASSERT_TRUE(cluster.Relaunch("ingest").ok());
  ASSERT_TRUE(cluster.WaitServing("ingest", absl::Seconds(60)).ok());
  const std::vector<GeneratedDocument> more(docs.end() - 5, docs.end());
  UnaryResult after = IngestOneByOne(cluster.ingest_target(), more, true);
  EXPECT_TRUE(after.first_error.ok()) << after.first_error.error_message();
  absl::StatusOr<int> done = WaitUntilProcessed(
      cluster, filled.acknowledged.size() + more.size(), absl::Minutes(3));
  EXPECT_TRUE(done.ok()) << done.status();
  absl::StatusOr<std::vector<std::string>> rows = ExportRows(cluster);
  ASSERT_TRUE(rows.ok()) << rows.status();
  const std::set<std::string> stored = DocumentUris(*rows);
  for (const std::string& uri : filled.acknowledged) EXPECT_TRUE(stored.count(uri)) << uri;
  std::cout << "fault: disk full after " << filled.acknowledged.size()
            << " documents: " << filled.first_error.error_message() << std::endl;
}

TEST(FaultTest, FullDiskUnderTheQueryStoreHoldsDocumentsQueuedUntilSpaceReturns) {
  const std::vector<GeneratedDocument> docs = testing::GeneratePressReleases(300, kSeed + 4);
  const std::vector<std::string> expected = ReferenceExport(docs);
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  ASSERT_TRUE(RestartOnAFullDisk(cluster, "query").ok());
  UnaryResult ingested = IngestOneByOne(cluster.ingest_target(), docs, true);
  ASSERT_TRUE(ingested.first_error.ok()) << ingested.first_error.error_message();
  // The query store fills up; ingest keeps the rest queued (retrying), and
  // fails none of them (WaitUntilProcessed fails fast on a FAILED one).
  absl::StatusOr<int> stuck = WaitUntilProcessed(cluster, docs.size(), absl::Seconds(5));
  EXPECT_TRUE(absl::IsDeadlineExceeded(stuck.status())) << stuck.status();
  cluster.Kill("query");
  ASSERT_TRUE(cluster.Relaunch("query").ok());
  ExpectExportOnceProcessed(cluster, docs.size(), expected);
}

TEST(FaultTest, ReadOnlyDataDirectoryFailsStartUpClearlyAndChangesNothing) {
  const std::vector<GeneratedDocument> docs = testing::GeneratePressReleases(10, kSeed + 3);
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  ASSERT_TRUE(IngestOneByOne(cluster.ingest_target(), docs, true).first_error.ok());
  ASSERT_TRUE(WaitUntilProcessed(cluster, docs.size(), absl::Minutes(2)).ok());
  cluster.Kill("ingest");
  const std::string store = cluster.data_dir() + "/ingest";
  const std::map<std::string, std::string> before = Snapshot(store);

  // Root writes anywhere, so as root the service runs as nobody instead,
  // for whom the root-owned store is read-only.
  std::vector<std::string> wrapper;
  if (::geteuid() == 0) {
    fs::permissions(cluster.data_dir(), fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::add);
    wrapper = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
  } else {
    for (const auto& entry : fs::recursive_directory_iterator(store)) {
      fs::permissions(entry.path(), fs::perms::owner_write | fs::perms::group_write |
                                        fs::perms::others_write,
                      fs::perm_options::remove);
    }
    fs::permissions(store, fs::perms::owner_write, fs::perm_options::remove);
  }
  ASSERT_TRUE(cluster.Relaunch("ingest", wrapper).ok());
  const absl::Status start = cluster.WaitServing("ingest", absl::Seconds(30));
  EXPECT_TRUE(absl::IsUnavailable(start)) << start;  // exited before serving
  EXPECT_NE(start.message().find(store), std::string::npos) << start;
  EXPECT_NE(start.message().find("the data directory is not writable"), std::string::npos)
      << start;
  if (::geteuid() != 0) {
    fs::permissions(store, fs::perms::owner_write, fs::perm_options::add);
    for (const auto& entry : fs::recursive_directory_iterator(store)) {
      fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
    }
  }
  EXPECT_TRUE(Snapshot(store) == before) << "a failed start changed the store";

  // Writable again: everything is still there.
  ASSERT_TRUE(cluster.Relaunch("ingest").ok());
  ASSERT_TRUE(cluster.WaitServing("ingest", absl::Seconds(60)).ok());
  absl::StatusOr<int> done = WaitUntilProcessed(cluster, docs.size(), absl::Minutes(1));
  EXPECT_TRUE(done.ok()) << done.status();
}

}  // namespace
}  // namespace dragoman
