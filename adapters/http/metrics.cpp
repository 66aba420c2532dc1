#include "adapters/http/metrics.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dxs::http {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Shortest text that reads back as the same double ("0.0025", not "0.0025000000000000001").
std::string number(double value) {
  char buffer[64];
  const bool plain = value == 0 || (std::fabs(value) >= 1e-6 && std::fabs(value) < 1e15);
  for (int precision = plain ? 0 : 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, plain ? "%.*f" : "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

Metrics::Metrics() : start_time_(unix_now()) {}

namespace {
template <typename Map>
typename Map::mapped_type& entry(Map& map, std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(std::string(key), typename Map::mapped_type{}).first;
  return it->second;
}
}  // namespace

void Metrics::record_request(std::string_view route, int status, double seconds) {
  const std::lock_guard lock(mutex_);
  RouteStats& stats = entry(routes_, route);
  ++stats.by_status[status];
  Histogram& h = stats.durations;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::record_claims(std::string_view disposition, std::uint64_t count) {
  if (count == 0) return;
  const std::lock_guard lock(mutex_);
  entry(claims_, disposition) += count;
}

void Metrics::record_findings(std::string_view rule, std::string_view severity, std::uint64_t count) {
  if (count == 0) return;
  const std::lock_guard lock(mutex_);
  entry(entry(findings_, rule), severity) += count;
}

void Metrics::record_reload(std::string_view what, bool ok) {
  const std::lock_guard lock(mutex_);
  ++reloads_[{std::string(what), ok ? "success" : "failure"}];
}

void Metrics::record_handshake_failure(std::string_view reason) {
  const std::lock_guard lock(mutex_);
  ++handshake_failures_[std::string(reason)];
}

void Metrics::set_rulepack(std::string version, double loaded_unix_seconds) {
  const std::lock_guard lock(mutex_);
  rulepack_version_ = std::move(version);
  rulepack_loaded_ = loaded_unix_seconds;
}

void Metrics::set_build(std::string version) {
  const std::lock_guard lock(mutex_);
  build_version_ = std::move(version);
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  const std::lock_guard lock(mutex_);

  header(out, "dxscreen_requests_total", "counter", "HTTP requests by route template and status.");
  for (const auto& [route, stats] : routes_) {
    for (const auto& [status, value] : stats.by_status) {
      out += "dxscreen_requests_total{route=\"" + escape_label(route) + "\",status=\"" + std::to_string(status) +
             "\"} " + std::to_string(value) + "\n";
    }
  }

  header(out, "dxscreen_request_duration_seconds", "histogram", "Time from request header to response written.");
  for (const auto& [route, stats] : routes_) {
    const Histogram& h = stats.durations;
    const std::string label = "route=\"" + escape_label(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "dxscreen_request_duration_seconds_bucket{" + label + ",le=\"" + number(kBuckets[i]) + "\"} " +
             std::to_string(h.buckets[i]) + "\n";
    }
    out += "dxscreen_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += "dxscreen_request_duration_seconds_sum{" + label + "} " + number(h.sum) + "\n";
    out += "dxscreen_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
  }

  header(out, "dxscreen_claims_total", "counter", "Screened claims by disposition.");
  for (const auto& [disposition, value] : claims_) {
    out += "dxscreen_claims_total{disposition=\"" + escape_label(disposition) + "\"} " + std::to_string(value) + "\n";
  }

  header(out, "dxscreen_findings_total", "counter", "Findings by rule id and severity.");
  for (const auto& [rule, by_severity] : findings_) {
    for (const auto& [severity, value] : by_severity) {
      out += "dxscreen_findings_total{rule=\"" + escape_label(rule) + "\",severity=\"" + escape_label(severity) +
             "\"} " + std::to_string(value) + "\n";
    }
  }

  header(out, "dxscreen_rulepack_info", "gauge", "The loaded rule data (value 1).");
  if (!rulepack_version_.empty()) {
    out += "dxscreen_rulepack_info{version=\"" + escape_label(rulepack_version_) + "\"} 1\n";
  }
  header(out, "dxscreen_rulepack_loaded_timestamp_seconds", "gauge", "When the rule data in use was loaded.");
  out += "dxscreen_rulepack_loaded_timestamp_seconds " + number(rulepack_loaded_) + "\n";

  header(out, "dxscreen_reloads_total", "counter", "Reloads (SIGHUP) by what was reloaded and result.");
  for (const auto& [key, value] : reloads_) {
    out += "dxscreen_reloads_total{what=\"" + escape_label(key.first) + "\",result=\"" + key.second + "\"} " +
           std::to_string(value) + "\n";
  }

  header(out, "dxscreen_tls_handshake_failures_total", "counter", "Failed TLS handshakes by reason.");
  for (const auto& [reason, value] : handshake_failures_) {
    out += "dxscreen_tls_handshake_failures_total{reason=\"" + escape_label(reason) + "\"} " +
           std::to_string(value) + "\n";
  }

  header(out, "dxscreen_inflight_requests", "gauge", "Requests being read, screened or written.");
  out += "dxscreen_inflight_requests " + std::to_string(inflight_requests.load()) + "\n";
  header(out, "dxscreen_connections", "gauge", "Open client connections.");
  out += "dxscreen_connections " + std::to_string(connections.load()) + "\n";

  header(out, "dxscreen_build_info", "gauge", "Build version (value 1).");
  out += "dxscreen_build_info{version=\"" + escape_label(build_version_) + "\"} 1\n";
  header(out, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.");
  out += "process_start_time_seconds " + number(start_time_) + "\n";
  return out;
}

}  // namespace dxs::http
