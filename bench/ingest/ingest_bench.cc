// dragoman_ingest_bench: durable ingest over gRPC (unary and streaming
// bulk, 1/4/16 clients) against two ceilings measured in the same run — a
// trivial gRPC echo with the same message sizes, and RocksDB synced
// WriteBatches of the same records and batching — then the full pipeline
// (store size, query latencies, peak RSS), or, with --load_seconds, a
// bounded load run. Starts the real service binaries; prints a table and
// "name: value" lines. See BENCHMARKS.md; bench/ingest/run drives it.

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/ingest/bench_corpus.h"
#include "bench/ingest/echo.grpc.pb.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

extern char** environ;

ABSL_FLAG(std::string, root, ".", "Repository root (fixtures).");
ABSL_FLAG(std::string, bin_dir, "build/bin", "Directory of the service binaries.");
ABSL_FLAG(std::string, work_dir, "", "Scratch directory (stores, logs); required.");
ABSL_FLAG(int, serve_echo_port, 0, "Internal: serve the echo service on this port and block.");
ABSL_FLAG(int, docs, 4000, "Documents per ingest configuration.");
ABSL_FLAG(int, window, 16, "Streaming: requests in flight per client (and RocksDB batch size).");
ABSL_FLAG(std::string, clients, "1,4,16", "Client counts.");
ABSL_FLAG(std::string, compare_ingest, "",
          "Another dragoman-ingest binary (e.g. before a change) to measure right after each "
          "ingest configuration, without --max_outbox: ingest_before_* lines and speedups.");
ABSL_FLAG(std::string, modes, "unary,stream", "Ingest modes.");
ABSL_FLAG(std::string, phases, "echo,rocksdb,ingest,pipeline", "Phases to run.");
ABSL_FLAG(int, pipeline_docs, 1500, "Documents sent through the whole pipeline.");
ABSL_FLAG(int, queries, 200, "Requests per query kind.");
ABSL_FLAG(std::string, ingest_flags, "", "Extra flags for dragoman-ingest (space separated).");
ABSL_FLAG(bool, outbox_flag, true,
          "Pass --max_outbox to dragoman-ingest (false for builds without it).");
ABSL_FLAG(int, load_seconds, 0, "Load run of this many seconds instead of the benchmark.");
ABSL_FLAG(int, load_clients, 16, "Load run: bulk-ingest clients.");
ABSL_FLAG(int, load_query_clients, 2, "Load run: query clients.");
ABSL_FLAG(int, load_max_outbox, 1000, "Load run: dragoman-ingest --max_outbox.");
ABSL_FLAG(int, load_drain_timeout_s, 900, "Load run: longest wait for the pipeline to finish.");
ABSL_FLAG(int, load_rss_limit_mb, 1024, "Load run: RSS bound of each service.");

namespace dragoman::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void Line(const std::string& name, double value) { std::printf("%s: %.3f\n", name.c_str(), value); }
void Line(const std::string& name, const std::string& value) {
  std::printf("%s: %s\n", name.c_str(), value.c_str());
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// "VmHWM" (peak) or "VmRSS" (current) of a process, in MiB; 0 if gone.
double ProcMemoryMb(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
      double kb = 0;
      if (parts.size() >= 2 && absl::SimpleAtod(parts[1], &kb)) return kb / 1024.0;
    }
  }
  return 0;
}

// CPU seconds (user + system) a process has used so far.
double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(stat.substr(paren + 2), ' ');
  // After the command: state is field 3, utime 14 and stime 15 (1-based).
  double utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code error;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, error)) {
    if (e.is_regular_file(error)) total += e.file_size(error);
  }
  return total;
}

// A service binary run for the bench: its output goes to a log file in
// the work directory; stopped with SIGTERM (then SIGKILL).
class Service {
 public:
  Service(const std::string& name, const std::string& binary, std::vector<std::string> args,
          const std::string& log)
      : name_(name) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
      std::fprintf(stderr, "bench: cannot start %s\n", binary.c_str());
      std::exit(2);
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Service() { Stop(); }

  pid_t pid() const { return pid_; }
  double PeakRssMb() const { return pid_ > 0 ? ProcMemoryMb(pid_, "VmHWM") : peak_mb_; }
  double RssMb() const { return pid_ > 0 ? ProcMemoryMb(pid_, "VmRSS") : 0; }

  void Stop() {
    if (pid_ <= 0) return;
    peak_mb_ = ProcMemoryMb(pid_, "VmHWM");
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = 0;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::fprintf(stderr, "bench: %s ignored SIGTERM, killing it\n", name_.c_str());
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  std::string name_;
  pid_t pid_ = 0;
  double peak_mb_ = 0;
};

std::shared_ptr<grpc::Channel> Channel(int port) {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(64 << 20);
  args.SetMaxReceiveMessageSize(64 << 20);
  // One connection per client, as separate client processes would have.
  args.SetInt("bench.channel", std::rand());
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials(), args);
}

