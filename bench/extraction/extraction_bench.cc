// dragoman_extraction_bench: extraction speed in process over a corpus
// generated from the project's fixtures, against a raw byte scan of the
// same bytes; FindDates speed and output for the date-finder comparison
// (bench/extraction/dates_compare.py does the peers' side); the peak RSS
// of the real extraction service fed the same corpus over gRPC. Prints a
// table and "name: value" lines. See BENCHMARKS.md.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/extraction/fixture_corpus.h"
#include "common/gazetteer/gazetteer.h"
#include "common/normalize/normalizer.h"
#include "dragoman/extraction/v1/extraction.grpc.pb.h"
#include "services/extraction/dates.h"
#include "services/extraction/extractor.h"
#include "services/extraction/header.h"

ABSL_FLAG(std::string, gazetteer_dir, DRAGOMAN_DEFAULT_GAZETTEER_DIR, "gazetteer data files");
ABSL_FLAG(std::string, fixtures, DRAGOMAN_FIXTURE_DIRS,
          "comma-separated directories of fixture documents");
ABSL_FLAG(int, corpus_mb, 50, "generated corpus size, MB (10^6 bytes)");
ABSL_FLAG(uint64_t, seed, 20250601, "corpus generator seed");
ABSL_FLAG(int, threads, 0, "threads of the all-core run; 0: hardware_concurrency");
ABSL_FLAG(double, max_seconds, 0,
          "stop each extraction run after this long (0: the whole corpus); rates are then "
          "over the documents done");
ABSL_FLAG(int, peer_docs, 200, "documents of the corpus given to the slow date finders");
ABSL_FLAG(std::string, peer_docs_out, "", "write those documents (JSON Lines) here");
ABSL_FLAG(std::string, shared_corpus, "",
          "a gold corpus (../shared/corpus): write its documents and FindDates' dates");
ABSL_FLAG(std::string, shared_docs_out, "", "JSON Lines of the gold corpus documents");
ABSL_FLAG(std::string, shared_dates_out, "", "JSON Lines of FindDates' dates on them");
ABSL_FLAG(std::string, service_binary, "",
          "dragoman-extraction binary: measure its peak RSS fed the corpus over gRPC");
ABSL_FLAG(double, service_seconds, 120, "stop sending to the service after this long");
ABSL_FLAG(bool, skip_extraction, false, "only dates and the service");
ABSL_FLAG(bool, fresh_message, false,
          "extract each document into a new message (by-value Extract, as the gRPC handler's "
          "fresh response) instead of one reused message per worker");
ABSL_FLAG(bool, profile, false, "only the single-thread extraction run (for perf record)");
ABSL_FLAG(std::string, records_out, "",
          "write every document's records and dates here (text format), to check that a "
          "change to the rules keeps their output");

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using dragoman::bench::CorpusDocument;
using dragoman::extraction::DateMention;
using dragoman::extraction::FindDates;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

void Line(const std::string& name, double value) {
  std::cout << absl::StrFormat("%s: %.3f", name, value) << std::endl;
}

struct Rate {
  double seconds = 0;
  size_t bytes = 0;
  size_t documents = 0;
  double mb_s() const { return bytes / 1e6 / seconds; }
  double docs_s() const { return documents / seconds; }
};

// memchr over every document, as many passes as fill a second: the most
// any pass over these bytes can do on this machine.
Rate MemchrScan(const std::vector<CorpusDocument>& docs) {
  Rate rate;
  size_t lines = 0;
  const auto start = Clock::now();
  do {
    for (const CorpusDocument& d : docs) {
      const char* p = d.text.data();
      const char* end = p + d.text.size();
      while ((p = static_cast<const char*>(memchr(p, '\n', end - p))) != nullptr) {
        ++lines;
        ++p;
      }
      rate.bytes += d.text.size();
      ++rate.documents;
    }
  } while (Seconds(start) < 1.0);
  rate.seconds = Seconds(start);
  if (lines == 0) std::cerr << "no lines?\n";
  return rate;
}

std::optional<absl::CivilDay> Reference(const std::string& text) {
  const dragoman::extraction::Header header = dragoman::extraction::ReadHeader(text);
  if (!header.published) return std::nullopt;
  return dragoman::extraction::ParseDay(header.published->substr(0, 10));
}

