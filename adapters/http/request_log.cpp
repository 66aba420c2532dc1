#include "adapters/http/request_log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace dxs::http {

Logger::Logger(LogConfig config, Sink sink) : config_(config), sink_(std::move(sink)) {}

bool Logger::enabled(LogLevel level) const noexcept {
  return config_.level != LogLevel::off && static_cast<int>(level) >= static_cast<int>(config_.level);
}

void Logger::write(const std::string& line) {
  const std::lock_guard lock(mutex_);
  if (sink_) {
    sink_(line);
    return;
  }
  std::string with_newline = line;
  with_newline += '\n';
  std::fwrite(with_newline.data(), 1, with_newline.size(), stderr);
  std::fflush(stderr);
}

bool Logger::logs_request(int status) const noexcept {
  return config_.requests && enabled(status >= 500 ? LogLevel::error : LogLevel::info);
}

void Logger::request(const RequestLogEntry& e) {
  if (!logs_request(e.status)) return;
  const LogLevel level = e.status >= 500 ? LogLevel::error : LogLevel::info;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", e.duration_ms);
  std::string line;
  line.reserve(320);
  line += "{\"ts\":\"" + utc_timestamp() + "\",\"level\":\"" + to_string(level) + "\",\"event\":\"request\"";
  line += ",\"request_id\":\"" + json_escape(e.request_id) + "\"";
  line += ",\"method\":\"" + json_escape(e.method) + "\"";
  line += ",\"route\":\"" + json_escape(e.route) + "\"";
  line += ",\"status\":" + std::to_string(e.status);
  line += ",\"duration_ms\":";
  line += duration;
  if (!e.outcome.format.empty()) line += ",\"format\":\"" + json_escape(e.outcome.format) + "\"";
  line += ",\"claims\":" + std::to_string(e.outcome.claims);
  line += ",\"rejected\":" + std::to_string(e.outcome.rejected);
  line += ",\"findings\":" + std::to_string(e.outcome.findings);
  if (!e.outcome.disposition.empty()) line += ",\"disposition\":\"" + json_escape(e.outcome.disposition) + "\"";
  line += ",\"rulepack\":\"" + json_escape(e.rulepack) + "\"";
  line += ",\"bytes_in\":" + std::to_string(e.bytes_in);
  if (!e.peer_subject.empty()) line += ",\"peer\":\"" + json_escape(e.peer_subject) + "\"";
  line += "}";
  write(line);
}

void Logger::event(LogLevel level, std::string_view event,
                   const std::vector<std::pair<std::string, std::string>>& fields) {
  if (!enabled(level)) return;
  std::string line = "{\"ts\":\"" + utc_timestamp() + "\",\"level\":\"" + to_string(level) +
                     "\",\"event\":\"" + json_escape(event) + "\"";
  for (const auto& [key, value] : fields) line += ",\"" + json_escape(key) + "\":\"" + json_escape(value) + "\"";
  line += "}";
  write(line);
}

bool is_safe_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string make_request_id() {
  static const std::uint64_t seed = static_cast<std::uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  static std::atomic<std::uint64_t> counter{0};
  // splitmix64 over seed + counter: unique per process, spread out across processes.
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (counter.fetch_add(1, std::memory_order_relaxed) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "dxs-%016llx", static_cast<unsigned long long>(z));
  return buffer;
}

std::string loggable_method(std::string_view method) {
  if (method.empty() || method.size() > 16) return "other";
  for (const char c : method) {
    if (c < 'A' || c > 'Z') return "other";
  }
  return std::string(method);
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buffer;
}

}  // namespace dxs::http