bool WaitServing(int port, absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(Channel(port));
  const auto until = Clock::now() + absl::ToChronoNanoseconds(timeout);
  while (Clock::now() < until) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (stub->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// ---------------------------------------------------------------- echo

class EchoService final : public v1::Echo::Service {
  grpc::Status Unary(grpc::ServerContext*, const v1::EchoRequest* request,
                     v1::EchoResponse* response) override {
    Answer(*request, response);
    return grpc::Status::OK;
  }
  grpc::Status Stream(
      grpc::ServerContext*,
      grpc::ServerReaderWriter<v1::EchoResponse, v1::EchoRequest>* stream) override {
    v1::EchoRequest request;
    while (stream->Read(&request)) {
      v1::EchoResponse response;
      Answer(request, &response);
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }
  static void Answer(const v1::EchoRequest& request, v1::EchoResponse* response) {
    response->set_document_id("d0123456789abcdef");
    response->set_uri(request.uri());
    response->set_state(1);
  }
};

int ServeEcho(int port) {
  EchoService service;
  // Health, so the bench waits for it like for the services.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials());
  builder.SetMaxReceiveMessageSize(16 << 20);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) return 1;
  server->Wait();
  return 0;
}

// ------------------------------------------------------------- clients

// What a client run measured.
struct RunResult {
  double seconds = 0;
  int64_t docs = 0;  // acknowledged
  int64_t errors = 0;
  double server_cpu_seconds = 0;  // of the server process, when measured
  std::vector<double> latency_ms;
  std::map<int, int64_t> codes;  // final stream/call status codes other than OK
  double docs_per_second() const { return seconds > 0 ? docs / seconds : 0; }
};

// Splits docs over `clients` threads (client k takes k, k+clients, ...);
// `client` runs one client over its documents and adds to the result.
RunResult RunClients(
    int clients,
    const std::function<void(int, std::vector<const BenchDocument*>, RunResult*)>& client,
    const std::vector<BenchDocument>& docs) {
  std::vector<RunResult> parts(clients);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int k = 0; k < clients; ++k) {
    std::vector<const BenchDocument*> mine;
    for (size_t i = k; i < docs.size(); i += clients) mine.push_back(&docs[i]);
    threads.emplace_back([&, k, mine] { client(k, mine, &parts[k]); });
  }
  for (std::thread& t : threads) t.join();
  RunResult total;
  total.seconds = SecondsSince(start);
  for (RunResult& p : parts) {
    total.docs += p.docs;
    total.errors += p.errors;
    total.latency_ms.insert(total.latency_ms.end(), p.latency_ms.begin(), p.latency_ms.end());
    for (auto& [code, n] : p.codes) total.codes[code] += n;
  }
  return total;
}

// One streaming client: keeps up to `window` requests in flight, times
// each acknowledgement from the Write of its request. `ok` judges a
// response. Returns the stream's final status.
template <typename Request, typename Response, typename Stream>
grpc::Status StreamDocuments(Stream* stream, const std::vector<const BenchDocument*>& docs,
                             int window, const std::function<bool(const Response&)>& ok,
                             RunResult* result) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Clock::time_point> sent;
  std::thread reader([&] {
    Response response;
    while (stream->Read(&response)) {
      std::lock_guard<std::mutex> lock(mu);
      if (sent.empty()) break;
      result->latency_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - sent.front()).count());
      sent.pop_front();
      if (ok(response)) {
        ++result->docs;
      } else {
        ++result->errors;
      }
      cv.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu);
    sent.clear();
    window = 1 << 30;  // unblock the writer
    cv.notify_all();
  });
  for (const BenchDocument* doc : docs) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return static_cast<int>(sent.size()) < window; });
      sent.push_back(Clock::now());
    }
    Request request;
    request.set_content(doc->content);
    request.set_uri(doc->uri);
    if (!stream->Write(request)) break;
  }
  stream->WritesDone();
  reader.join();
  return stream->Finish();
}

RunResult EchoRun(int port, bool streaming, int clients, int window,
                  const std::vector<BenchDocument>& docs) {
  return RunClients(
      clients,
      [&](int, std::vector<const BenchDocument*> mine, RunResult* r) {
        auto stub = v1::Echo::NewStub(Channel(port));
        if (streaming) {
          grpc::ClientContext context;
          auto stream = stub->Stream(&context);
          grpc::Status s = StreamDocuments<v1::EchoRequest, v1::EchoResponse>(
              stream.get(), mine, window, [](const v1::EchoResponse&) { return true; }, r);
          if (!s.ok()) ++r->codes[s.error_code()];
          return;
        }
        for (const BenchDocument* doc : mine) {
          v1::EchoRequest request;
          request.set_content(doc->content);
          request.set_uri(doc->uri);
          v1::EchoResponse response;
          grpc::ClientContext context;
          const Clock::time_point t = Clock::now();
          grpc::Status s = stub->Unary(&context, request, &response);
          r->latency_ms.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t).count());
          if (s.ok()) {
            ++r->docs;
          } else {
            ++r->errors;
            ++r->codes[s.error_code()];
          }
        }
      },
      docs);
}

bool Acknowledged(const ingest::v1::IngestDocumentResponse& r) {
  return !r.document_id().empty() && r.error_code() == 0;
}

RunResult IngestRun(int port, bool streaming, int clients, int window,
                    const std::vector<BenchDocument>& docs) {
  return RunClients(
      clients,
      [&](int, std::vector<const BenchDocument*> mine, RunResult* r) {
        auto stub = ingest::v1::IngestService::NewStub(Channel(port));
        if (streaming) {
          grpc::ClientContext context;
          auto stream = stub->IngestDocuments(&context);
          grpc::Status s = StreamDocuments<ingest::v1::IngestDocumentRequest,
                                           ingest::v1::IngestDocumentResponse>(
              stream.get(), mine, window, Acknowledged, r);
          if (!s.ok()) {
            ++r->codes[s.error_code()];
            std::fprintf(stderr, "bench: ingest stream ended: %s\n", s.error_message().c_str());
          }
          return;
        }
        for (const BenchDocument* doc : mine) {
          ingest::v1::IngestDocumentRequest request;
          request.set_content(doc->content);
          request.set_uri(doc->uri);
          ingest::v1::IngestDocumentResponse response;
          grpc::ClientContext context;
          const Clock::time_point t = Clock::now();
          grpc::Status s = stub->IngestDocument(&context, request, &response);
          r->latency_ms.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t).count());
          if (s.ok() && Acknowledged(response)) {
            ++r->docs;
          } else {
            ++r->errors;
            if (!s.ok()) ++r->codes[s.error_code()];
          }
        }
      },
      docs);
}

