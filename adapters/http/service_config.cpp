#include "adapters/http/service_config.hpp"

#include "adapters/pipeline/pipeline.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

namespace dxs::http {
namespace {

using Node = pipeline::ConfigValue;

class SectionReader {
 public:
  SectionReader(std::string_view source, std::vector<std::string>* problems)
      : source_(source), problems_(problems) {}

  void fail(std::size_t line, const std::string& message) {
    problems_->push_back(std::string(source_) + ":" + std::to_string(line) + ": " + message);
  }

  // Visits every member; `on_key` returns false for unknown keys.
  template <typename OnKey>
  void members(const Node& object, std::string_view section, OnKey on_key) {
    if (object.type != Node::Type::object) {
      fail(object.line, "\"" + std::string(section) + "\" must be an object");
      return;
    }
    for (const auto& [key, value] : object.members) {
      line_ = value.key_line != 0 ? value.key_line : value.line;
      key_ = std::string(section) + "." + key;
      if (!on_key(key, value)) fail(line_, "unknown key \"" + key_ + "\"");
    }
  }

  void read(const Node& v, bool* out) {
    if (v.type != Node::Type::boolean) return fail(line_, "\"" + key_ + "\" must be true or false");
    *out = v.boolean;
  }
  void read(const Node& v, std::string* out) {
    if (v.type != Node::Type::string) return fail(line_, "\"" + key_ + "\" must be a string");
    *out = v.string;
  }
  template <typename Int>
  void read(const Node& v, Int* out, double min, double max) {
    if (v.type != Node::Type::number || !v.is_integer || v.number < min || v.number > max) {
      return fail(line_, "\"" + key_ + "\" must be an integer from " + fmt(min) + " to " + fmt(max));
    }
    *out = static_cast<Int>(v.integer);
  }
  [[nodiscard]] std::size_t line() const { return line_; }
  [[nodiscard]] const std::string& key() const { return key_; }

 private:
  static std::string fmt(double d) { return std::to_string(static_cast<long long>(d)); }
  std::string_view source_;
  std::vector<std::string>* problems_;
  std::size_t line_ = 0;
  std::string key_;
};

constexpr double kMaxMs = 24.0 * 3600 * 1000;
constexpr double kMaxBytes = 1024.0 * 1024 * 1024;

void read_http(SectionReader& r, const Node& section, HttpConfig& c) {
  r.members(section, "http", [&](const std::string& k, const Node& v) {
    if (k == "listen") {
      r.read(v, &c.listen);
      std::string address;
      std::uint16_t port = 0;
      if (v.type == Node::Type::string && !split_listen(c.listen, &address, &port)) {
        r.fail(r.line(), "\"http.listen\" must be ADDR:PORT");
      }
    } else if (k == "threads") r.read(v, &c.threads, 0, 256);
    else if (k == "backlog") r.read(v, &c.backlog, 1, 65535);
    else if (k == "max_connections") r.read(v, &c.max_connections, 1, 1000000);
    else if (k == "max_inflight_requests") r.read(v, &c.max_inflight_requests, 1, 1000000);
    else if (k == "retry_after_seconds") r.read(v, &c.retry_after_seconds, 0, 3600);
    else if (k == "keep_alive") r.read(v, &c.keep_alive);
    else if (k == "max_requests_per_connection") r.read(v, &c.max_requests_per_connection, 1, 1e9);
    else if (k == "max_pipelined_requests") r.read(v, &c.max_pipelined_requests, 1, 1e6);
    else if (k == "header_limit_bytes") r.read(v, &c.header_limit_bytes, 1024, 1024 * 1024);
    else if (k == "fhir_body_limit_bytes") r.read(v, &c.fhir_body_limit_bytes, 1, kMaxBytes);
    else if (k == "x12_body_limit_bytes") r.read(v, &c.x12_body_limit_bytes, 1, kMaxBytes);
    else if (k == "screen_body_limit_bytes") r.read(v, &c.screen_body_limit_bytes, 1, kMaxBytes);
    else if (k == "handshake_timeout_ms") r.read(v, &c.handshake_timeout_ms, 1, kMaxMs);
    else if (k == "header_timeout_ms") r.read(v, &c.header_timeout_ms, 1, kMaxMs);
    else if (k == "body_timeout_ms") r.read(v, &c.body_timeout_ms, 1, kMaxMs);
    else if (k == "idle_timeout_ms") r.read(v, &c.idle_timeout_ms, 1, kMaxMs);
    else if (k == "write_timeout_ms") r.read(v, &c.write_timeout_ms, 1, kMaxMs);
    else if (k == "drain_delay_ms") r.read(v, &c.drain_delay_ms, 0, kMaxMs);
    else if (k == "shutdown_timeout_ms") r.read(v, &c.shutdown_timeout_ms, 0, kMaxMs);
    else if (k == "rejected_status") {
      r.read(v, &c.rejected_status, 200, 599);
      if (c.rejected_status != 200 && c.rejected_status != 422) {
        r.fail(r.line(), "\"http.rejected_status\" must be 200 or 422");
      }
    } else return false;
    return true;
  });
}

std::string resolve(const std::string& path, std::string_view base_dir) {
  if (path.empty() || base_dir.empty()) return path;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

void read_tls(SectionReader& r, const Node& section, TlsConfig& c) {
  r.members(section, "tls", [&](const std::string& k, const Node& v) {
    if (k == "enabled") r.read(v, &c.enabled);
    else if (k == "cert_file") r.read(v, &c.cert_file);
    else if (k == "key_file") r.read(v, &c.key_file);
    else if (k == "client_ca_file") r.read(v, &c.client_ca_file);
    else if (k == "require_client_cert") r.read(v, &c.require_client_cert);
    else if (k == "min_version") {
      r.read(v, &c.min_version);
      if (c.min_version != "1.2" && c.min_version != "1.3") {
        r.fail(r.line(), "\"tls.min_version\" must be \"1.2\" or \"1.3\"");
      }
    } else if (k == "ciphers") r.read(v, &c.ciphers);
    else if (k == "ciphersuites") r.read(v, &c.ciphersuites);
    else return false;
    return true;
  });
}

void read_log(SectionReader& r, const Node& section, LogConfig& c) {
  r.members(section, "log", [&](const std::string& k, const Node& v) {
    if (k == "level") {
      std::string level;
      r.read(v, &level);
      if (level == "debug") c.level = LogLevel::debug;
      else if (level == "info") c.level = LogLevel::info;
      else if (level == "warn") c.level = LogLevel::warn;
      else if (level == "error") c.level = LogLevel::error;
      else if (level == "off") c.level = LogLevel::off;
      else if (v.type == Node::Type::string) {
        r.fail(r.line(), "\"log.level\" must be debug, info, warn, error or off");
      }
    } else if (k == "requests") r.read(v, &c.requests);
    else return false;
    return true;
  });
}

}  // namespace

const char* to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::off: return "off";
  }
  return "info";
}

