#include "common/metrics/metrics.h"

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/exposer.h>
#include <prometheus/text_serializer.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dragoman::metrics {

namespace {
// Never destroyed, so metrics held in function-local statics stay valid
// until exit. Shared because the exposer keeps only a weak_ptr to what it
// serves.
const std::shared_ptr<prometheus::Registry>& SharedRegistry() {
  static const auto* registry =
      new std::shared_ptr<prometheus::Registry>(std::make_shared<prometheus::Registry>());
  return *registry;
}
}  // namespace

prometheus::Registry& Registry() { return *SharedRegistry(); }

namespace {

// Collected just before the registry (the exposer collects in registration
// order): runs the hooks, contributes no samples itself.
class ScrapeHooks : public prometheus::Collectable {
 public:
  void Add(std::function<void()> hook) {
    std::lock_guard<std::mutex> lock(mu_);
    hooks_.push_back(std::move(hook));
  }
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& hook : hooks_) hook();
    return {};
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::function<void()>> hooks_;
};

const std::shared_ptr<ScrapeHooks>& SharedHooks() {
  static const auto* hooks = new std::shared_ptr<ScrapeHooks>(std::make_shared<ScrapeHooks>());
  return *hooks;
}

}  // namespace

void AddScrapeHook(std::function<void()> hook) { SharedHooks()->Add(std::move(hook)); }

prometheus::Family<prometheus::Counter>& CounterFamily(const std::string& name,
                                                       const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(Registry());
}

prometheus::Family<prometheus::Gauge>& GaugeFamily(const std::string& name,
                                                   const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(Registry());
}

prometheus::Family<prometheus::Histogram>& HistogramFamily(const std::string& name,
                                                           const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(Registry());
}

prometheus::Counter& Counter(const std::string& name, const std::string& help) {
  return CounterFamily(name, help).Add({});
}

prometheus::Gauge& Gauge(const std::string& name, const std::string& help) {
  return GaugeFamily(name, help).Add({});
}

prometheus::Histogram& Histogram(const std::string& name, const std::string& help,
                                 const std::vector<double>& buckets) {
  return HistogramFamily(name, help).Add({}, buckets);
}

const std::vector<double>& LatencyBuckets() {
  static const auto* buckets = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  return *buckets;
}

std::string TextExposition() {
  SharedHooks()->Collect();
  return prometheus::TextSerializer().Serialize(Registry().Collect());
}

namespace {

class CivetExporter : public Exporter {
 public:
  explicit CivetExporter(std::unique_ptr<prometheus::Exposer> exposer)
      : exposer_(std::move(exposer)) {}
  int port() const override {
    std::vector<int> ports = exposer_->GetListeningPorts();
    return ports.empty() ? 0 : ports.front();
  }

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Exporter>> Exporter::Start(absl::string_view address, int port) {
  const std::string host = address.find(':') != absl::string_view::npos
                               ? absl::StrCat("[", address, "]")
                               : std::string(address);
  const std::string bind = absl::StrCat(host, ":", port);
  try {
    // Two threads are plenty for one scraper; civetweb's default is 50.
    auto exposer = std::make_unique<prometheus::Exposer>(bind, /*num_threads=*/2);
    exposer->RegisterCollectable(SharedHooks(), "/metrics");
    exposer->RegisterCollectable(SharedRegistry(), "/metrics");
    return std::make_unique<CivetExporter>(std::move(exposer));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", bind, " (address in use or not available): ",
                     e.what()));
  }
}

void ExportDirectorySize(const std::string& name, const std::string& help,
                         const std::string& dir) {
  prometheus::Gauge& gauge = Gauge(name, help);
  AddScrapeHook([&gauge, dir] {
    std::error_code ec;
    uintmax_t total = 0;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code size_ec;
      if (it->is_regular_file(size_ec)) {
        const uintmax_t size = it->file_size(size_ec);
        if (!size_ec) total += size;
      }
    }
    gauge.Set(static_cast<double>(total));
  });
}

}  // namespace dragoman::metrics