// ------------------------------------------------------------- RocksDB

// The ceiling: what ingest writes for each document (same column
// families, key and value sizes: the stored document, the original, the
// hash index, queue entry, sequence, signature and 64 band keys), in
// synced WriteBatches of `batch` documents, from `clients` threads.
RunResult RocksDbRun(const std::string& dir, int clients, int batch,
                     const std::vector<BenchDocument>& docs) {
  std::filesystem::remove_all(dir);
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name :
       {"default", "documents", "originals", "by_hash", "queue", "meta", "signatures", "bands"}) {
    rocksdb::ColumnFamilyOptions cf;
    if (std::string(name) == "originals") cf.compression = rocksdb::kNoCompression;
    families.emplace_back(name, cf);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> h;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, families, &h, &raw);
  if (!s.ok()) {
    std::fprintf(stderr, "bench: rocksdb: %s\n", s.ToString().c_str());
    std::exit(2);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::atomic<uint64_t> sequence{1};
  rocksdb::WriteOptions sync;
  sync.sync = true;
  std::mutex start_mu;
  std::condition_variable start_cv;
  int ready = 0;
  Clock::time_point start, end;
  RunResult result = RunClients(
      clients,
      [&](int k, std::vector<const BenchDocument*> mine, RunResult* r) {
        std::mt19937_64 rng(k + 1);
        auto random_bytes = [&](size_t n) {
          std::string out(n, '\0');
          for (char& c : out) c = static_cast<char>(rng());
          return out;
        };
        // Batches are built before the clock starts: the ceiling is the
        // store's, not the generator's.
        std::vector<std::pair<rocksdb::WriteBatch, size_t>> batches;
        for (size_t i = 0; i < mine.size(); i += batch) {
          rocksdb::WriteBatch& b = batches.emplace_back().first;
          const size_t n = std::min<size_t>(batch, mine.size() - i);
          batches.back().second = n;
          for (size_t j = 0; j < n; ++j) {
            const std::string& content = mine[i + j]->content;
            const std::string id = absl::StrCat("d", absl::Hex(rng(), absl::kZeroPad16));
            const uint64_t seq = sequence.fetch_add(1);
            std::string seq_key(8, '\0');
            for (int q = 0; q < 8; ++q) seq_key[q] = static_cast<char>(seq >> (56 - 8 * q));
            // Stored document: clean text (about the original's size)
            // plus alignment and fields.
            std::string document =
                content + content.substr(0, content.size() / 6) + random_bytes(200);
            b.Put(h[1], id, document);
            b.Put(h[2], id, content);
            b.Put(h[3],
                  absl::StrCat(
                      absl::Hex(rng(), absl::kZeroPad16), absl::Hex(rng(), absl::kZeroPad16),
                      absl::Hex(rng(), absl::kZeroPad16), absl::Hex(rng(), absl::kZeroPad16)),
                  id);
            b.Put(h[4], seq_key, id);
            b.Put(h[5], "next_sequence", seq_key);
            b.Put(h[6], id, random_bytes(8 + 128 * 8));
            for (int band = 0; band < 64; ++band) b.Put(h[7], random_bytes(9) + id, "");
          }
        }
        {
          std::unique_lock<std::mutex> lock(start_mu);
          if (++ready == clients) {
            start = Clock::now();
            start_cv.notify_all();
          }
          start_cv.wait(lock, [&] { return ready == clients; });
        }
        for (auto& [b, n] : batches) {
          const Clock::time_point t = Clock::now();
          rocksdb::Status ws = db->Write(sync, &b);
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
          if (!ws.ok()) {
            r->errors += n;
            continue;
          }
          r->docs += n;
          for (size_t j = 0; j < n; ++j) r->latency_ms.push_back(ms);
        }
        std::lock_guard<std::mutex> lock(start_mu);
        end = std::max(end, Clock::now());
      },
      docs);
  for (auto* handle : h) db->DestroyColumnFamilyHandle(handle);
  db->Close();
  db.reset();
  std::filesystem::remove_all(dir);
  result.seconds = std::chrono::duration<double>(end - start).count();
  return result;
}

// -------------------------------------------------------------- cluster

std::vector<std::string> SplitFlags(const std::string& flags) {
  return absl::StrSplit(flags, ' ', absl::SkipEmpty());
}

struct Cluster {
  std::string dir;
  int ingest_port = 0, extraction_port = 0, query_port = 0;
  std::unique_ptr<Service> extraction, query, ingest;
};

