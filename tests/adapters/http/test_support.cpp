#include "test_support.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

namespace dxs::http::test {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using boost::system::error_code;

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dxs-http-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

void run(const std::string& command) {
  const std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

void make_key(const std::filesystem::path& key) {
  run("openssl ecparam -name prime256v1 -genkey -noout -out '" + key.string() + "'");
  ::chmod(key.c_str(), 0600);
}

void make_ca(const std::filesystem::path& dir, const std::string& name, const std::string& cn) {
  make_key(dir / (name + ".key"));
  run("openssl req -x509 -new -sha256 -days 2 -key '" + (dir / (name + ".key")).string() + "' -subj '/CN=" + cn +
      "' -out '" + (dir / (name + ".crt")).string() + "'");
}

void make_leaf(const std::filesystem::path& dir, const std::string& ca, const std::string& name,
               const std::string& cn, const std::string& extensions) {
  make_key(dir / (name + ".key"));
  write_file(dir / (name + ".ext"), extensions);
  run("openssl req -new -sha256 -key '" + (dir / (name + ".key")).string() + "' -subj '/CN=" + cn + "' -out '" +
      (dir / (name + ".csr")).string() + "'");
  run("openssl x509 -req -sha256 -days 2 -in '" + (dir / (name + ".csr")).string() + "' -CA '" +
      (dir / (ca + ".crt")).string() + "' -CAkey '" + (dir / (ca + ".key")).string() + "' -CAcreateserial -out '" +
      (dir / (name + ".crt")).string() + "' -extfile '" + (dir / (name + ".ext")).string() + "'");
}

}  // namespace

const Pki& pki() {
  static TempDir dir;
  static const Pki made = [] {
    const auto& d = dir.path;
    make_ca(d, "ca", "dxscreen test CA");
    make_ca(d, "rogue-ca", "unrelated CA");
    make_leaf(d, "ca", "server", "localhost",
              "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    make_leaf(d, "ca", "client", "billing-engine-01", "extendedKeyUsage=clientAuth\n");
    make_leaf(d, "rogue-ca", "rogue", "billing-engine-01", "extendedKeyUsage=clientAuth\n");
    return Pki{d / "ca.crt", d / "server.crt", d / "server.key", d / "client.crt",
               d / "client.key", d / "rogue.crt", d / "rogue.key"};
  }();
  return made;
}

void issue_server_certificate(const std::filesystem::path& cert, const std::filesystem::path& key,
                              const std::string& common_name) {
  TempDir work;
  std::filesystem::copy_file(pki().ca_cert, work.path / "ca.crt");
  std::filesystem::copy_file(pki().ca_cert.parent_path() / "ca.key", work.path / "ca.key");
  make_leaf(work.path, "ca", "leaf", common_name, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  std::filesystem::copy_file(work.path / "leaf.crt", cert, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(work.path / "leaf.key", key, std::filesystem::copy_options::overwrite_existing);
  ::chmod(key.c_str(), 0600);
}

ClientTls trusted_client() {
  ClientTls tls;
  tls.ca_file = pki().ca_cert;
  return tls;
}

ClientTls mutual_client() {
  ClientTls tls = trusted_client();
  tls.cert_file = pki().client_cert;
  tls.key_file = pki().client_key;
  return tls;
}

ClientTls rogue_client() {
  ClientTls tls = trusted_client();
  tls.cert_file = pki().rogue_cert;
  tls.key_file = pki().rogue_key;
  return tls;
}

std::string HttpResult::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

struct Connection::Impl {
  Impl(std::uint16_t p, ClientTls t, std::chrono::milliseconds d)
      : port(p), tls(std::move(t)), timeout(d), context(ssl::context::tls_client) {}

  std::uint16_t port;
  ClientTls tls;
  std::chrono::milliseconds timeout;
  net::io_context io;
  ssl::context context;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  std::string error;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Runs one asynchronous operation to completion under the deadline.
  template <typename Start>
  error_code complete(Start start) {
    error_code result = net::error::would_block;
    lowest().expires_after(timeout);
    start([&result](const error_code& ec, auto&&...) { result = ec; });
    io.restart();
    io.run();
    return result;
  }

  template <typename Fn>
  error_code with_stream(Fn fn) {
    if (secure) return fn(*secure);
    return fn(*plain);
  }
};

Connection::Connection(std::uint16_t port, ClientTls tls, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(port, std::move(tls), timeout)) {}

Connection::~Connection() = default;

const std::string& Connection::error() const { return impl_->error; }

bool Connection::connect() {
  Impl& c = *impl_;
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), c.port);
  if (c.tls.enabled) {
    SSL_CTX* native = c.context.native_handle();
    if (!c.tls.ca_file.empty()) {
      c.context.load_verify_file(c.tls.ca_file.string());
      c.context.set_verify_mode(ssl::verify_peer);
    } else {
      c.context.set_verify_mode(ssl::verify_none);
    }
    if (!c.tls.cert_file.empty()) {
      c.context.use_certificate_chain_file(c.tls.cert_file.string());
      c.context.use_private_key_file(c.tls.key_file.string(), ssl::context::pem);
    }
    if (c.tls.max_version == "1.2") SSL_CTX_set_max_proto_version(native, TLS1_2_VERSION);
    c.secure.emplace(c.io, c.context);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c.secure->native_handle()), "127.0.0.1");
  } else {
    c.plain.emplace(c.io);
  }
  error_code ec = c.complete([&](auto handler) { c.lowest().async_connect(endpoint, handler); });
  if (ec) {
    c.error = "connect: " + ec.message();
    return false;
  }
  if (c.secure) {
    ec = c.complete([&](auto handler) { c.secure->async_handshake(ssl::stream_base::client, handler); });
    if (ec) {
      c.error = "handshake: " + ec.message();
      return false;
    }
    // TLS 1.3 reports a refused client certificate only on the first read: probe briefly.
  }
  return true;
}

