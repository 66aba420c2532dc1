// One connection's life over real TLS: keep-alive, pipelining, limits, timeouts, error statuses.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "test_support.hpp"

namespace dxs::http::test {
namespace {

using Clock = std::chrono::steady_clock;

class SessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ConfigText text;
    text.http =
        "\"header_limit_bytes\": 2048, \"fhir_body_limit_bytes\": 4096, \"x12_body_limit_bytes\": 65536,"
        "\"header_timeout_ms\": 1000, \"body_timeout_ms\": 1000, \"idle_timeout_ms\": 1500,"
        "\"max_requests_per_connection\": 3, \"max_pipelined_requests\": 4";
    service = new RunningService(text);
  }
  static void TearDownTestSuite() {
    delete service;
    service = nullptr;
  }
  static std::uint16_t port() { return service->port(); }
  static RunningService* service;
};
RunningService* SessionTest::service = nullptr;

const std::vector<std::pair<std::string, std::string>> kFhir = {{"Content-Type", "application/fhir+json"}};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST_F(SessionTest, ScreensOverTls13WithDispositionHeaders) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  EXPECT_EQ(c.negotiated_protocol(), "TLSv1.3");
  const HttpResult r = c.request("POST", "/fhir/Claim/$validate", fhir_claim_json("M62.451,M24.561"), kFhir);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "rejected");
  EXPECT_FALSE(r.header("x-rulepack-version").empty());
  EXPECT_NE(r.body.find("excludes1"), std::string::npos);
}

TEST_F(SessionTest, Tls12StillNegotiates) {
  ClientTls tls = trusted_client();
  tls.max_version = "1.2";
  Connection c(port(), tls);
  ASSERT_TRUE(c.connect()) << c.error();
  EXPECT_EQ(c.negotiated_protocol(), "TLSv1.2");
  EXPECT_EQ(c.request("GET", "/livez").status, 200);
}

TEST_F(SessionTest, KeepAliveUntilTheConfiguredRequestCount) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  HttpResult r = c.request("GET", "/livez");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.keep_alive);
  r = c.request("POST", "/x12/837", x12_837p("M62411"), {{"Content-Type", "application/edi-x12"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "accepted");
  EXPECT_TRUE(r.keep_alive);
  r = c.request("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.keep_alive);  // max_requests_per_connection = 3
  EXPECT_TRUE(c.wait_closed());
}

TEST_F(SessionTest, PipelinedRequestsAreAnsweredInOrder) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  std::string batch;
  for (const char* id : {"p-1", "p-2", "p-3"}) {
    batch += std::string("GET /livez HTTP/1.1\r\nHost: x\r\nX-Request-ID: ") + id + "\r\n\r\n";
  }
  ASSERT_TRUE(c.send_raw(batch));
  for (const char* id : {"p-1", "p-2", "p-3"}) {
    const HttpResult r = c.read_response();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-request-id"), id);
  }
}

TEST_F(SessionTest, RequestIdsAreEchoedOnlyWhenSafe) {
  HttpResult r = fetch(port(), trusted_client(), "GET", "/livez", {}, {{"X-Request-ID", "engine-42:abc"}});
  EXPECT_EQ(r.header("x-request-id"), "engine-42:abc");
  r = fetch(port(), trusted_client(), "GET", "/livez", {}, {{"X-Request-ID", "name=ZEBEDEE QUUXWORTH"}});
  EXPECT_NE(r.header("x-request-id").find("dxs-"), std::string::npos);
  EXPECT_EQ(r.header("x-request-id").find("ZEBEDEE"), std::string::npos);
  r = fetch(port(), trusted_client(), "GET", "/livez");
  EXPECT_EQ(r.header("x-request-id").size(), 20u);  // "dxs-" + 16 hex digits
}

TEST_F(SessionTest, UnknownPathIs404AndWrongMethodIs405) {
  HttpResult r = fetch(port(), trusted_client(), "GET", "/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/json");
  r = fetch(port(), trusted_client(), "GET", "/fhir/Claim/$validate");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);  // FHIR route: FHIR error body
  r = fetch(port(), trusted_client(), "DELETE", "/metrics");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
}

TEST_F(SessionTest, WrongMediaTypeIs415AndUnparseableIs400) {
  HttpResult r = fetch(port(), trusted_client(), "POST", "/fhir/Claim/$validate", fhir_claim_json("M62.411"),
                       {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(r.status, 415);
  r = fetch(port(), trusted_client(), "POST", "/fhir/Claim/$validate", "{\"resourceType\": \"Claim\", [", kFhir);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
  EXPECT_EQ(r.header("x-screening-disposition"), "");
}

TEST_F(SessionTest, MalformedHttpIs400) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  ASSERT_TRUE(c.send_raw("GET /livez HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n"));
  const HttpResult r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.wait_closed());
}