// Ingest alone (with_pipeline false: its pipeline points at a closed port,
// so documents stay in the outbox and retries back off), or with
// extraction and query.
std::unique_ptr<Cluster> StartCluster(const std::string& dir, bool with_pipeline,
                                      const std::vector<std::string>& ingest_flags,
                                      const std::string& ingest_binary = "") {
  const std::string bin = absl::GetFlag(FLAGS_bin_dir);
  auto c = std::make_unique<Cluster>();
  c->dir = dir;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  c->extraction_port = FreePort();
  c->query_port = FreePort();
  c->ingest_port = FreePort();
  if (with_pipeline) {
    c->extraction = std::make_unique<Service>(
        "extraction", bin + "/dragoman-extraction",
        std::vector<std::string>{absl::StrCat("--port=", c->extraction_port)},
        dir + "/extraction.log");
    c->query =
        std::make_unique<Service>("query", bin + "/dragoman-query",
                                  std::vector<std::string>{absl::StrCat("--port=", c->query_port),
                                                           "--data_dir=" + dir + "/query"},
                                  dir + "/query.log");
  }
  std::vector<std::string> args = {
      absl::StrCat("--port=", c->ingest_port), "--data_dir=" + dir + "/ingest",
      absl::StrCat("--extraction_target=127.0.0.1:", c->extraction_port),
      absl::StrCat("--query_target=127.0.0.1:", c->query_port)};
  for (const std::string& f : ingest_flags) args.push_back(f);
  c->ingest = std::make_unique<Service>(
      "ingest", ingest_binary.empty() ? bin + "/dragoman-ingest" : ingest_binary, args,
      dir + "/ingest.log");
  for (int port : {c->ingest_port, with_pipeline ? c->extraction_port : 0,
                   with_pipeline ? c->query_port : 0}) {
    if (port != 0 && !WaitServing(port, absl::Seconds(60))) {
      std::fprintf(stderr, "bench: a service did not start; logs in %s\n", dir.c_str());
      std::exit(2);
    }
  }
  return c;
}

// Processing states of every stored document (ListDocuments pages).
std::map<std::string, int> DocumentStates(int ingest_port) {
  std::map<std::string, int> states;
  auto stub = ingest::v1::IngestService::NewStub(Channel(ingest_port));
  std::string token;
  do {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    ingest::v1::ListDocumentsRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    ingest::v1::ListDocumentsResponse response;
    if (!stub->ListDocuments(&context, request, &response).ok()) return {};
    for (const auto& d : response.documents()) states[d.document_id()] = d.state();
    token = response.next_page_token();
  } while (!token.empty());
  return states;
}

