// The listener and what applies across connections: mutual TLS, protocol floor, connection
// and in-flight limits, plain HTTP when configured.
#include "adapters/http/server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "test_support.hpp"

namespace dxs::http::test {
namespace {

const std::vector<std::pair<std::string, std::string>> kFhir = {{"Content-Type", "application/fhir+json"}};

// With TLS 1.3 a refused client certificate may surface on the first read, not in the handshake.
bool refused(std::uint16_t port, const ClientTls& tls) {
  Connection c(port, tls, std::chrono::seconds(5));
  if (!c.connect()) return true;
  const HttpResult r = c.request("GET", "/livez");
  return !r.ok;
}

TEST(Server, MutualTlsAcceptsOnlyClientsWithAValidCertificate) {
  ConfigText text;
  text.mutual = true;
  RunningService s(text);
  const HttpResult ok = fetch(s.port(), mutual_client(), "POST", "/fhir/Claim/$validate",
                              fhir_claim_json("M62.411"), kFhir);
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.status, 200);
  EXPECT_TRUE(refused(s.port(), trusted_client()));  // no certificate
  EXPECT_TRUE(refused(s.port(), rogue_client()));    // certificate from another CA
  const HttpResult metrics = fetch(s.port(), mutual_client(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("dxscreen_tls_handshake_failures_total{reason=\"no_client_certificate\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("dxscreen_tls_handshake_failures_total{reason=\"client_certificate_invalid\"}"),
            std::string::npos);
  EXPECT_NE(s.log_text().find("\"peer\":\"billing-engine-01\""), std::string::npos) << s.log_text();
}

TEST(Server, Tls13OnlyRefusesTls12Clients) {
  ConfigText text;
  text.tls = "\"min_version\": \"1.3\"";
  RunningService s(text);
  ClientTls old = trusted_client();
  old.max_version = "1.2";
  EXPECT_TRUE(refused(s.port(), old));
  EXPECT_EQ(fetch(s.port(), trusted_client(), "GET", "/livez").status, 200);
}

TEST(Server, PlainHttpWhenTheConfigurationSaysSo) {
  ConfigText text;
  text.tls_enabled = false;
  RunningService s(text);
  ClientTls plain;
  plain.enabled = false;
  const HttpResult r = fetch(s.port(), plain, "POST", "/x12/837", x12_837p("M62451,M24561"),
                             {{"Content-Type", "application/edi-x12"}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "rejected");
}

TEST(Server, ConnectionsOverTheLimitGet503) {
  ConfigText text;
  text.http = "\"max_connections\": 2, \"retry_after_seconds\": 7";
  RunningService s(text);
  Connection a(s.port(), trusted_client());
  auto b = std::make_unique<Connection>(s.port(), trusted_client());
  ASSERT_TRUE(a.connect()) << a.error();
  ASSERT_TRUE(b->connect()) << b->error();
  ASSERT_EQ(a.request("GET", "/livez").status, 200);
  ASSERT_EQ(b->request("GET", "/livez").status, 200);
  {
    Connection c(s.port(), trusted_client());
    ASSERT_TRUE(c.connect()) << c.error();
    const HttpResult r = c.read_response();  // answered before it asks anything
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("retry-after"), "7");
    EXPECT_FALSE(r.keep_alive);
  }
  // The existing connections keep working; once one closes, a new one is admitted.
  EXPECT_EQ(a.request("GET", "/livez").status, 200);
  b.reset();
  bool admitted = false;
  for (int i = 0; i < 50 && !admitted; ++i) {
    const HttpResult r = fetch(s.port(), trusted_client(), "GET", "/livez");
    admitted = r.ok && r.status == 200;
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(admitted);
}

TEST(Server, RequestsOverTheInFlightLimitGet503WithRetryAfter) {
  ConfigText text;
  text.http = "\"max_inflight_requests\": 1, \"retry_after_seconds\": 3";
  RunningService s(text);
  const std::string body = fhir_claim_json("M62.411");
  Connection slow(s.port(), trusted_client());
  ASSERT_TRUE(slow.connect()) << slow.error();
  // Header and half the body: this request is in flight until the rest arrives.
  ASSERT_TRUE(slow.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                            "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                            body.substr(0, body.size() / 2)));
  bool saw_503 = false;
  for (int i = 0; i < 50 && !saw_503; ++i) {  // until the server has read the slow header
    const HttpResult r = fetch(s.port(), trusted_client(), "POST", "/fhir/Claim/$validate", body, kFhir);
    ASSERT_TRUE(r.ok) << r.error;
    if (r.status == 503) {
      saw_503 = true;
      EXPECT_EQ(r.header("retry-after"), "3");
      EXPECT_NE(r.body.find("transient"), std::string::npos) << r.body;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  EXPECT_TRUE(saw_503);
  EXPECT_EQ(fetch(s.port(), trusted_client(), "GET", "/livez").status, 200);  // probes still answer
  ASSERT_TRUE(slow.send_raw(body.substr(body.size() / 2)));
  const HttpResult finished = slow.read_response();
  ASSERT_TRUE(finished.ok) << finished.error;
  EXPECT_EQ(finished.status, 200);
  EXPECT_EQ(fetch(s.port(), trusted_client(), "POST", "/fhir/Claim/$validate", body, kFhir).status, 200);
}

TEST(Server, StartFailsOnAPortInUse) {
  RunningService first;
  ConfigText text;
  text.http = "\"listen\": \"127.0.0.1:" + std::to_string(first.port()) + "\"";
  EXPECT_THROW(RunningService second(text), std::runtime_error);
}

}  // namespace
}  // namespace dxs::http::test