// Extract over the documents with `threads` workers taking the next one.
// With fresh_message, each document gets a message of its own (the gRPC
// handler's case: gRPC hands it a new response per call).
Rate ExtractAll(const dragoman::extraction::Extractor& extractor,
                const std::vector<CorpusDocument>& docs, int threads, double max_seconds,
                bool fresh_message, size_t* events) {
  std::atomic<size_t> next{0}, bytes{0}, done{0}, event_count{0}, failures{0};
  const auto start = Clock::now();
  auto work = [&] {
    // One input and one output message per worker, as a batch caller
    // would keep them: the message's cleared fields keep their memory.
    dragoman::extraction::ExtractionInput input;
    dragoman::records::v1::DocumentRecords records;
    for (size_t i; (i = next.fetch_add(1)) < docs.size();) {
      if (max_seconds > 0 && Seconds(start) > max_seconds) break;
      input.document_id = docs[i].id;
      input.text = docs[i].text;
      if (fresh_message) {
        auto fresh = extractor.Extract(input);
        if (!fresh.ok()) {
          ++failures;
          continue;
        }
        event_count += fresh->events_size();
      } else {
        if (!extractor.Extract(input, &records).ok()) {
          ++failures;
          continue;
        }
        event_count += records.events_size();
      }
      bytes += docs[i].text.size();
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  Rate rate;
  rate.seconds = Seconds(start);
  rate.bytes = bytes;
  rate.documents = done;
  *events = event_count;
  if (failures > 0) std::cerr << "extraction failures: " << failures << "\n";
  return rate;
}

Rate DatesOver(const std::vector<CorpusDocument>& docs,
               const std::vector<std::optional<absl::CivilDay>>& references, double min_seconds,
               size_t* found) {
  Rate rate;
  *found = 0;
  const auto start = Clock::now();
  do {
    for (size_t i = 0; i < docs.size(); ++i) {
      *found += FindDates(docs[i].text, references[i]).size();
      rate.bytes += docs[i].text.size();
      ++rate.documents;
    }
  } while (Seconds(start) < min_seconds);
  rate.seconds = Seconds(start);
  return rate;
}

std::string DayOrEmpty(const std::optional<absl::CivilDay>& day) {
  if (!day) return "";
  return absl::StrFormat("%04d-%02d-%02d", day->year(), day->month(), day->day());
}

// Writes the gold corpus' clean texts and FindDates' dates on them. The
// reference day is the gold publication date when there is one (what the
// gold resolves relative dates against), else the header's.
void SharedCorpus(const std::string& dir, const std::string& docs_out, const std::string& dates_out) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".txt" || ext == ".html" || ext == ".htm")) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::ofstream docs(docs_out), dates(dates_out);
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto normalized = dragoman::normalize::Normalize(buffer.str(), "", path.string());
    if (!normalized.ok()) continue;
    std::optional<absl::CivilDay> reference;
    std::ifstream gold_in(path.string() + ".gold.json");
    if (gold_in) {
      nlohmann::json gold = nlohmann::json::parse(gold_in, nullptr, false);
      if (gold.is_object() && gold["published"].is_string()) {
        reference = dragoman::extraction::ParseDay(
            gold["published"].get<std::string>().substr(0, 10));
      }
    }
    if (!reference) reference = Reference(normalized->clean_text);
    const std::string id = fs::relative(path, dir).string();
    docs << nlohmann::json{{"id", id}, {"text", normalized->clean_text},
                           {"reference", DayOrEmpty(reference)}}
                .dump()
         << "\n";
    nlohmann::json values = nlohmann::json::array();
    for (const DateMention& d : FindDates(normalized->clean_text, reference)) {
      values.push_back(d.value);
    }
    dates << nlohmann::json{{"id", id}, {"dates", values}}.dump() << "\n";
  }
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

double StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1));
  }
  return -1;
}