// Waits until every id in `ids` is DONE or FAILED; false on timeout.
bool WaitProcessed(int ingest_port, const std::set<std::string>& ids, absl::Duration timeout,
                   int* done, int* failed) {
  const auto until = Clock::now() + absl::ToChronoNanoseconds(timeout);
  while (true) {
    std::map<std::string, int> states = DocumentStates(ingest_port);
    *done = *failed = 0;
    for (const std::string& id : ids) {
      auto it = states.find(id);
      if (it == states.end()) continue;
      if (it->second == ingest::v1::PROCESSING_STATE_DONE) ++*done;
      if (it->second == ingest::v1::PROCESSING_STATE_FAILED) ++*failed;
    }
    if (*done + *failed == static_cast<int>(ids.size())) return true;
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// Query clients' requests: a country pair's events, a person's timeline,
// a full-text search. Returns the status of the call.
grpc::Status QueryOnce(query::v1::QueryService::Stub* stub, int kind, int i) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  static const char* const kPairs[][2] = {{"KZ", "CN"}, {"KZ", "RU"}, {"TJ", "CN"}, {"UZ", "KZ"}};
  static const char* const kPeople[] = {"Wang Yi", "Murat Nurtleu", "Sergueï Lavrov",
                                        "Bakhtiyor Saidov"};
  static const char* const kWords[] = {"coopération frontière", "ministre entretien",
                                       "agreement trade", "consultations", "sécurité énergie"};
  if (kind == 0) {
    query::v1::ListEventsRequest request;
    request.add_countries(kPairs[i % 4][0]);
    request.add_countries(kPairs[i % 4][1]);
    request.set_page_size(50);
    query::v1::ListEventsResponse response;
    return stub->ListEvents(&context, request, &response);
  }
  if (kind == 1) {
    query::v1::TimelineRequest request;
    request.set_person(kPeople[i % 4]);
    request.set_page_size(50);
    query::v1::TimelineResponse response;
    return stub->Timeline(&context, request, &response);
  }
  query::v1::SearchRequest request;
  request.set_query(kWords[i % 5]);
  query::v1::SearchResponse response;
  return stub->Search(&context, request, &response);
}

// Records the query service holds, by kind (Export).
std::map<std::string, int64_t> CountRecords(int query_port) {
  std::map<std::string, int64_t> counts;
  auto stub = query::v1::QueryService::NewStub(Channel(query_port));
  grpc::ClientContext context;
  query::v1::ExportRequest request;
  auto reader = stub->Export(&context, request);
  records::v1::Record record;
  while (reader->Read(&record)) {
    switch (record.kind_case()) {
      case records::v1::Record::kDocument:
        ++counts["documents"];
        break;
      case records::v1::Record::kEntity:
        ++counts["entities"];
        break;
      case records::v1::Record::kEvent:
        ++counts["events"];
        break;
      case records::v1::Record::kOffice:
        ++counts["offices"];
        break;
      default:
        break;
    }
  }
  reader->Finish();
  return counts;
}

std::vector<BenchDocument> MakeDocs(const BenchCorpus& corpus, uint64_t first, int n) {
  std::vector<BenchDocument> docs;
  docs.reserve(n);
  for (int i = 0; i < n; ++i) docs.push_back(corpus.Make(first + i));
  return docs;
}

// ------------------------------------------------------------ benchmark

struct Config {
  std::string name;  // e.g. "stream_c16"
  bool streaming;
  int clients;
};

int Benchmark(const BenchCorpus& corpus) {
  const std::string work = absl::GetFlag(FLAGS_work_dir);
  const int window = absl::GetFlag(FLAGS_window);
  const int n = absl::GetFlag(FLAGS_docs);
  std::set<std::string> phases;
  for (absl::string_view p : absl::StrSplit(absl::GetFlag(FLAGS_phases), ',')) {
    phases.insert(std::string(p));
  }
  std::vector<Config> configs;
  for (bool streaming : {false, true}) {
    if (!absl::StrContains(absl::GetFlag(FLAGS_modes), streaming ? "stream" : "unary")) continue;
    for (absl::string_view c : absl::StrSplit(absl::GetFlag(FLAGS_clients), ',')) {
      int clients = 1;
      if (!absl::SimpleAtoi(c, &clients)) continue;
      configs.push_back(
          {absl::StrCat(streaming ? "stream" : "unary", "_c", clients), streaming, clients});
    }
  }
  double mean_bytes = 0;
  {
    std::vector<BenchDocument> sample = MakeDocs(corpus, 0, 1000);
    for (const auto& d : sample) mean_bytes += d.content.size();
    mean_bytes /= sample.size();
  }
  Line("documents_per_configuration", n);
  Line("document_mean_bytes", mean_bytes);
  Line("stream_window", window);
  std::map<std::string, RunResult> echo, rocks, ingest, before;
  const std::string compare = absl::GetFlag(FLAGS_compare_ingest);
  uint64_t next_doc = 1000000;
  if (phases.count("echo")) {
    const int port = FreePort();
    Service server("echo", "/proc/self/exe", {absl::StrCat("--serve_echo_port=", port)},
                   work + "/echo.log");
    if (!WaitServing(port, absl::Seconds(30))) return 2;
    for (const Config& c : configs) {
      echo[c.name] = EchoRun(port, c.streaming, c.clients, window, MakeDocs(corpus, next_doc, n));
      next_doc += n;
    }
    Line("echo_peak_rss_mb", server.PeakRssMb());
  }
  if (phases.count("rocksdb")) {
    for (const Config& c : configs) {
      rocks[c.name] = RocksDbRun(work + "/rocksdb", c.clients, c.streaming ? window : 1,
                                 MakeDocs(corpus, next_doc, n));
      next_doc += n;
    }
  }
  double ingest_peak_rss = 0;
  if (phases.count("ingest")) {
    std::vector<std::string> flags;
    if (absl::GetFlag(FLAGS_outbox_flag)) flags.push_back("--max_outbox=100000000");
    for (const std::string& f : SplitFlags(absl::GetFlag(FLAGS_ingest_flags))) flags.push_back(f);
    for (const Config& c : configs) {
      std::vector<BenchDocument> docs = MakeDocs(corpus, next_doc, n);
      next_doc += n;
      auto cluster = StartCluster(work + "/ingest-" + c.name, /*with_pipeline=*/false, flags);
      const double cpu = CpuSeconds(cluster->ingest->pid());
      ingest[c.name] = IngestRun(cluster->ingest_port, c.streaming, c.clients, window, docs);
      ingest[c.name].server_cpu_seconds = CpuSeconds(cluster->ingest->pid()) - cpu;
      ingest_peak_rss = std::max(ingest_peak_rss, cluster->ingest->PeakRssMb());
      cluster->ingest->Stop();
      std::filesystem::remove_all(cluster->dir);
      if (!compare.empty()) {
        auto old = StartCluster(work + "/before-" + c.name, /*with_pipeline=*/false,
                                SplitFlags(absl::GetFlag(FLAGS_ingest_flags)), compare);
        const double old_cpu = CpuSeconds(old->ingest->pid());
        before[c.name] = IngestRun(old->ingest_port, c.streaming, c.clients, window, docs);
        before[c.name].server_cpu_seconds = CpuSeconds(old->ingest->pid()) - old_cpu;
        old->ingest->Stop();
        std::filesystem::remove_all(old->dir);
      }
    }
  }

  // The table, then the lines.
  if (echo.empty() && rocks.empty() && ingest.empty()) configs.clear();
  if (!configs.empty())
    std::printf(
        "\n| configuration | echo docs/s | RocksDB synced docs/s | ingest docs/s | "
        "ingest p50 ms | ingest p99 ms | vs RocksDB | vs echo "
        "|\n|---|---|---|---|---|---|---|---|\n");
  for (const Config& c : configs) {
    if (configs.empty()) break;
    const RunResult& e = echo[c.name];
    const RunResult& r = rocks[c.name];
    const RunResult& i = ingest[c.name];
    std::printf("| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", c.name.c_str(),
                e.docs_per_second(), r.docs_per_second(), i.docs_per_second(),
                Percentile(i.latency_ms, 0.5), Percentile(i.latency_ms, 0.99),
                r.docs_per_second() > 0 ? i.docs_per_second() / r.docs_per_second() : 0,
                e.docs_per_second() > 0 ? i.docs_per_second() / e.docs_per_second() : 0);
  }
  std::printf("\n");
  std::string best;
  for (const Config& c : configs) {
    const std::vector<std::pair<std::string, std::map<std::string, RunResult>*>> kinds = {
        {"echo", &echo}, {"rocksdb", &rocks}, {"ingest", &ingest}};
    for (const auto& [prefix, results] : kinds) {
      auto it = results->find(c.name);
      if (it == results->end()) continue;
      const RunResult& r = it->second;
      const std::string base = absl::StrCat(prefix, "_", c.name);
      Line(base + "_docs_s", r.docs_per_second());
      Line(base + "_p50_ms", Percentile(r.latency_ms, 0.5));
      Line(base + "_p99_ms", Percentile(r.latency_ms, 0.99));
      if (r.errors > 0 || !r.codes.empty()) Line(base + "_errors", r.errors + r.codes.size());
      if (r.server_cpu_seconds > 0 && r.docs > 0) {
        Line(base + "_server_cpu_ms_per_doc", 1000 * r.server_cpu_seconds / r.docs);
      }
    }
    if (ingest.count(c.name)) {
      const double i = ingest[c.name].docs_per_second();
      if (rocks.count(c.name) && rocks[c.name].docs > 0) {
        Line(absl::StrCat("ingest_", c.name, "_vs_rocksdb_ceiling"),
             i / std::max(1e-9, rocks[c.name].docs_per_second()));
      }
      if (echo.count(c.name) && echo[c.name].docs > 0) {
        Line(absl::StrCat("ingest_", c.name, "_vs_grpc_echo"),
             i / std::max(1e-9, echo[c.name].docs_per_second()));
      }
      if (before.count(c.name)) {
        const RunResult& b = before[c.name];
        Line(absl::StrCat("ingest_before_", c.name, "_docs_s"), b.docs_per_second());
        Line(absl::StrCat("ingest_before_", c.name, "_p50_ms"), Percentile(b.latency_ms, 0.5));
        Line(absl::StrCat("ingest_before_", c.name, "_p99_ms"), Percentile(b.latency_ms, 0.99));
        if (b.docs > 0) {
          Line(absl::StrCat("ingest_before_", c.name, "_server_cpu_ms_per_doc"),
               1000 * b.server_cpu_seconds / b.docs);
        }
        Line(absl::StrCat("ingest_", c.name, "_speedup_vs_before"),
             i / std::max(1e-9, b.docs_per_second()));
      }
      if (best.empty() || i > ingest[best].docs_per_second()) best = c.name;
    }
  }
  if (!best.empty()) {
    Line("ingest_best_configuration", best);
    Line("ingest_docs_s", ingest[best].docs_per_second());
    Line("ingest_p50_ms", Percentile(ingest[best].latency_ms, 0.5));
    Line("ingest_p99_ms", Percentile(ingest[best].latency_ms, 0.99));
    if (rocks.count(best) && rocks[best].docs > 0) {
      Line("ingest_vs_rocksdb_ceiling",
           ingest[best].docs_per_second() / std::max(1e-9, rocks[best].docs_per_second()));
    }
    if (echo.count(best) && echo[best].docs > 0) {
      Line("ingest_vs_grpc_echo",
           ingest[best].docs_per_second() / std::max(1e-9, echo[best].docs_per_second()));
    }
    Line("ingest_alone_peak_rss_mb", ingest_peak_rss);
  }

  if (phases.count("pipeline")) {
    const int m = absl::GetFlag(FLAGS_pipeline_docs);
    std::vector<BenchDocument> docs = MakeDocs(corpus, next_doc, m);
    std::vector<std::string> flags = SplitFlags(absl::GetFlag(FLAGS_ingest_flags));
    if (absl::GetFlag(FLAGS_outbox_flag)) flags.push_back("--max_outbox=100000000");
    auto cluster = StartCluster(work + "/pipeline", /*with_pipeline=*/true, flags);
    const Clock::time_point start = Clock::now();
    RunResult r = IngestRun(cluster->ingest_port, true, 16, window, docs);
    Line("pipeline_documents", m);
    Line("ingest_stream_c16_with_pipeline_docs_s", r.docs_per_second());
    Line("ingest_stream_c16_with_pipeline_p99_ms", Percentile(r.latency_ms, 0.99));
    std::set<std::string> ids;
    for (const auto& [id, state] : DocumentStates(cluster->ingest_port)) ids.insert(id);
    int done = 0, failed = 0;
    const bool drained =
        WaitProcessed(cluster->ingest_port, ids, absl::Seconds(1800), &done, &failed);
    const double seconds = SecondsSince(start);
    Line("pipeline_drained", drained ? "yes" : "NO (timeout)");
    Line("pipeline_docs_done", done);
    Line("pipeline_docs_failed", failed);
    Line("pipeline_end_to_end_docs_s", (done + failed) / seconds);
    // Let RocksDB settle (memtables stay; sizes are what a running service holds).
    std::map<std::string, int64_t> records = CountRecords(cluster->query_port);
    int64_t record_count = 0;
    for (const auto& [kind, count] : records) {
      Line("query_records_" + kind, count);
      record_count += count;
    }
    const double ingest_bytes = DirectoryBytes(cluster->dir + "/ingest");
    const double query_bytes = DirectoryBytes(cluster->dir + "/query");
    Line("ingest_store_bytes_per_document", ingest_bytes / std::max<size_t>(1, ids.size()));
    Line("query_store_bytes_per_document", query_bytes / std::max<size_t>(1, ids.size()));
    Line("query_store_bytes_per_record", query_bytes / std::max<int64_t>(1, record_count));
    Line("store_bytes_per_document",
         (ingest_bytes + query_bytes) / std::max<size_t>(1, ids.size()));
    auto stub = query::v1::QueryService::NewStub(Channel(cluster->query_port));
    const char* const kKinds[] = {"list_events_country_pair", "timeline_person", "search"};
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<double> ms;
      for (int i = 0; i < 10; ++i) QueryOnce(stub.get(), kind, i);  // warm-up
      int errors = 0;
      for (int i = 0; i < absl::GetFlag(FLAGS_queries); ++i) {
        const Clock::time_point t = Clock::now();
        if (!QueryOnce(stub.get(), kind, i).ok()) ++errors;
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
      }
      Line(absl::StrCat("query_", kKinds[kind], "_p50_ms"), Percentile(ms, 0.5));
      Line(absl::StrCat("query_", kKinds[kind], "_p99_ms"), Percentile(ms, 0.99));
      if (errors > 0) Line(absl::StrCat("query_", kKinds[kind], "_errors"), errors);
    }
    Line("ingest_peak_rss_mb", cluster->ingest->PeakRssMb());
    Line("extraction_peak_rss_mb", cluster->extraction->PeakRssMb());
    Line("query_peak_rss_mb", cluster->query->PeakRssMb());
  }
  return 0;
}

