// dragoman-query: stores normalized records and answers analysts' reads.

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/server/serve.h"
#include "services/query/query_service.h"
#include "services/query/record_store.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 50053, "Port to listen on.");
ABSL_FLAG(std::string, data_dir, "", "Directory of the record store (RocksDB); required.");
ABSL_FLAG(int, internal_port, 0,
          "When set, PutDocumentRecords (the ingest service's write path) is served only on "
          "this port, and --port answers it with PERMISSION_DENIED; a network policy can then "
          "keep everyone but ingest away from writes. 0: writes on --port (local default).");

int main(int argc, char** argv) {
  dragoman::server::TuneAllocator();
  absl::SetProgramUsageMessage("Serves dragoman.query.v1.QueryService over a RocksDB store.");
  absl::ParseCommandLine(argc, argv);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  dragoman::SetLogTag("dragoman-query");
  if (data_dir.empty()) {
    dragoman::Log(dragoman::LogLevel::kError, "--data_dir is required");
    return 2;
  }

  const int internal_port = absl::GetFlag(FLAGS_internal_port);
  // Two front ends over one store: readers on --port, the writer on the
  // internal port (a gRPC service object can be registered on one server only).
  dragoman::query::QueryServiceImpl service(/*accepts_writes=*/internal_port == 0);
  dragoman::query::QueryServiceImpl writer(/*accepts_writes=*/true);
  dragoman::server::ServeOptions options;
  options.name = "dragoman-query";
  options.address = absl::GetFlag(FLAGS_address);
  options.port = absl::GetFlag(FLAGS_port);
  if (internal_port != 0) options.extra_ports.push_back({"", internal_port, {&writer}});
  options.warm_up = [&]() -> absl::Status {
    absl::StatusOr<std::unique_ptr<dragoman::query::RecordStore>> store =
        dragoman::query::RecordStore::Open(data_dir);
    if (!store.ok()) return store.status();
    std::shared_ptr<dragoman::query::RecordStore> shared(*std::move(store));
    service.AttachStore(shared);
    writer.AttachStore(shared);
    dragoman::metrics::ExportDirectorySize("dragoman_query_store_bytes",
                                           "Size on disk of the query service's RocksDB.", data_dir);
    dragoman::Log(dragoman::LogLevel::kInfo, absl::StrCat("record store open at ", data_dir));
    return absl::OkStatus();
  };
  options.on_shutdown = [&]() {
    service.DetachStore();
    writer.DetachStore();
  };

  absl::Status status = dragoman::server::Serve(options, {&service});
  if (!status.ok()) {
    dragoman::Log(dragoman::LogLevel::kError, status.ToString());
    return 1;
  }
  return 0;
}
