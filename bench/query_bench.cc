// dragoman_query_bench: loads a synthetic corpus's records into a fresh
// RecordStore and measures the analyst reads the query service answers.
// Prints "name: value" lines. With --pg_out it also writes the documents
// and the Search queries for bench/run's PostgreSQL baseline.
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/synthetic_corpus.h"
#include "absl/strings/escaping.h"
#include "rocksdb/db.h"
#include "services/query/record_store.h"

ABSL_FLAG(int, docs, 100000, "Documents to generate and load.");
ABSL_FLAG(int, queries, 1000, "Requests per measured read.");
ABSL_FLAG(std::string, dir, "", "Store directory (default: a fresh temporary one, removed).");
ABSL_FLAG(std::string, pg_out, "", "Write docs.tsv and search_queries.txt here for PostgreSQL.");
ABSL_FLAG(std::string, export_out, "",
          "After the load, write every exported record here (text format, one per line), "
          "to compare store layouts.");
ABSL_FLAG(bool, load_only, false, "Stop after the load (no reads measured).");
ABSL_FLAG(std::string, replay, "",
          "Load these records instead of the synthetic corpus: DocumentRecords messages, each "
          "after its length (4 bytes, little-endian); at most --docs of them. Implies "
          "--load_only.");

ABSL_FLAG(std::string, dump_store, "",
          "Only write every key and value of the store in this directory (each column family "
          "in key order, escaped, one per line) to --dump_out and exit: compares whole stores, "
          "indexes included, across builds.");
ABSL_FLAG(std::string, dump_out, "", "Where --dump_store writes.");
ABSL_FLAG(bool, reads_only, false,
          "Load nothing: measure the reads on the store already in --dir (loaded earlier with "
          "--load_only), to profile or compare reads across builds on the same store.");
ABSL_FLAG(std::string, only, "", "Measure only the read of this name (e.g. list_events_country_pair).");
ABSL_FLAG(std::string, responses_out, "",
          "Write every response of the measured reads here (text format, one per line, in "
          "request order), to check that two builds answer alike.");

namespace {

namespace qv1 = dragoman::query::v1;
using dragoman::query::RecordStore;

void Print(const std::string& name, double value) {
  std::cout << name << ": " << absl::StrFormat("%.3f", value) << std::endl;
}

double CpuSeconds();

// Runs `one` `n` times; prints p50 and p99 in milliseconds; aborts on an
// error (a benchmark of failing calls measures nothing).
// Reads measured with Measure: only this one when --only is given.
bool Wanted(const std::string& name) {
  const std::string only = absl::GetFlag(FLAGS_only);
  return only.empty() || only == name;
}

void Measure(const std::string& name, int n, const std::function<absl::Status(int)>& one) {
  if (!Wanted(name)) return;
  // One untimed pass first: the figures are for a warm service, not for
  // the first requests after a bulk load.
  for (int i = 0; i < n; ++i) {
    if (absl::Status s = one(i); !s.ok()) {
      std::cerr << name << ": " << s << "\n";
      std::exit(1);
    }
  }
  std::vector<double> ms;
  ms.reserve(n);
  const double cpu_start = CpuSeconds();
  for (int i = 0; i < n; ++i) {
    const absl::Time start = absl::Now();
    const absl::Status s = one(i);
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    if (!s.ok()) {
      std::cerr << name << ": " << s << "\n";
      std::exit(1);
    }
  }
  const double cpu_ms = 1000 * (CpuSeconds() - cpu_start) / n;
  std::sort(ms.begin(), ms.end());
  Print(name + "_cpu_ms_per_query", cpu_ms);
  Print(name + "_p50_ms", ms[ms.size() / 2]);
  Print(name + "_p99_ms", ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]);
}

// Bytes this process has passed to write() so far (/proc/self/io wchar):
// the WAL, flushed and compacted table files; -1 when unreadable.
int64_t WrittenBytes() {
  std::ifstream io("/proc/self/io");
  std::string key;
  int64_t value = 0;
  while (io >> key >> value) {
    if (key == "wchar:") return value;
  }
  return -1;
}

double CpuSeconds() {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int64_t DirectoryBytes(const std::string& dir) {
  int64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += static_cast<int64_t>(entry.file_size());
  }
  return total;
}

// COPY text format: backslash, tab, newline and carriage return escaped.
std::string CopyEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

