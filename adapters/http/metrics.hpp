#pragma once
// Prometheus metrics of the service (text exposition format 0.0.4). Labels are bounded sets
// only: route templates, status codes, dispositions, rule ids, severities, versions; never a
// claim id, member id or diagnosis code.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace dxs::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,     10};

  void record_request(std::string_view route, int status, double seconds);
  void record_claims(std::string_view disposition, std::uint64_t count);
  void record_findings(std::string_view rule, std::string_view severity, std::uint64_t count);
  void record_reload(std::string_view what, bool ok);  // what: "rulepack" | "tls"
  void record_handshake_failure(std::string_view reason);
  void set_rulepack(std::string version, double loaded_unix_seconds);
  void set_build(std::string version);

  std::atomic<std::int64_t> inflight_requests{0};
  std::atomic<std::int64_t> connections{0};

  [[nodiscard]] std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct RouteStats {
    std::map<int, std::uint64_t> by_status;
    Histogram durations;
  };
  // Transparent comparators: recording a known label takes no allocation.
  mutable std::mutex mutex_;
  std::map<std::string, RouteStats, std::less<>> routes_;
  std::map<std::string, std::uint64_t, std::less<>> claims_;
  std::map<std::string, std::map<std::string, std::uint64_t, std::less<>>, std::less<>> findings_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> reloads_;
  std::map<std::string, std::uint64_t> handshake_failures_;
  std::string rulepack_version_;
  double rulepack_loaded_ = 0;
  std::string build_version_;
  double start_time_ = 0;

 public:
  Metrics();
};

// Escapes a Prometheus label value (backslash, quote, newline).
std::string escape_label(std::string_view value);

}  // namespace dxs::http