std::string Connection::negotiated_protocol() const {
  if (!impl_->secure) return "plain";
  return SSL_get_version(impl_->secure->native_handle());
}

std::string Connection::server_subject_cn() const {
  if (!impl_->secure) return {};
  X509* cert = SSL_get1_peer_certificate(impl_->secure->native_handle());
  if (cert == nullptr) return {};
  char buffer[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buffer, sizeof buffer);
  X509_free(cert);
  return buffer;
}

bool Connection::send_raw(std::string_view bytes) {
  Impl& c = *impl_;
  const error_code ec = c.with_stream([&](auto& stream) {
    return c.complete([&](auto handler) { net::async_write(stream, net::buffer(bytes.data(), bytes.size()), handler); });
  });
  if (ec) c.error = "write: " + ec.message();
  return !ec;
}

HttpResult Connection::read_response() {
  Impl& c = *impl_;
  HttpResult result;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::uint64_t{256} << 20);
  parser.header_limit(1 << 20);
  const error_code ec = c.with_stream([&](auto& stream) {
    return c.complete([&](auto handler) { bhttp::async_read(stream, c.buffer, parser, handler); });
  });
  if (ec) {
    result.error = "read: " + ec.message();
    c.error = result.error;
    return result;
  }
  const auto& message = parser.get();
  result.ok = true;
  result.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    result.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  result.body = message.body();
  result.keep_alive = message.keep_alive();
  return result;
}

HttpResult Connection::request(std::string_view method, std::string_view target, std::string_view body,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  bhttp::request<bhttp::string_body> req;
  req.version(11);
  req.method_string(beast::string_view(method.data(), method.size()));
  req.target(beast::string_view(target.data(), target.size()));
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(beast::string_view(name.data(), name.size()), value);
  req.body() = std::string(body);
  if (!body.empty() || method == "POST") req.prepare_payload();
  std::ostringstream text;
  text << req;
  if (!send_raw(text.str())) {
    HttpResult failed;
    failed.error = impl_->error;
    return failed;
  }
  return read_response();
}

bool Connection::wait_closed() {
  Impl& c = *impl_;
  for (;;) {
    char scratch[4096];
    std::size_t got = 0;
    const error_code ec = c.with_stream([&](auto& stream) {
      error_code result = net::error::would_block;
      c.lowest().expires_after(c.timeout);
      stream.async_read_some(net::buffer(scratch), [&](const error_code& e, std::size_t n) {
        result = e;
        got = n;
      });
      c.io.restart();
      c.io.run();
      return result;
    });
    if (!ec) continue;  // data (a response or close_notify payload): keep reading until the end
    (void)got;
    return ec != beast::error::timeout;
  }
}

