#ifndef DRAGOMAN_COMMON_METRICS_METRICS_H_
#define DRAGOMAN_COMMON_METRICS_METRICS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/labels.h>
#include <prometheus/registry.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dragoman::metrics {

// The process-wide registry that /metrics serves. Serve() registers the
// per-RPC metrics here; a service adds its own with the helpers below, e.g.
//
//   static prometheus::Counter& ingested = metrics::Counter(
//       "dragoman_documents_ingested_total", "Documents stored by ingest.");
//   ingested.Increment();
//
// Registering the same name, help and constant labels twice returns the
// same family, so the helpers are safe to call from several places.
prometheus::Registry& Registry();

// Seconds, 0.5 ms to 60 s: covers a health check as well as a long Extract.
const std::vector<double>& LatencyBuckets();

// Families, for metrics with variable labels (call Add({{"k", "v"}})).
prometheus::Family<prometheus::Counter>& CounterFamily(const std::string& name,
                                                       const std::string& help);
prometheus::Family<prometheus::Gauge>& GaugeFamily(const std::string& name,
                                                   const std::string& help);
prometheus::Family<prometheus::Histogram>& HistogramFamily(const std::string& name,
                                                           const std::string& help);

// Single metrics without variable labels.
prometheus::Counter& Counter(const std::string& name, const std::string& help);
prometheus::Gauge& Gauge(const std::string& name, const std::string& help);
prometheus::Histogram& Histogram(const std::string& name, const std::string& help,
                                 const std::vector<double>& buckets = LatencyBuckets());

// Runs `hook` at every scrape, before the registry is read: for values that
// are cheap to read but not worth tracking as they change (RocksDB's size,
// queue length), e.g.
//
//   auto& bytes = metrics::Gauge("dragoman_store_bytes", "Size on disk.");
//   metrics::AddScrapeHook([&bytes, db] { bytes.Set(SizeOf(db)); });
//
// Hooks run on the exporter's thread and must be thread-safe; they stay
// registered for the life of the process, so what they capture must too.
void AddScrapeHook(std::function<void()> hook);

// Exports gauge `name` as the bytes under `dir` (files, recursively),
// measured at each scrape: a store's size on disk without touching the
// store itself (which may be closing while a scrape runs).
void ExportDirectorySize(const std::string& name, const std::string& help,
                         const std::string& dir);

// Prometheus text exposition of Registry(), as a scrape would return it.
std::string TextExposition();

// Serves Registry() on http://ADDRESS:PORT/metrics from its own threads
// (civetweb), apart from the gRPC port so scraping never competes with RPC
// limits and a NetworkPolicy can open it to the monitoring namespace only.
class Exporter {
 public:
  // Fails with UNAVAILABLE when the port cannot be bound. Port 0 picks a
  // free one (see port()).
  static absl::StatusOr<std::unique_ptr<Exporter>> Start(absl::string_view address, int port);
  virtual ~Exporter() = default;
  virtual int port() const = 0;
};

}  // namespace dragoman::metrics

#endif  // DRAGOMAN_COMMON_METRICS_METRICS_H_
