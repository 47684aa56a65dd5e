// dragoman-ingest: stores documents and drives them through extraction to
// the query service.

#include <grpcpp/support/channel_arguments.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/client/channel.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/server/serve.h"
#include "services/ingest/document_store.h"
#include "services/ingest/grpc_clients.h"
#include "services/ingest/ingest_service.h"
#include "services/ingest/ingestor.h"
#include "services/ingest/pipeline.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 50051, "Port to listen on.");
ABSL_FLAG(std::string, data_dir, "dragoman-data/ingest",
          "Directory of the ingest RocksDB store (created if missing).");
ABSL_FLAG(std::string, extraction_target, "127.0.0.1:50052", "Extraction service address.");
ABSL_FLAG(std::string, query_target, "127.0.0.1:50053", "Query service address.");
ABSL_FLAG(int, workers, 2, "Pipeline worker threads.");
ABSL_FLAG(bool, requeue_failed, false,
          "At start, queue FAILED documents again (after fixing extraction or query).");
ABSL_FLAG(absl::Duration, extraction_timeout, absl::Seconds(60), "Deadline of each Extract call.");
ABSL_FLAG(absl::Duration, query_timeout, absl::Seconds(30),
          "Deadline of each PutDocumentRecords call.");
ABSL_FLAG(int64_t, max_outbox, 10000,
          "Backpressure: while this many stored documents wait for extraction and query, new "
          "documents get RESOURCE_EXHAUSTED with retry advice (trailer retry-after-ms).");
ABSL_FLAG(absl::Duration, outbox_retry_after, absl::Seconds(2),
          "Retry advice given with an outbox-full refusal.");
// How ingest reaches extraction and query when they serve TLS and check
// callers (their --tls_* and --auth_file flags); unset: plaintext.
ABSL_FLAG(std::string, upstream_tls_ca_file, "",
          "PEM CA certificates that verify extraction's and query's certificates; set: TLS.");
ABSL_FLAG(std::string, upstream_tls_cert_file, "",
          "PEM client certificate ingest presents to extraction and query (mutual TLS).");
ABSL_FLAG(std::string, upstream_tls_key_file, "", "PEM private key of --upstream_tls_cert_file.");
ABSL_FLAG(std::string, upstream_tls_server_name, "",
          "Name the upstream certificates carry when it differs from the target hosts.");
ABSL_FLAG(std::string, upstream_token_file, "",
          "File holding the bearer token ingest sends to extraction and query (it needs write).");

namespace {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target) {
  dragoman::client::ChannelSecurity security;
  security.ca_file = absl::GetFlag(FLAGS_upstream_tls_ca_file);
  security.cert_file = absl::GetFlag(FLAGS_upstream_tls_cert_file);
  security.key_file = absl::GetFlag(FLAGS_upstream_tls_key_file);
  security.server_name = absl::GetFlag(FLAGS_upstream_tls_server_name);
  security.token_file = absl::GetFlag(FLAGS_upstream_token_file);
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  // With a dns:/// target naming several pods (a headless Service), spread
  // calls over all of them rather than pinning the first address.
  args.SetLoadBalancingPolicyName("round_robin");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      dragoman::client::MakeChannel(target, security, args);
  if (!channel.ok()) {
    // Before serving: exiting is the clearest way to say the flags are wrong.
    dragoman::Log(dragoman::LogLevel::kError,
                  absl::StrCat("channel to ", target, ": ", channel.status().ToString()));
    std::exit(2);
  }
  return *std::move(channel);
}

}  // namespace

int main(int argc, char** argv) {
  dragoman::server::TuneAllocator();
  absl::SetProgramUsageMessage(
      "dragoman-ingest [--address=127.0.0.1] [--port=50051] [--data_dir=DIR] "
      "[--extraction_target=HOST:PORT] [--query_target=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  using namespace dragoman;
  using namespace dragoman::ingest;

  // Channels are created once and shared by all workers.
  GrpcRecordExtractor extractor(MakeChannel(absl::GetFlag(FLAGS_extraction_target)),
                                absl::GetFlag(FLAGS_extraction_timeout));
  GrpcRecordSink sink(MakeChannel(absl::GetFlag(FLAGS_query_target)),
                      absl::GetFlag(FLAGS_query_timeout));

  std::unique_ptr<DocumentStore> store;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<Ingestor> ingestor;
  IngestServiceImpl service;

  server::ServeOptions options;
  options.name = "dragoman-ingest";
  options.address = absl::GetFlag(FLAGS_address);
  options.port = absl::GetFlag(FLAGS_port);
  // Room for an 8 MiB document plus envelope, so oversized documents get
  // the clear size error rather than a transport one (up to 16 MiB).
  options.max_receive_bytes = 16 << 20;
  options.warm_up = [&]() -> absl::Status {
    const std::string dir = absl::GetFlag(FLAGS_data_dir);
    absl::StatusOr<std::unique_ptr<DocumentStore>> opened = DocumentStore::Open(dir);
    if (!opened.ok()) return opened.status();
    store = *std::move(opened);
    if (absl::GetFlag(FLAGS_requeue_failed)) {
      absl::StatusOr<std::vector<WorkItem>> requeued = store->RequeueFailed();
      if (!requeued.ok()) return requeued.status();
      Log(LogLevel::kInfo, absl::StrCat("requeued ", requeued->size(), " failed documents"));
    }
    PipelineOptions pipeline_options;
    pipeline_options.workers = absl::GetFlag(FLAGS_workers);
    pipeline = std::make_unique<Pipeline>(store.get(), &extractor, &sink, pipeline_options);
    if (absl::Status s = pipeline->Start(); !s.ok()) return s;
    IngestorOptions ingestor_options;
    ingestor_options.max_outbox = absl::GetFlag(FLAGS_max_outbox);
    ingestor_options.retry_after = absl::GetFlag(FLAGS_outbox_retry_after);
    ingestor = std::make_unique<Ingestor>(store.get(), pipeline.get(), ingestor_options);
    service.Attach(ingestor.get());
    metrics::ExportDirectorySize("dragoman_ingest_store_bytes",
                                 "Size on disk of the ingest service's RocksDB.", dir);
    Log(LogLevel::kInfo, absl::StrCat("store open at ", dir));
    return absl::OkStatus();
  };
  options.on_shutdown = [&] {
    service.Detach();
    if (pipeline != nullptr) pipeline->Stop();
    pipeline.reset();
    ingestor.reset();
    store.reset();
  };
  absl::Status status = server::Serve(options, {&service});
  if (!status.ok()) {
    options.on_shutdown();
    Log(LogLevel::kError, status.ToString());
    return 1;
  }
  return 0;
}