HttpResult fetch(std::uint16_t port, const ClientTls& tls, std::string_view method, std::string_view target,
                 std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers,
                 std::chrono::milliseconds timeout) {
  Connection connection(port, tls, timeout);
  if (!connection.connect()) {
    HttpResult failed;
    failed.error = connection.error();
    return failed;
  }
  return connection.request(method, target, body, headers);
}

std::filesystem::path write_config(const std::filesystem::path& dir, const ConfigText& text) {
  const std::string mappings = text.mappings_dir.empty() ? std::string(DXS_SOURCE_DIR) + "/mappings" : text.mappings_dir;
  std::string json = "// test configuration\n{\n  \"mappings\": {\"dir\": \"" + mappings + "\"},\n";
  json += "  \"http\": {\n    \"threads\": 2";
  if (text.http.find("\"listen\"") == std::string::npos) json += ",\n    \"listen\": \"127.0.0.1:0\"";
  if (!text.http.empty()) json += ",\n    " + text.http;
  json += "\n  },\n  \"tls\": {\n    \"enabled\": ";
  json += text.tls_enabled ? "true" : "false";
  if (text.tls_enabled && text.tls.find("\"cert_file\"") == std::string::npos) {
    json += ",\n    \"cert_file\": \"" + pki().server_cert.string() + "\"";
  }
  if (text.tls_enabled && text.tls.find("\"key_file\"") == std::string::npos) {
    json += ",\n    \"key_file\": \"" + pki().server_key.string() + "\"";
  }
  if (text.tls_enabled) {
    if (text.mutual) {
      json += ",\n    \"client_ca_file\": \"" + pki().ca_cert.string() + "\",\n    \"require_client_cert\": true";
    }
  }
  if (!text.tls.empty()) json += ",\n    " + text.tls;
  json += "\n  },\n  \"log\": {\n    \"level\": \"info\"";
  if (!text.log.empty()) json += ",\n    " + text.log;
  json += "\n  }\n}\n";
  const auto file = dir / "dxscreen.json";
  write_file(file, json);
  return file;
}

RunningService::RunningService(const ConfigText& text) {
  ServiceOptions options;
  options.config_file = write_config(dir.path, text);
  options.log_sink = [this](std::string_view line) {
    const std::lock_guard lock(mutex_);
    lines_.emplace_back(line);
  };
  service = std::make_unique<Service>(std::move(options));
  service->start();
}

RunningService::~RunningService() {
  if (service) service->stop();
}

std::vector<std::string> RunningService::log_lines() const {
  const std::lock_guard lock(mutex_);
  return lines_;
}

std::string RunningService::log_text() const {
  std::string text;
  for (const auto& line : log_lines()) text += line + "\n";
  return text;
}

