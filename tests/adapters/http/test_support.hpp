#pragma once
// Helpers for the HTTP service tests: a throw-away PKI made with the openssl command, a blocking
// HTTP/1.1 client over TLS (Beast, every operation under a deadline), a service started
// in-process on 127.0.0.1 port 0 with a temporary configuration, and request payloads carrying
// recognisable patient data (to prove it never reaches the logs).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http/service.hpp"

namespace dxs::http::test {

using namespace std::chrono_literals;

struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path;
};

// CA, server certificate for 127.0.0.1/localhost, a client certificate from the same CA and one
// from an unrelated CA. Made once per test process (openssl CLI, EC P-256).
struct Pki {
  std::filesystem::path ca_cert, server_cert, server_key, client_cert, client_key, rogue_cert, rogue_key;
};
const Pki& pki();
// A new certificate for 127.0.0.1 from the test CA with the given CN (for reload tests).
void issue_server_certificate(const std::filesystem::path& cert, const std::filesystem::path& key,
                              const std::string& common_name);
void write_file(const std::filesystem::path& path, std::string_view text);
std::string read_file(const std::filesystem::path& path);

struct ClientTls {
  bool enabled = true;
  std::filesystem::path ca_file;    // verify the server against this CA ("" = no verification)
  std::filesystem::path cert_file;  // client certificate ("" = none)
  std::filesystem::path key_file;
  std::string max_version;          // "1.2" to force TLS 1.2, "" = negotiate
};
ClientTls trusted_client();      // verifies the server, no client certificate
ClientTls mutual_client();       // plus the client certificate
ClientTls rogue_client();        // a client certificate from the wrong CA

struct HttpResult {
  bool ok = false;          // a complete response was read
  std::string error;        // why not
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  bool keep_alive = false;
  [[nodiscard]] std::string header(std::string_view lower_name) const;
};

class Connection {
 public:
  Connection(std::uint16_t port, ClientTls tls, std::chrono::milliseconds timeout = 10s);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connect();  // TCP connect + TLS handshake
  [[nodiscard]] const std::string& error() const;
  [[nodiscard]] std::string negotiated_protocol() const;  // "TLSv1.3"
  [[nodiscard]] std::string server_subject_cn() const;    // CN of the server certificate
  bool send_raw(std::string_view bytes);
  HttpResult read_response();
  HttpResult request(std::string_view method, std::string_view target, std::string_view body = {},
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
  // True when the server closes the connection (EOF/reset) within the timeout.
  bool wait_closed();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request on a new connection.
HttpResult fetch(std::uint16_t port, const ClientTls& tls, std::string_view method, std::string_view target,
                 std::string_view body = {}, const std::vector<std::pair<std::string, std::string>>& headers = {},
                 std::chrono::milliseconds timeout = 10s);

// A temporary conf/dxscreen.json: mappings = the source tree's, TLS with the test PKI, then the
// given section bodies (JSON members without braces) merged in.
struct ConfigText {
  std::string http;   // e.g. "\"max_inflight_requests\": 1"
  std::string tls;    // members added after the defaults
  std::string log;
  bool tls_enabled = true;
  bool mutual = false;
  std::string mappings_dir;  // "" = the source tree's mappings/
};
std::filesystem::path write_config(const std::filesystem::path& dir, const ConfigText& text);

// A Service on 127.0.0.1:0 with its log lines captured.
class RunningService {
 public:
  explicit RunningService(const ConfigText& text = {});
  ~RunningService();
  [[nodiscard]] std::uint16_t port() const { return service->port(); }
  [[nodiscard]] std::vector<std::string> log_lines() const;
  [[nodiscard]] std::string log_text() const;
  TempDir dir;
  std::unique_ptr<Service> service;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Payloads. Every one carries the patient data below (claim id, member id, names).
inline constexpr std::string_view kClaimId = "CLAIMSECRET7731";
inline constexpr std::string_view kMemberId = "MEMBERSECRET4410";
inline constexpr std::string_view kFamily = "QUUXWORTH";
inline constexpr std::string_view kGiven = "ZEBEDEE";

std::string fhir_claim_json(std::string_view codes_csv);  // "M62.451,M24.561"
std::string fhir_claim_xml(std::string_view codes_csv);
std::string fhir_bundle_json(std::string_view codes_csv);
std::string fhir_parameters_json(std::string_view codes_csv);
std::string x12_837p(std::string_view codes_csv);  // "M62451,M24561" (first ABK, then ABF)

}  // namespace dxs::http::test
