#include "common/metrics/metrics.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace dragoman::metrics {
namespace {

// One plain HTTP/1.0 GET on loopback; enough to see what a scraper sees.
std::string HttpGet(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  (void)!::write(fd, request.data(), request.size());
  std::string response;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) response.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return response;
}

TEST(MetricsTest, SameNameGivesSameMetric) {
  prometheus::Counter& a = Counter("dragoman_test_things_total", "Things.");
  prometheus::Counter& b = Counter("dragoman_test_things_total", "Things.");
  EXPECT_EQ(&a, &b);
  a.Increment(2);
  EXPECT_NE(TextExposition().find("dragoman_test_things_total 2"), std::string::npos);
}

TEST(MetricsTest, HistogramUsesLatencyBuckets) {
  Histogram("dragoman_test_seconds", "Latency.").Observe(0.003);
  const std::string text = TextExposition();
  EXPECT_NE(text.find("dragoman_test_seconds_bucket{le=\"0.005\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("dragoman_test_seconds_bucket{le=\"0.0025\"} 0"), std::string::npos);
}

TEST(MetricsTest, DirectorySizeIsMeasuredAtScrape) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "metrics_dir_size";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "a") << std::string(100, 'a');
  ExportDirectorySize("test_dir_bytes", "Test.", dir.string());
  std::ofstream(dir / "sub" / "b") << std::string(250, 'b');  // after registration
  EXPECT_NE(TextExposition().find("test_dir_bytes 350"), std::string::npos) << TextExposition();
  std::filesystem::remove_all(dir);
  EXPECT_NE(TextExposition().find("test_dir_bytes 0"), std::string::npos);
}

TEST(MetricsTest, ScrapeHooksRunBeforeEachScrape) {
  prometheus::Gauge& size = Gauge("dragoman_test_queue_length", "Queue length.");
  // Hooks outlive the test: capture only what lives as long.
  static int scrapes = 0;
  AddScrapeHook([&size] { size.Set(++scrapes); });
  EXPECT_NE(TextExposition().find("dragoman_test_queue_length 1"), std::string::npos);
  EXPECT_NE(TextExposition().find("dragoman_test_queue_length 2"), std::string::npos);
}

TEST(MetricsTest, ExporterServesRegistryAndRefusesUsedPort) {
  prometheus::Gauge& bytes =
      GaugeFamily("dragoman_test_store_bytes", "Store size.").Add({{"store", "records"}});
  AddScrapeHook([&bytes] { bytes.Set(42); });
  absl::StatusOr<std::unique_ptr<Exporter>> exporter = Exporter::Start("127.0.0.1", 0);
  ASSERT_TRUE(exporter.ok()) << exporter.status();
  const int port = (*exporter)->port();
  ASSERT_GT(port, 0);
  const std::string response = HttpGet(port, "/metrics");
  EXPECT_NE(response.find("200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("dragoman_test_store_bytes{store=\"records\"} 42"), std::string::npos)
      << response;

  absl::StatusOr<std::unique_ptr<Exporter>> second = Exporter::Start("127.0.0.1", port);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace dragoman::metrics
