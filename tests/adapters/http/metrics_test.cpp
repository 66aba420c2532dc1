#include "adapters/http/metrics.hpp"

#include <gtest/gtest.h>

namespace dxs::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Metrics m;
  m.record_request("/fhir/Claim/$validate", 200, 0.003);
  m.record_request("/fhir/Claim/$validate", 200, 0.2);
  m.record_request("/x12/837", 413, 0.0001);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "dxscreen_requests_total{route=\"/fhir/Claim/$validate\",status=\"200\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_requests_total{route=\"/x12/837\",status=\"413\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE dxscreen_request_duration_seconds histogram"));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.record_request("/v1/screen", 200, 0.003);
  m.record_request("/v1/screen", 200, 0.2);
  m.record_request("/v1/screen", 200, 30);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"0.0025\"} 0")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"0.005\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"0.25\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"10\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_bucket{route=\"/v1/screen\",le=\"+Inf\"} 3")) << text;
  EXPECT_TRUE(has_line(text, "dxscreen_request_duration_seconds_count{route=\"/v1/screen\"} 3")) << text;
  EXPECT_NE(text.find("dxscreen_request_duration_seconds_sum{route=\"/v1/screen\"} 30.20"), std::string::npos) << text;
}

TEST(Metrics, ClaimsFindingsReloadsAndGauges) {
  Metrics m;
  m.record_claims("rejected", 2);
  m.record_claims("accepted", 0);  // zero adds nothing
  m.record_findings("excludes1", "error", 3);
  m.record_reload("rulepack", true);
  m.record_reload("rulepack", false);
  m.record_handshake_failure("no_client_certificate");
  m.set_rulepack("packs: core@1.0.0", 1700000000);
  m.inflight_requests = 4;
  m.connections = 7;
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "dxscreen_claims_total{disposition=\"rejected\"} 2")) << text;
  EXPECT_EQ(text.find("dxscreen_claims_total{disposition=\"accepted\"}"), std::string::npos);
  EXPECT_TRUE(has_line(text, "dxscreen_findings_total{rule=\"excludes1\",severity=\"error\"} 3"));
  EXPECT_TRUE(has_line(text, "dxscreen_reloads_total{what=\"rulepack\",result=\"success\"} 1"));
  EXPECT_TRUE(has_line(text, "dxscreen_reloads_total{what=\"rulepack\",result=\"failure\"} 1"));
  EXPECT_TRUE(has_line(text, "dxscreen_tls_handshake_failures_total{reason=\"no_client_certificate\"} 1"));
  EXPECT_TRUE(has_line(text, "dxscreen_rulepack_info{version=\"packs: core@1.0.0\"} 1"));
  EXPECT_TRUE(has_line(text, "dxscreen_inflight_requests 4"));
  EXPECT_TRUE(has_line(text, "dxscreen_connections 7"));
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  Metrics m;
  m.set_rulepack("x\"y", 0);
  EXPECT_NE(m.render().find("version=\"x\\\"y\""), std::string::npos);
}

TEST(Metrics, EveryMetricHasHelpAndType) {
  Metrics m;
  m.record_request("/livez", 200, 0.001);
  const std::string text = m.render();
  for (const char* name : {"dxscreen_requests_total", "dxscreen_request_duration_seconds", "dxscreen_claims_total",
                           "dxscreen_findings_total", "dxscreen_rulepack_info", "dxscreen_inflight_requests",
                           "dxscreen_connections", "dxscreen_reloads_total"}) {
    EXPECT_NE(text.find(std::string("# HELP ") + name + " "), std::string::npos) << name;
    EXPECT_NE(text.find(std::string("# TYPE ") + name + " "), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace dxs::http
