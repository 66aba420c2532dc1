#pragma once
// Structured JSON log lines (one per line, stderr by default). Request lines carry route
// templates, counts and ids generated or vetted here; never claim ids, member ids, names,
// codes tied to a claim, payload fragments or query strings.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http/application.hpp"
#include "adapters/http/service_config.hpp"

namespace dxs::http {

struct RequestLogEntry {
  std::string request_id;
  std::string method;
  std::string route;
  int status = 0;
  double duration_ms = 0;
  Outcome outcome;
  std::string rulepack;
  std::string peer_subject;
  std::uint64_t bytes_in = 0;
};

class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;  // line without the newline
  explicit Logger(LogConfig config, Sink sink = {});        // default sink: stderr

  void request(const RequestLogEntry& entry);
  // False when a request with this status would not be logged (the entry need not be built).
  [[nodiscard]] bool logs_request(int status) const noexcept;
  // A service event ("started", "reload", "draining", ...). Field values are strings the
  // service chose (paths of its own files, counts), never request data.
  void event(LogLevel level, std::string_view event, const std::vector<std::pair<std::string, std::string>>& fields = {});
  [[nodiscard]] bool enabled(LogLevel level) const noexcept;

 private:
  void write(const std::string& line);
  LogConfig config_;
  Sink sink_;
  std::mutex mutex_;
};

// True for 1-64 characters of [A-Za-z0-9._:-] (safe to echo and to log).
bool is_safe_request_id(std::string_view id) noexcept;
// "dxs-" + 16 lower-case hex digits, unique within the process.
std::string make_request_id();
// HTTP method for the log: the method when it is a short token, else "other".
std::string loggable_method(std::string_view method);
std::string json_escape(std::string_view text);
std::string utc_timestamp();  // RFC 3339, milliseconds, "Z"

}  // namespace dxs::http