TEST_F(SessionTest, BodyOverTheFhirLimitIs413BeforeReadingIt) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  ASSERT_TRUE(c.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                         "Content-Length: 5000\r\n\r\n"));
  const HttpResult r = c.read_response();  // answered without the body being sent
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(r.keep_alive);
  EXPECT_NE(r.body.find("too-long"), std::string::npos) << r.body;
}

TEST_F(SessionTest, ChunkedBodyOverTheLimitIs413) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  std::string request =
      "POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "400\r\n" + std::string(1024, ' ') + "\r\n";
  request += "0\r\n\r\n";
  ASSERT_TRUE(c.send_raw(request));
  const HttpResult r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 413);
}

TEST_F(SessionTest, X12HasItsOwnLargerLimit) {
  std::string big = x12_837p("M62411");
  const std::string padded = big + std::string(6000, '\n');  // over the FHIR limit, under the X12 one
  HttpResult r = fetch(port(), trusted_client(), "POST", "/x12/837", padded, {{"Content-Type", "application/edi-x12"}});
  EXPECT_NE(r.status, 413) << r.body;
  r = fetch(port(), trusted_client(), "POST", "/x12/837", std::string(70000, 'A'),
            {{"Content-Type", "application/edi-x12"}});
  EXPECT_EQ(r.status, 413);
}

TEST_F(SessionTest, OversizedHeaderIs431) {
  const HttpResult r =
      fetch(port(), trusted_client(), "GET", "/livez", {}, {{"X-Filler", std::string(3000, 'f')}});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 431);
}

TEST_F(SessionTest, SlowHeaderIs408WithinTheHeaderDeadline) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  const auto start = Clock::now();
  ASSERT_TRUE(c.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\n"));
  // Slowloris: a header line every 150 ms does not extend the 1 s header deadline.
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_TRUE(c.send_raw("X-Drip: " + std::to_string(i) + "\r\n"));
  }
  const HttpResult r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 408);
  EXPECT_NE(r.body.find("not received in time"), std::string::npos) << r.body;
  const double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 0.9);
  EXPECT_LT(elapsed, 3.0);
  EXPECT_TRUE(c.wait_closed());
}

TEST_F(SessionTest, SlowBodyIs408) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  const auto start = Clock::now();
  ASSERT_TRUE(c.send_raw("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + std::string(100, '{')));
  const HttpResult r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 408);
  EXPECT_LT(seconds_since(start), 3.0);
}

TEST_F(SessionTest, SilentConnectionIsClosedWithoutAnswer) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  const auto start = Clock::now();
  EXPECT_TRUE(c.wait_closed());
  const double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 0.9);
  EXPECT_LT(elapsed, 3.0);
}

TEST_F(SessionTest, IdleKeepAliveConnectionIsClosed) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  ASSERT_EQ(c.request("GET", "/livez").status, 200);
  const auto start = Clock::now();
  EXPECT_TRUE(c.wait_closed());
  const double elapsed = seconds_since(start);
  EXPECT_GE(elapsed, 1.4);  // idle_timeout_ms = 1500
  EXPECT_LT(elapsed, 4.0);
}

TEST_F(SessionTest, ExpectContinueIsHonoured) {
  Connection c(port(), trusted_client());
  ASSERT_TRUE(c.connect()) << c.error();
  const std::string body = fhir_claim_json("M62.411");
  ASSERT_TRUE(c.send_raw("POST /fhir/Claim/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                         "Expect: 100-continue\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n"));
  HttpResult r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 100);
  ASSERT_TRUE(c.send_raw(body));
  r = c.read_response();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-screening-disposition"), "accepted");
}

TEST_F(SessionTest, PlainHttpOnATlsPortGetsNoAnswer) {
  ClientTls plain;
  plain.enabled = false;
  Connection c(port(), plain, std::chrono::seconds(5));
  ASSERT_TRUE(c.connect()) << c.error();
  ASSERT_TRUE(c.send_raw("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"));
  const HttpResult r = c.read_response();
  EXPECT_FALSE(r.ok && r.status == 200);
  const HttpResult metrics = fetch(port(), trusted_client(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("dxscreen_tls_handshake_failures_total{reason=\"protocol\"}"), std::string::npos)
      << metrics.body;
}

TEST_F(SessionTest, MetricsCountRequestsByRouteTemplate) {
  (void)fetch(port(), trusted_client(), "GET", "/v1/codes/M62.451?date=2025-11-05");
  const HttpResult r = fetch(port(), trusted_client(), "GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(r.body.find("dxscreen_requests_total{route=\"/v1/codes/{code}\",status=\"200\"}"), std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("M62.451"), std::string::npos);  // never a code in a label
  EXPECT_NE(r.body.find("dxscreen_connections "), std::string::npos);
  EXPECT_NE(r.body.find("dxscreen_rulepack_info{version="), std::string::npos);
}

}  // namespace
}  // namespace dxs::http::test