// ------------------------------------------------------------- load run

// Load run shared state.
struct LoadState {
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::map<std::string, int64_t> outcomes;  // "ingest_OK", "query_UNAVAILABLE", ...
  std::atomic<int64_t> retry_waits_ms{0};
  void Count(const std::string& key, int64_t n = 1) {
    std::lock_guard<std::mutex> lock(mu);
    outcomes[key] += n;
  }
};

std::string CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : absl::StrCat("CODE_", code);
}

// Retry advice of a refused call: retry-after-ms, else
// grpc-retry-pushback-ms, else one second.
int64_t RetryAfterMs(const grpc::ClientContext& context) {
  for (const char* key : {"retry-after-ms", "grpc-retry-pushback-ms"}) {
    auto range = context.GetServerTrailingMetadata().equal_range(key);
    for (auto it = range.first; it != range.second; ++it) {
      int64_t ms = 0;
      if (absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &ms)) {
        return ms;
      }
    }
  }
  return 1000;
}

// One bulk client of the load run: streams new documents until stopped,
// up to `window` in flight. When documents are refused (per-document
// RESOURCE_EXHAUSTED or UNAVAILABLE, or the whole stream), it half-closes,
// waits as the trailer advises and sends the refused and unanswered
// documents again, first, on a new stream.
void LoadClient(int k, int clients, int port, const BenchCorpus& corpus, int window,
                LoadState* state) {
  auto stub = ingest::v1::IngestService::NewStub(Channel(port));
  uint64_t next = 50000000ull + k;
  std::deque<BenchDocument> unacknowledged;  // to send again, in order
  while (!state->stop) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    auto stream = stub->IngestDocuments(&context);
    std::mutex mu;
    std::condition_variable cv;
    bool reader_done = false;
    bool refused = false;
    std::deque<BenchDocument> pending = std::move(unacknowledged);
    unacknowledged.clear();
    std::deque<BenchDocument> sent;    // awaiting a response, in order
    std::deque<BenchDocument> resend;  // refused
    std::thread reader([&] {
      ingest::v1::IngestDocumentResponse response;
      while (stream->Read(&response)) {
        std::lock_guard<std::mutex> lock(mu);
        if (sent.empty()) break;
        BenchDocument doc = std::move(sent.front());
        sent.pop_front();
        if (Acknowledged(response)) {
          std::lock_guard<std::mutex> l(state->mu);
          state->acknowledged.insert(response.document_id());
          ++state->outcomes["ingest_document_OK"];
        } else {
          state->Count("ingest_document_" + CodeName(response.error_code()));
          if (response.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
              response.error_code() == grpc::StatusCode::UNAVAILABLE) {
            resend.push_back(std::move(doc));
            refused = true;
          }
        }
        cv.notify_all();
      }
      std::lock_guard<std::mutex> lock(mu);
      reader_done = true;
      cv.notify_all();
    });
    while (!state->stop) {
      ingest::v1::IngestDocumentRequest request;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] {
          return reader_done || refused || sent.size() < static_cast<size_t>(window);
        });
        if (reader_done || refused) break;
        BenchDocument doc;
        if (!pending.empty()) {
          doc = std::move(pending.front());
          pending.pop_front();
        } else {
          doc = corpus.Make(next);
          next += clients;
        }
        request.set_content(doc.content);
        request.set_uri(doc.uri);
        sent.push_back(std::move(doc));
      }
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
    reader.join();
    grpc::Status s = stream->Finish();
    for (auto* q : {&resend, &sent, &pending}) {
      for (BenchDocument& d : *q) unacknowledged.push_back(std::move(d));
    }
    if (!s.ok()) state->Count("ingest_stream_" + CodeName(s.error_code()));
    const bool advised = refused || s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                         s.error_code() == grpc::StatusCode::UNAVAILABLE;
    if (advised) {
      const int64_t ms = RetryAfterMs(context);
      state->retry_waits_ms += ms;
      for (int64_t waited = 0; waited < ms && !state->stop; waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    } else if (!s.ok()) {
      std::fprintf(stderr, "bench: load stream failed: %d %s\n", s.error_code(),
                   s.error_message().c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
}

int Load(const BenchCorpus& corpus) {
  const int seconds = absl::GetFlag(FLAGS_load_seconds);
  const int clients = absl::GetFlag(FLAGS_load_clients);
  const std::string work = absl::GetFlag(FLAGS_work_dir);
  std::vector<std::string> flags = SplitFlags(absl::GetFlag(FLAGS_ingest_flags));
  flags.push_back(absl::StrCat("--max_outbox=", absl::GetFlag(FLAGS_load_max_outbox)));
  auto cluster = StartCluster(work + "/load", /*with_pipeline=*/true, flags);
  LoadState state;
  const Clock::time_point start = Clock::now();

  // RSS of each service, once a second.
  std::map<std::string, std::vector<double>> rss;
  std::thread sampler([&] {
    while (!state.stop) {
      rss["ingest"].push_back(cluster->ingest->RssMb());
      rss["extraction"].push_back(cluster->extraction->RssMb());
      rss["query"].push_back(cluster->query->RssMb());
      for (int i = 0; i < 20 && !state.stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });
  std::vector<std::thread> threads;
  for (int k = 0; k < clients; ++k) {
    threads.emplace_back([&, k] {
      LoadClient(k, clients, cluster->ingest_port, corpus, absl::GetFlag(FLAGS_window), &state);
    });
  }
  for (int k = 0; k < absl::GetFlag(FLAGS_load_query_clients); ++k) {
    threads.emplace_back([&, k] {
      auto stub = query::v1::QueryService::NewStub(Channel(cluster->query_port));
      for (int i = k; !state.stop; ++i) {
        grpc::Status s = QueryOnce(stub.get(), i % 3, i);
        state.Count("query_" + CodeName(s.error_code()));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  state.stop = true;
  for (std::thread& t : threads) t.join();
  sampler.join();
  const double ingest_seconds = SecondsSince(start);

  int done = 0, failed = 0;
  const Clock::time_point drain_start = Clock::now();
  const bool drained =
      WaitProcessed(cluster->ingest_port, state.acknowledged,
                    absl::Seconds(absl::GetFlag(FLAGS_load_drain_timeout_s)), &done, &failed);
  const double drain_seconds = SecondsSince(drain_start);

  bool pass = drained && failed == 0;
  std::vector<std::string> reasons;
  if (!drained) reasons.push_back("acknowledged documents left unprocessed");
  if (failed > 0) reasons.push_back("documents FAILED in the pipeline");
  Line("load_seconds", ingest_seconds);
  Line("load_bulk_clients", clients);
  Line("load_query_clients", absl::GetFlag(FLAGS_load_query_clients));
  Line("load_max_outbox", absl::GetFlag(FLAGS_load_max_outbox));
  Line("load_docs_acknowledged", static_cast<double>(state.acknowledged.size()));
  Line("load_ingest_docs_s", state.acknowledged.size() / ingest_seconds);
  for (const auto& [key, n] : state.outcomes) {
    Line("load_" + key, static_cast<double>(n));
    const bool allowed = absl::EndsWith(key, "_OK") || absl::EndsWith(key, "_RESOURCE_EXHAUSTED") ||
                         absl::EndsWith(key, "_UNAVAILABLE");
    if (!allowed) {
      pass = false;
      reasons.push_back("status " + key);
    }
  }
  Line("load_retry_advice_waited_s", state.retry_waits_ms / 1000.0);
  // Bounded memory: no service's RSS may exceed the limit, and, once the
  // first minute (memtables, caches and thread pools filling up) is past,
  // the RSS projected ten minutes ahead along the last minute's
  // least-squares slope must stay under it too (a service still growing
  // steadily fails even below the limit now). Runs shorter than two
  // minutes report the trend but only check the limit.
  const double limit = absl::GetFlag(FLAGS_load_rss_limit_mb);
  for (const auto& [name, samples] : rss) {
    if (samples.empty()) continue;
    const size_t n = std::min<size_t>(60, samples.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; ++i) {
      const double x = i, y = samples[samples.size() - n + i];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const double slope_per_s = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
    const double peak = *std::max_element(samples.begin(), samples.end());
    const double projected = samples.back() + std::max(0.0, slope_per_s) * 600;
    const bool trend_checked = samples.size() >= 120;
    Line("load_rss_max_mb_" + name, peak);
    Line("load_rss_last_mb_" + name, samples.back());
    Line("load_rss_trend_mb_per_min_" + name, slope_per_s * 60);
    Line("load_rss_projected_10min_mb_" + name, projected);
    if (peak > limit || (trend_checked && projected > limit)) {
      pass = false;
      reasons.push_back(absl::StrCat(name, " memory not bounded by ", limit, " MiB"));
    }
  }
  Line("load_rss_trend_checked",
       rss.empty() || rss.begin()->second.size() < 120 ? "no (run < 120 s)" : "yes");
  Line("load_drained", drained ? "yes" : "no");
  Line("load_drain_seconds", drain_seconds);
  Line("load_docs_done", done);
  Line("load_docs_failed", failed);
  Line("load_result", pass ? "PASS" : "FAIL: " + absl::StrJoin(reasons, "; "));
  return pass ? 0 : 1;
}

}  // namespace
}  // namespace dragoman::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (const int port = absl::GetFlag(FLAGS_serve_echo_port); port != 0) {
    return dragoman::bench::ServeEcho(port);
  }
  if (absl::GetFlag(FLAGS_work_dir).empty()) {
    std::fprintf(stderr, "dragoman_ingest_bench: --work_dir is required\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  dragoman::bench::BenchCorpus corpus(absl::GetFlag(FLAGS_root));
  if (corpus.empty()) {
    std::fprintf(stderr, "dragoman_ingest_bench: no fixtures under %s\n",
                 absl::GetFlag(FLAGS_root).c_str());
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  return absl::GetFlag(FLAGS_load_seconds) > 0 ? dragoman::bench::Load(corpus)
                                               : dragoman::bench::Benchmark(corpus);
}