bool split_listen(std::string_view listen, std::string* address, std::uint16_t* port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= listen.size()) return false;
  std::string_view host = listen.substr(0, colon);
  const std::string_view digits = listen.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return false;
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > 65535) return false;
  *address = std::string(host);
  *port = static_cast<std::uint16_t>(value);
  return true;
}

Result<ServiceConfig> parse_service_config(const pipeline::Config& pipeline_config) {
  ServiceConfig config;
  const std::string& source = pipeline_config.source;
  config.source = source;
  std::string base_dir;
  if (!source.empty() && source.front() != '<') {
    base_dir = std::filesystem::path(source).parent_path().string();
  }
  std::vector<std::string> problems;
  SectionReader r(source, &problems);
  if (const Node* section = pipeline_config.section("http")) read_http(r, *section, config.http);
  if (const Node* section = pipeline_config.section("tls")) read_tls(r, *section, config.tls);
  if (const Node* section = pipeline_config.section("log")) read_log(r, *section, config.log);
  config.tls.cert_file = resolve(config.tls.cert_file, base_dir);
  config.tls.key_file = resolve(config.tls.key_file, base_dir);
  config.tls.client_ca_file = resolve(config.tls.client_ca_file, base_dir);
  if (config.tls.require_client_cert && config.tls.client_ca_file.empty()) {
    problems.push_back(std::string(source) + ": \"tls.require_client_cert\" needs \"tls.client_ca_file\"");
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return make_error(ErrorCode::invalid_data, message, std::string(source));
  }
  return config;
}

std::vector<std::string> check_service_config(const ServiceConfig& config) {
  std::vector<std::string> problems;
  const TlsConfig& tls = config.tls;
  if (!tls.enabled) return problems;
  auto readable = [&](const std::string& path, std::string_view key) {
    if (path.empty()) {
      problems.push_back("tls." + std::string(key) + " is required when tls.enabled is true");
      return false;
    }
    std::ifstream in(path);
    if (!in) {
      problems.push_back("tls." + std::string(key) + ": cannot read " + path);
      return false;
    }
    return true;
  };
  readable(tls.cert_file, "cert_file");
  if (readable(tls.key_file, "key_file")) {
    struct stat st {};
    if (::stat(tls.key_file.c_str(), &st) == 0 && (st.st_mode & S_IROTH) != 0) {
      problems.push_back("tls.key_file: " + tls.key_file + " is readable by others (chmod 600)");
    }
  }
  if (!tls.client_ca_file.empty()) readable(tls.client_ca_file, "client_ca_file");
  return problems;
}

}  // namespace dxs::http
