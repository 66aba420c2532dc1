#pragma once
// The "http", "tls" and "log" sections of conf/dxscreen.json (documented in conf/README.md).
// Every key has a default; unknown keys and bad values are errors located "file:line".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dxs::pipeline {
struct Config;
}

namespace dxs::http {

struct HttpConfig {
  std::string listen = "127.0.0.1:8443";  // ADDR:PORT; port 0 = any free port
  int threads = 0;                        // 0 = hardware concurrency
  int backlog = 512;
  std::size_t max_connections = 1024;
  std::size_t max_inflight_requests = 64;  // more answer 503 + Retry-After
  int retry_after_seconds = 1;
  bool keep_alive = true;
  std::size_t max_requests_per_connection = 1000;
  std::size_t max_pipelined_requests = 16;  // requests served back-to-back from bytes already received
  std::size_t header_limit_bytes = 16 * 1024;
  std::size_t fhir_body_limit_bytes = 1024 * 1024;
  std::size_t x12_body_limit_bytes = 16 * 1024 * 1024;
  std::size_t screen_body_limit_bytes = 16 * 1024 * 1024;  // /v1/screen (any format)
  int handshake_timeout_ms = 10000;
  int header_timeout_ms = 10000;  // from the first byte of a request to the end of its header
  int body_timeout_ms = 30000;    // from the end of the header to the end of the body
  int idle_timeout_ms = 60000;    // keep-alive wait for the next request
  int write_timeout_ms = 30000;
  int drain_delay_ms = 0;         // SIGTERM: readyz answers 503 this long before the listener closes
  int shutdown_timeout_ms = 25000;  // SIGTERM: longest wait for in-flight requests
  int rejected_status = 200;      // status for screenings with rejected claims (200, or 422 opt-in)
};

struct TlsConfig {
  bool enabled = true;            // false = plain HTTP (only when the configuration says so)
  std::string cert_file;          // PEM chain
  std::string key_file;           // PEM; refused when readable by others
  std::string client_ca_file;     // PEM bundle; enables client certificate verification
  bool require_client_cert = false;  // mutual TLS: refuse clients without a valid certificate
  std::string min_version = "1.2";   // "1.2" | "1.3"
  // Mozilla "intermediate": ECDHE AEAD suites for TLS 1.2, the three TLS 1.3 suites.
  std::string ciphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
      "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
  std::string ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
};

enum class LogLevel { debug, info, warn, error, off };
const char* to_string(LogLevel level) noexcept;

struct LogConfig {
  LogLevel level = LogLevel::info;
  bool requests = true;  // one line per request
};

struct ServiceConfig {
  HttpConfig http;
  TlsConfig tls;
  LogConfig log;
  std::string source;    // file the configuration came from, "" for defaults
};

// Validates the three sections as the pipeline read them (pipeline::Config::sections). Relative
// file paths in "tls" are resolved against the configuration file's folder. Errors: one
// "source:line: problem" per line of Error::message.
Result<ServiceConfig> parse_service_config(const pipeline::Config& config);

// Problems a running server would hit: unreadable or world-readable key, missing files,
// TLS disabled without saying so. Empty when fine.
std::vector<std::string> check_service_config(const ServiceConfig& config);

// "ADDR:PORT" or "[v6]:PORT" -> address and port. False when malformed.
bool split_listen(std::string_view listen, std::string* address, std::uint16_t* port);

}  // namespace dxs::http
