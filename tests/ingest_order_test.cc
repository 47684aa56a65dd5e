// Normalization end to end: the same documents ingested in another order,
// ingested twice, or reprocessed give the same export — ids of entities and
// events do not depend on the order documents arrive in.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/documents.h"
#include "common/records/contract_json.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

using ingest::v1::IngestService;
using query::v1::QueryService;

// The export as a set of canonical JSON rows, without the one field that
// records when ingest happened.
std::set<std::string> ExportRows(const testing::Cluster& cluster) {
  auto query = QueryService::NewStub(
      grpc::CreateChannel(cluster.query_target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  auto reader = query->Export(&context, query::v1::ExportRequest());
  std::set<std::string> rows;
  records::v1::Record record;
  while (reader->Read(&record)) {
    nlohmann::json j = nlohmann::json::parse(records::ToContractJson(record));
    j.erase("ingested_at");
    rows.insert(j.dump());
  }
  const grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  return rows;
}

void IngestAll(const testing::Cluster& cluster, const std::vector<std::string>& paths) {
  auto ingest = IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
  for (const std::string& path : paths) {
    absl::StatusOr<std::string> bytes = cli::ReadFileBytes(path);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    ingest::v1::IngestDocumentRequest request;
    request.set_content(*bytes);
    // The same uri in both runs: a uri is part of the document record.
    request.set_uri(path.substr(path.rfind('/') + 1));
    request.set_wait_for_processing(true);
    ingest::v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    const grpc::Status status = ingest->IngestDocument(&context, request, &response);
    ASSERT_TRUE(status.ok()) << path << ": " << status.error_message();
    ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE) << path << response.error();
  }
}

std::vector<std::string> SampleDocuments() {
  absl::StatusOr<std::vector<std::string>> files =
      cli::CollectDocuments({testing::SourceDir() + "/samples"});
  EXPECT_TRUE(files.ok()) << files.status();
  std::vector<std::string> sorted = files.ok() ? *files : std::vector<std::string>();
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

TEST(IngestOrderTest, ReverseOrderTwiceAndReprocessGiveTheSameExport) {
  const std::vector<std::string> forward = SampleDocuments();
  ASSERT_GE(forward.size(), 7u);
  std::vector<std::string> reverse(forward.rbegin(), forward.rend());

  std::set<std::string> forward_rows;
  {
    testing::Cluster cluster;
    ASSERT_TRUE(cluster.Start().ok());
    IngestAll(cluster, forward);
    forward_rows = ExportRows(cluster);
    // Ingesting the same bytes again stores nothing new.
    IngestAll(cluster, forward);
    EXPECT_EQ(ExportRows(cluster), forward_rows);
    // Re-running extraction with the same extractor changes nothing.
    auto ingest = IngestService::NewStub(
        grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
    ingest::v1::ReprocessRequest request;
    request.set_wait_for_processing(true);
    ingest::v1::ReprocessResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(300));
    const grpc::Status status = ingest->Reprocess(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.queued(), static_cast<int>(forward.size()));
    EXPECT_EQ(response.done(), static_cast<int>(forward.size()));
    EXPECT_EQ(ExportRows(cluster), forward_rows);
  }
  ASSERT_FALSE(forward_rows.empty());
  size_t events = 0;
  for (const std::string& row : forward_rows) events += row.find("\"kind\":\"event\"") != std::string::npos;
  EXPECT_GT(events, 5u);

  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  IngestAll(cluster, reverse);
  const std::set<std::string> reverse_rows = ExportRows(cluster);
  std::vector<std::string> only_forward, only_reverse;
  std::set_difference(forward_rows.begin(), forward_rows.end(), reverse_rows.begin(),
                      reverse_rows.end(), std::back_inserter(only_forward));
  std::set_difference(reverse_rows.begin(), reverse_rows.end(), forward_rows.begin(),
                      forward_rows.end(), std::back_inserter(only_reverse));
  EXPECT_TRUE(only_forward.empty() && only_reverse.empty())
      << "only in forward order: " << (only_forward.empty() ? "" : only_forward[0])
      << "\nonly in reverse order: " << (only_reverse.empty() ? "" : only_reverse[0]);
}

}  // namespace
}  // namespace dragoman