// Writes every key and value of the RocksDB store at `dir` to `out`.
int DumpStore(const std::string& dir, const std::string& out) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::sort(names.begin(), names.end());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, descriptors, &handles, &raw);
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  for (size_t i = 0; i < handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      file << names[i] << "\t" << absl::CHexEscape(it->key().ToString()) << "\t"
           << absl::CHexEscape(it->value().ToString()) << "\n";
    }
    db->DestroyColumnFamilyHandle(handles[i]);
  }
  return file.good() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (const std::string dump = absl::GetFlag(FLAGS_dump_store); !dump.empty()) {
    return DumpStore(dump, absl::GetFlag(FLAGS_dump_out));
  }
  const int queries = absl::GetFlag(FLAGS_queries);
  std::string dir = absl::GetFlag(FLAGS_dir);
  const bool temporary = dir.empty();
  if (temporary) {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/dragoman_bench_XXXXXX";
    dir = mkdtemp(pattern.data());
  }
  const dragoman::bench::SyntheticCorpus corpus;
  std::ofstream pg_docs;
  const std::string pg_out = absl::GetFlag(FLAGS_pg_out);
  if (!pg_out.empty()) {
    std::filesystem::create_directories(pg_out);
    pg_docs.open(pg_out + "/docs.tsv", std::ios::binary | std::ios::trunc);
  }

  RecordStore::Options options;
  options.sync = false;  // a bulk load that can be redone; reads are what is measured
  absl::StatusOr<std::unique_ptr<RecordStore>> opened = RecordStore::Open(dir, options);
  if (!opened.ok()) {
    std::cerr << opened.status() << "\n";
    return 1;
  }
  std::unique_ptr<RecordStore> store = *std::move(opened);

  std::vector<dragoman::records::v1::DocumentRecords> replayed;
  if (const std::string path = absl::GetFlag(FLAGS_replay); !path.empty()) {
    std::ifstream in(path, std::ios::binary);
    uint32_t n = 0;
    while (in.read(reinterpret_cast<char*>(&n), 4)) {
      std::string bytes(n, '\0');
      if (!in.read(bytes.data(), n) || !replayed.emplace_back().ParseFromString(bytes)) {
        std::cerr << "replay: " << path << " is truncated or corrupt\n";
        return 1;
      }
    }
  }
  const int docs = absl::GetFlag(FLAGS_reads_only) ? 0
                   : replayed.empty()
                       ? absl::GetFlag(FLAGS_docs)
                       : std::min(absl::GetFlag(FLAGS_docs), static_cast<int>(replayed.size()));
  Print("documents", docs);
  double load_average[1] = {0};
  if (getloadavg(load_average, 1) == 1) Print("host_load_average_1m_before", load_average[0]);
  const absl::Time load_start = absl::Now();
  const int64_t written_before = WrittenBytes();
  const double cpu_before = CpuSeconds();
  for (int n = 0; n < docs; ++n) {
    const dragoman::records::v1::DocumentRecords r =
        replayed.empty() ? corpus.Document(n) : replayed[n];
    absl::StatusOr<RecordStore::PutResult> put = store->PutDocumentRecords(r);
    if (!put.ok()) {
      std::cerr << "document " << n << ": " << put.status() << "\n";
      return 1;
    }
    if (pg_docs.is_open()) {
      pg_docs << r.document().id() << '\t' << CopyEscape(r.document().title()) << '\t'
              << CopyEscape(r.document().clean_text()) << '\n';
    }
  }
  const double load_s = absl::ToDoubleSeconds(absl::Now() - load_start);
  if (docs > 0) {
    Print("load_seconds", load_s);
    Print("load_documents_per_second", docs / load_s);
    Print("load_cpu_ms_per_document", 1000 * (CpuSeconds() - cpu_before) / docs);
    Print("load_bytes_written_per_document",
          static_cast<double>(WrittenBytes() - written_before) / docs);
    Print("store_bytes_per_document", static_cast<double>(DirectoryBytes(dir)) / docs);
  }
  if (pg_docs.is_open()) pg_docs.close();
  if (const std::string path = absl::GetFlag(FLAGS_export_out); !path.empty()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    absl::Status s = store->Export([&](const dragoman::records::v1::Record& r) {
      out << r.ShortDebugString() << "\n";
      return true;
    });
    if (!s.ok()) {
      std::cerr << "export: " << s << "\n";
      return 1;
    }
  }
  if (absl::GetFlag(FLAGS_load_only) || !replayed.empty()) {
    store.reset();
    if (temporary) std::filesystem::remove_all(dir);
    return 0;
  }

  std::mt19937_64 rng(7);
  const auto& countries = corpus.countries();
  const auto& persons = corpus.person_names();
  const auto& topics = corpus.topics();

  // Query material, drawn up front so every system gets the same requests.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> people, entity_queries, search_queries;
  for (int i = 0; i < queries; ++i) {
    const size_t a = rng() % countries.size();
    size_t b = rng() % (countries.size() - 1);
    if (b >= a) ++b;
    pairs.emplace_back(countries[a], countries[b]);
    people.push_back(persons[rng() % persons.size()]);
    std::string name = persons[rng() % persons.size()];
    const std::string family = name.substr(name.find(' ') + 1);
    switch (i % 3) {
      case 0: entity_queries.push_back(name); break;                // exact
      case 1: entity_queries.push_back(family.substr(0, 4)); break;  // prefix
      default: {                                                     // a typo
        std::string typo = family;
        std::swap(typo[2], typo[3]);
        entity_queries.push_back(typo);
      }
    }
    std::vector<std::string> words;
    const int k = 1 + static_cast<int>(rng() % 3);
    for (int w = 0; w < k; ++w) words.push_back(topics[rng() % topics.size()]);
    search_queries.push_back(absl::StrJoin(words, " "));
  }
  if (!pg_out.empty()) {
    std::ofstream q(pg_out + "/search_queries.txt", std::ios::trunc);
    for (const std::string& s : search_queries) q << s << "\n";
  }

  // With --responses_out, every response of the first (untimed) pass of the
  // event reads and of search, and the next page of each country pair, in
  // request order.
  std::ofstream responses;
  if (const std::string path = absl::GetFlag(FLAGS_responses_out); !path.empty()) {
    responses.open(path, std::ios::binary | std::ios::trunc);
  }
  std::vector<bool> recorded(4 * queries, false);
  auto record = [&](int slot, const google::protobuf::Message& m) {
    if (!responses.is_open() || recorded[slot]) return;
    recorded[slot] = true;
    responses << slot << "\t" << m.ShortDebugString() << "\n";
  };
  Measure("list_events_country_pair", queries, [&](int i) {
    qv1::ListEventsRequest request;
    request.add_countries(pairs[i].first);
    request.add_countries(pairs[i].second);
    absl::StatusOr<qv1::ListEventsResponse> r = store->ListEvents(request);
    if (r.ok() && r->events().empty()) return absl::InternalError("no events for a pair");
    if (r.ok() && responses.is_open() && !recorded[i]) {
      record(i, *r);
      if (!r->next_page_token().empty()) {
        request.set_page_token(r->next_page_token());
        absl::StatusOr<qv1::ListEventsResponse> next = store->ListEvents(request);
        if (!next.ok()) return next.status();
        responses << "next\t" << next->ShortDebugString() << "\n";
      }
    }
    return r.status();
  });
  Measure("timeline_person", queries, [&](int i) {
    qv1::TimelineRequest request;
    request.set_person(people[i]);
    absl::StatusOr<qv1::TimelineResponse> r = store->Timeline(request);
    if (r.ok() && r->entries().empty()) return absl::InternalError("empty timeline");
    if (r.ok()) record(queries + i, *r);
    return r.status();
  });
  Measure("timeline_country_pair", queries, [&](int i) {
    qv1::TimelineRequest request;
    request.add_countries(pairs[i].first);
    request.add_countries(pairs[i].second);
    absl::StatusOr<qv1::TimelineResponse> r = store->Timeline(request);
    if (r.ok()) record(2 * queries + i, *r);
    return r.status();
  });
  Measure("search_entities", queries, [&](int i) {
    qv1::SearchEntitiesRequest request;
    request.set_query(entity_queries[i]);
    absl::StatusOr<qv1::SearchEntitiesResponse> r = store->SearchEntities(request);
    if (r.ok() && r->matches().empty()) {
      return absl::InternalError(absl::StrCat("nothing for \"", entity_queries[i], "\""));
    }
    return r.status();
  });
  Measure("search", queries, [&](int i) {
    qv1::SearchRequest request;
    request.set_query(search_queries[i]);
    absl::StatusOr<qv1::SearchResponse> r = store->Search(request);
    if (r.ok()) record(3 * queries + i, *r);
    return r.status();
  });

  if (getloadavg(load_average, 1) == 1) Print("host_load_average_1m_after", load_average[0]);
  store.reset();
  if (temporary) std::filesystem::remove_all(dir);
  return 0;
}