// Starts the service, waits until it extracts, sends the corpus from as
// many client threads as cores and reads its peak RSS.
bool ServiceRss(const std::string& binary, const std::vector<CorpusDocument>& docs, int threads,
                double max_seconds) {
  const int port = FreePort();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    const std::string port_flag = absl::StrCat("--port=", port);
    const std::string gazetteer_flag = "--gazetteer_dir=" + absl::GetFlag(FLAGS_gazetteer_dir);
    execl(binary.c_str(), binary.c_str(), port_flag.c_str(), "--address=127.0.0.1",
          gazetteer_flag.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = dragoman::extraction::v1::ExtractionService::NewStub(channel);
  bool ready = false;
  const auto start = Clock::now();
  while (!ready && Seconds(start) < 60) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    dragoman::extraction::v1::ExtractRequest request;
    request.set_document_id("warm-up");
    request.set_text(docs[0].text);
    dragoman::extraction::v1::ExtractResponse response;
    ready = stub->Extract(&context, request, &response).ok();
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  bool ok = ready;
  if (ready) {
    const double idle_kb = StatusKb(pid, "VmHWM");
    std::atomic<size_t> next{0}, done{0}, bytes{0}, failures{0};
    const auto send_start = Clock::now();
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < docs.size();) {
        if (Seconds(send_start) > max_seconds) break;
        grpc::ClientContext context;
        dragoman::extraction::v1::ExtractRequest request;
        request.set_document_id(docs[i].id);
        request.set_text(docs[i].text);
        dragoman::extraction::v1::ExtractResponse response;
        if (stub->Extract(&context, request, &response).ok()) {
          ++done;
          bytes += docs[i].text.size();
        } else {
          ++failures;
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    for (std::thread& t : pool) t.join();
    const double seconds = Seconds(send_start);
    Line("extraction_service_documents", done);
    Line("extraction_service_failures", failures);
    Line("extraction_service_mb_s", bytes / 1e6 / seconds);
    Line("extraction_rss_idle_mb", idle_kb / 1024);
    Line("extraction_rss_mb", StatusKb(pid, "VmHWM") / 1024);
    ok = failures == 0;
  } else {
    std::cerr << "extraction service did not answer on port " << port << "\n";
  }
  kill(pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 300 && waitpid(pid, &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  dragoman::gazetteer::LoadOptions load;
  load.data_dir = absl::GetFlag(FLAGS_gazetteer_dir);
  auto gazetteer = dragoman::gazetteer::Gazetteer::Load(load);
  if (!gazetteer.ok()) {
    std::cerr << "gazetteer: " << gazetteer.status() << "\n";
    return 1;
  }
  auto extractor = dragoman::extraction::Extractor::Create(**gazetteer);
  if (!extractor.ok()) {
    std::cerr << extractor.status() << "\n";
    return 1;
  }
  std::vector<std::string> dirs = absl::StrSplit(absl::GetFlag(FLAGS_fixtures), ',');
  auto fixtures = dragoman::bench::FixtureCorpus::Load(dirs, **gazetteer);
  if (!fixtures.ok()) {
    std::cerr << "fixtures: " << fixtures.status() << "\n";
    return 1;
  }
  const auto generate_start = Clock::now();
  const std::vector<CorpusDocument> docs =
      fixtures->Generate(static_cast<size_t>(absl::GetFlag(FLAGS_corpus_mb)) * 1000000,
                         absl::GetFlag(FLAGS_seed));
  size_t corpus_bytes = 0;
  for (const CorpusDocument& d : docs) corpus_bytes += d.text.size();
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = absl::GetFlag(FLAGS_threads) > 0 ? absl::GetFlag(FLAGS_threads) : cores;

  Line("fixture_documents", fixtures->fixture_count());
  Line("fixture_bytes", fixtures->fixture_bytes());
  Line("corpus_documents", docs.size());
  Line("corpus_mb", corpus_bytes / 1e6);
  Line("corpus_generate_seconds", Seconds(generate_start));
  Line("cores", cores);

  if (!absl::GetFlag(FLAGS_records_out).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_records_out));
    // The reused message, as in ExtractAll: its records must not depend on
    // what it held before.
    dragoman::records::v1::DocumentRecords records;
    for (const CorpusDocument& d : docs) {
      dragoman::extraction::ExtractionInput input;
      input.document_id = d.id;
      input.text = d.text;
      const absl::Status status = (*extractor)->Extract(input, &records);
      out << "# " << d.id << "\n" << (status.ok() ? records.DebugString() : status.ToString());
      for (const DateMention& m : FindDates(d.text, Reference(d.text))) {
        out << "date " << m.start << " " << m.end << " " << m.value << " " << m.explicit_year
            << m.relative << "\n";
      }
    }
  }

  if (absl::GetFlag(FLAGS_profile)) {
    size_t events = 0;
    const Rate one = ExtractAll(**extractor, docs, 1, absl::GetFlag(FLAGS_max_seconds),
                                absl::GetFlag(FLAGS_fresh_message), &events);
    Line("extraction_mb_s_1_thread", one.mb_s());
    return 0;
  }
  const Rate scan = MemchrScan(docs);
  Line("memchr_mb_s", scan.mb_s());
  auto ratio = [](const std::string& name, double value) {
    std::cout << absl::StrFormat("%s: %.6f", name, value) << std::endl;
  };

  struct Row {
    std::string what;
    Rate rate;
  };
  std::vector<Row> rows = {{"memchr raw byte scan (1 thread)", scan}};
  if (!absl::GetFlag(FLAGS_skip_extraction)) {
    size_t events_one = 0, events_all = 0, events_fresh = 0;
    const double max_seconds = absl::GetFlag(FLAGS_max_seconds);
    const bool fresh = absl::GetFlag(FLAGS_fresh_message);
    const Rate one = ExtractAll(**extractor, docs, 1, max_seconds, fresh, &events_one);
    const Rate all = ExtractAll(**extractor, docs, threads, max_seconds, fresh, &events_all);
    const Rate one_fresh = ExtractAll(**extractor, docs, 1, max_seconds, true, &events_fresh);
    rows.push_back({"Extract, 1 thread", one});
    rows.push_back({absl::StrCat("Extract, ", threads, " threads"), all});
    rows.push_back({"Extract, 1 thread, a new message per document", one_fresh});
    Line("extraction_mb_s_1_thread_fresh_message", one_fresh.mb_s());
    Line("extraction_documents_1_thread", one.documents);
    Line("extraction_events_1_thread", events_one);
    Line("extraction_mb_s_1_thread", one.mb_s());
    Line("extraction_docs_s_1_thread", one.docs_s());
    Line("extraction_mb_s_all_cores", all.mb_s());
    Line("extraction_docs_s_all_cores", all.docs_s());
    Line("extraction_threads_all_cores", threads);
    // Per core: the single-thread rate; the all-core rate divided by the
    // cores is printed too (it is lower when other jobs share the cores).
    Line("extraction_mb_s_per_core", one.mb_s());
    Line("extraction_mb_s_per_core_from_all_cores", all.mb_s() / cores);
    ratio("extraction_vs_memchr", one.mb_s() / scan.mb_s());
  }

  // Dates: FindDates alone, reference = the publication date the header gives.
  std::vector<std::optional<absl::CivilDay>> references;
  for (const CorpusDocument& d : docs) references.push_back(Reference(d.text));
  size_t found = 0;
  const Rate dates = DatesOver(docs, references, 0, &found);
  rows.push_back({"FindDates, 1 thread", dates});
  Line("dates_mb_s", dates.mb_s());
  Line("dates_found", found);
  ratio("dates_vs_memchr", dates.mb_s() / scan.mb_s());
  const size_t peer_count = std::min<size_t>(absl::GetFlag(FLAGS_peer_docs), docs.size());
  const std::vector<CorpusDocument> peer(docs.begin(), docs.begin() + peer_count);
  const std::vector<std::optional<absl::CivilDay>> peer_references(references.begin(),
                                                                   references.begin() + peer_count);
  const Rate peer_rate = DatesOver(peer, peer_references, 2.0, &found);
  Line("dates_peer_set_documents", peer_count);
  Line("dates_peer_set_docs_s_dragoman", peer_rate.docs_s());
  Line("dates_peer_set_mb_s_dragoman", peer_rate.mb_s());
  if (!absl::GetFlag(FLAGS_peer_docs_out).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_peer_docs_out));
    for (size_t i = 0; i < peer.size(); ++i) {
      out << nlohmann::json{{"id", peer[i].id}, {"text", peer[i].text},
                            {"reference", DayOrEmpty(peer_references[i])}}
                 .dump()
          << "\n";
    }
  }
  if (!absl::GetFlag(FLAGS_shared_corpus).empty()) {
    SharedCorpus(absl::GetFlag(FLAGS_shared_corpus), absl::GetFlag(FLAGS_shared_docs_out),
                 absl::GetFlag(FLAGS_shared_dates_out));
  }

  std::cout << "\n| run | MB/s | documents/s | x memchr |\n|---|---|---|---|\n";
  for (const Row& r : rows) {
    std::cout << absl::StrFormat("| %s | %.2f | %.0f | %.6f |\n", r.what, r.rate.mb_s(),
                                 r.rate.docs_s(), r.rate.mb_s() / scan.mb_s());
  }
  std::cout << std::endl;

  bool ok = true;
  if (!absl::GetFlag(FLAGS_service_binary).empty()) {
    ok = ServiceRss(absl::GetFlag(FLAGS_service_binary), docs, cores,
                    absl::GetFlag(FLAGS_service_seconds));
  }
  return ok ? 0 : 1;
}