namespace {

std::vector<std::string> split_codes(std::string_view csv) {
  std::vector<std::string> out;
  while (!csv.empty()) {
    const auto comma = csv.find(',');
    out.emplace_back(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
  }
  return out;
}

std::string claim_json_object(std::string_view codes_csv) {
  std::string diagnoses;
  int sequence = 0;
  for (const auto& code : split_codes(codes_csv)) {
    if (sequence) diagnoses += ",";
    ++sequence;
    diagnoses += "{\"sequence\":" + std::to_string(sequence) +
                 ",\"diagnosisCodeableConcept\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"" +
                 code + "\"}]}}";
  }
  return std::string("{\"resourceType\":\"Claim\",\"id\":\"") + std::string(kClaimId) +
         "\",\"status\":\"active\","
         "\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/claim-type\",\"code\":\"professional\"}]},"
         "\"use\":\"claim\",\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p1\",\"identifier\":[{\"value\":\"" +
         std::string(kMemberId) + "\"}],\"name\":[{\"family\":\"" + std::string(kFamily) + "\",\"given\":[\"" +
         std::string(kGiven) + "\"]}]}],\"patient\":{\"reference\":\"#p1\"},"
         "\"billablePeriod\":{\"start\":\"2025-11-05\",\"end\":\"2025-11-05\"},\"created\":\"2025-11-06\","
         "\"provider\":{\"display\":\"Northside Therapy Clinic\"},\"priority\":{\"coding\":[{\"code\":\"normal\"}]},"
         "\"insurance\":[{\"sequence\":1,\"focal\":true,\"coverage\":{\"display\":\"member " +
         std::string(kMemberId) + "\"}}],\"diagnosis\":[" + diagnoses + "]}";
}

}  // namespace

std::string fhir_claim_json(std::string_view codes_csv) { return claim_json_object(codes_csv); }

std::string fhir_bundle_json(std::string_view codes_csv) {
  return "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:1\",\"resource\":" +
         claim_json_object(codes_csv) + "}]}";
}

std::string fhir_parameters_json(std::string_view codes_csv) {
  return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" +
         claim_json_object(codes_csv) + "}]}";
}

std::string fhir_claim_xml(std::string_view codes_csv) {
  std::string diagnoses;
  int sequence = 0;
  for (const auto& code : split_codes(codes_csv)) {
    ++sequence;
    diagnoses += "<diagnosis><sequence value=\"" + std::to_string(sequence) +
                 "\"/><diagnosisCodeableConcept><coding><system value=\"http://hl7.org/fhir/sid/icd-10-cm\"/>"
                 "<code value=\"" + code + "\"/></coding></diagnosisCodeableConcept></diagnosis>";
  }
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Claim xmlns=\"http://hl7.org/fhir\"><id value=\"") +
         std::string(kClaimId) +
         "\"/><contained><Patient><id value=\"p1\"/><identifier><value value=\"" + std::string(kMemberId) +
         "\"/></identifier><name><family value=\"" + std::string(kFamily) + "\"/><given value=\"" +
         std::string(kGiven) +
         "\"/></name></Patient></contained><status value=\"active\"/><type><coding>"
         "<system value=\"http://terminology.hl7.org/CodeSystem/claim-type\"/><code value=\"professional\"/>"
         "</coding></type><use value=\"claim\"/><patient><reference value=\"#p1\"/></patient>"
         "<billablePeriod><start value=\"2025-11-05\"/><end value=\"2025-11-05\"/></billablePeriod>"
         "<created value=\"2025-11-06\"/><provider><display value=\"Northside Therapy Clinic\"/></provider>"
         "<priority><coding><code value=\"normal\"/></coding></priority>" +
         diagnoses + "</Claim>";
}

std::string x12_837p(std::string_view codes_csv) {
  std::string hi = "HI";
  bool first = true;
  for (const auto& code : split_codes(codes_csv)) {
    hi += std::string("*") + (first ? "ABK:" : "ABF:") + code;
    first = false;
  }
  const std::vector<std::string> body = {
      "ST*837*0001*005010X222A1",
      "BHT*0019*00*BATCH0103*20251104*0930*CH",
      "NM1*41*2*NORTHSIDE BILLING SERVICE*****46*SUBMITTER01",
      "PER*IC*BILLING OFFICE*TE*5555550100",
      "NM1*40*2*EXAMPLE HEALTH PLAN*****46*PAYER01",
      "HL*1**20*1",
      "NM1*85*2*NORTHSIDE THERAPY CLINIC*****XX*1234567893",
      "N3*100 MAIN STREET",
      "N4*SPRINGFIELD*IL*627010001",
      "REF*EI*123456789",
      "HL*2*1*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*" + std::string(kFamily) + "*" + std::string(kGiven) + "****MI*" + std::string(kMemberId),
      "N3*1 SAMPLE STREET",
      "N4*SPRINGFIELD*IL*627010002",
      "DMG*D8*19600101*F",
      "NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*PAYER01",
      "CLM*" + std::string(kClaimId) + "*210***11:B:1*Y*A*Y*Y",
      hi,
      "LX*1",
      "SV1*HC:97140*210*UN*1***1",
      "DTP*472*D8*20251105",
  };
  std::string text =
      "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *251104*0930*^*00501*000000103*0*P*:~"
      "GS*HC*SUBMITTER01*DXSCREEN*20251104*0930*103*X*005010X222A1~";
  for (const auto& segment : body) text += segment + "~";
  text += "SE*" + std::to_string(body.size() + 1) + "*0001~GE*1*103~IEA*1*000000103~";
  return text;
}

}  // namespace dxs::http::test
