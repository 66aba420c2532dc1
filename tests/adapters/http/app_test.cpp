#include "adapters/http/app.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "adapters/pipeline/pipeline.hpp"
#include "test_support.hpp"

namespace dxs::http {
namespace {

std::shared_ptr<pipeline::Engine> shared_engine() {
  static const std::shared_ptr<pipeline::Engine> engine = [] {
    pipeline::Config config;
    config.mappings.dir = std::filesystem::path(DXS_SOURCE_DIR) / "mappings";
    return pipeline::Engine::open(std::move(config));
  }();
  return engine;
}

class AppTest : public ::testing::Test {
 protected:
  AppTest() : app(shared_engine(), metrics, HttpConfig{}, [this] { return draining.load(); }) {}

  Response call(std::string_view method, std::string_view target, std::string body = {},
                std::vector<Header> headers = {}) {
    Request r;
    r.method = std::string(method);
    r.target = std::string(target);
    const auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.request_id = "test-1";
    const RouteMatch m = app.match(r.method, r.path);
    EXPECT_TRUE(m.found && m.method_allowed) << target;
    return app.handle(m, r);
  }
  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [n, v] : r.headers) {
      if (n.size() == name.size() &&
          std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return v;
      }
    }
    return {};
  }

  Metrics metrics;
  std::atomic<bool> draining{false};
  ScreeningApp app;
};

const std::vector<Header> kFhirJson = {{"content-type", "application/fhir+json"}};
const std::vector<Header> kX12 = {{"content-type", "application/edi-x12"}};

TEST_F(AppTest, MatchesRouteTemplates) {
  RouteMatch m = app.match("POST", "/fhir/Claim/$validate");
  EXPECT_TRUE(m.found);
  EXPECT_TRUE(m.method_allowed);
  EXPECT_EQ(m.body, BodyKind::fhir);
  EXPECT_EQ(m.route, "/fhir/Claim/$validate");
  m = app.match("POST", "/fhir/Bundle/%24validate");  // '$' percent-encoded
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.route, "/fhir/Bundle/$validate");
  m = app.match("GET", "/x12/837");
  EXPECT_TRUE(m.found);
  EXPECT_FALSE(m.method_allowed);
  EXPECT_EQ(m.allow, "POST");
  EXPECT_EQ(m.body, BodyKind::x12);
  m = app.match("GET", "/v1/codes/M62.451");
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.route, "/v1/codes/{code}");  // the template, never the code
  EXPECT_FALSE(app.match("GET", "/v1/codes/").found);
  EXPECT_FALSE(app.match("GET", "/v1/codes/a/b").found);
  EXPECT_FALSE(app.match("POST", "/fhir/Patient/$validate").found);
  EXPECT_EQ(app.match("POST", "/v1/screen").body, BodyKind::any);
  EXPECT_EQ(app.match("GET", "/metrics").body, BodyKind::none);
}

TEST(SniffResourceType, JsonTopLevelOnly) {
  EXPECT_EQ(sniff_resource_type(R"({"resourceType":"Claim","id":"1"})", false), "Claim");
  EXPECT_EQ(sniff_resource_type(R"( {"id":"x","contained":[{"resourceType":"Patient"}],"resourceType" : "Bundle"})",
                                false),
            "Bundle");
  EXPECT_EQ(sniff_resource_type(R"({"a":{"resourceType":"Claim"}})", false), "");
  EXPECT_EQ(sniff_resource_type(R"({"note":"\"resourceType\":\"X\"","resourceType":"Parameters"})", false),
            "Parameters");
  EXPECT_EQ(sniff_resource_type("[1,2]", false), "");
  EXPECT_EQ(sniff_resource_type(R"({"resourceType":)", false), "");
}

TEST(SniffResourceType, XmlRootElement) {
  EXPECT_EQ(sniff_resource_type("<?xml version=\"1.0\"?>\n<!-- c --><Claim xmlns=\"http://hl7.org/fhir\"/>", true),
            "Claim");
  EXPECT_EQ(sniff_resource_type("<f:Bundle xmlns:f=\"http://hl7.org/fhir\">", true), "Bundle");
  EXPECT_EQ(sniff_resource_type("not xml", true), "");
}

TEST_F(AppTest, FhirClaimWithExcludes1IsRejectedWith200) {
  const Response r = call("POST", "/fhir/Claim/$validate", test::fhir_claim_json("M62.451,M24.561"), kFhirJson);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "x-screening-disposition"), "rejected");
  EXPECT_FALSE(header(r, "x-rulepack-version").empty());
  EXPECT_EQ(r.content_type.rfind("application/fhir+json", 0), 0u) << r.content_type;
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
  EXPECT_NE(r.body.find("excludes1"), std::string::npos) << r.body;
  EXPECT_EQ(r.outcome.claims, 1u);
  EXPECT_EQ(r.outcome.rejected, 1u);
  EXPECT_GE(r.outcome.findings, 1u);
  const std::string text = metrics.render();
  EXPECT_NE(text.find("dxscreen_claims_total{disposition=\"rejected\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("dxscreen_findings_total{rule=\"excludes1\",severity=\"error\"}"), std::string::npos) << text;
}

TEST_F(AppTest, FhirCleanClaimIsAccepted) {
  const Response r = call("POST", "/fhir/$validate", test::fhir_claim_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "x-screening-disposition"), "accepted") << r.body;
}

TEST_F(AppTest, RejectionStatusIsConfigurable) {
  HttpConfig http;
  http.rejected_status = 422;
  ScreeningApp strict(shared_engine(), metrics, http, [] { return false; });
  Request r;
  r.method = "POST";
  r.path = r.target = "/fhir/Claim/$validate";
  r.headers = kFhirJson;
  r.body = test::fhir_claim_json("M62.451,M24.561");
  EXPECT_EQ(strict.handle(strict.match(r.method, r.path), r).status, 422);
  r.body = test::fhir_claim_json("M62.411");
  EXPECT_EQ(strict.handle(strict.match(r.method, r.path), r).status, 200);
}

TEST_F(AppTest, FhirAnswersInTheRequestedEncoding) {
  Response r = call("POST", "/fhir/Claim/$validate", test::fhir_claim_xml("M62.451,M24.561"),
                    {{"content-type", "application/fhir+xml; fhirVersion=4.0"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type.rfind("application/fhir+xml", 0), 0u);
  EXPECT_EQ(sniff_resource_type(r.body, true), "OperationOutcome") << r.body.substr(0, 200);
  EXPECT_EQ(header(r, "x-screening-disposition"), "rejected");

  r = call("POST", "/fhir/Claim/$validate?_format=xml", test::fhir_claim_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.content_type.rfind("application/fhir+xml", 0), 0u);
  r = call("POST", "/fhir/Claim/$validate?_format=application/fhir%2Bxml", test::fhir_claim_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.content_type.rfind("application/fhir+xml", 0), 0u);
  r = call("POST", "/fhir/Claim/$validate", test::fhir_claim_json("M62.411"),
           {{"content-type", "application/fhir+json"}, {"accept", "text/html, application/fhir+xml;q=0.9"}});
  EXPECT_EQ(r.content_type.rfind("application/fhir+xml", 0), 0u);
  r = call("POST", "/fhir/Claim/$validate?_format=json", test::fhir_claim_xml("M62.411"),
           {{"content-type", "application/fhir+xml"}, {"accept", "application/fhir+xml"}});
  EXPECT_EQ(r.content_type.rfind("application/fhir+json", 0), 0u);  // _format wins over Accept
}

TEST_F(AppTest, FhirBundleAndParametersBodies) {
  Response r = call("POST", "/fhir/Bundle/$validate", test::fhir_bundle_json("M62.451,M24.561"), kFhirJson);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(header(r, "x-screening-disposition"), "rejected");
  r = call("POST", "/fhir/Claim/$validate", test::fhir_parameters_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.outcome.claims, 1u);
  r = call("POST", "/fhir/$validate", test::fhir_bundle_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.status, 200);
}

TEST_F(AppTest, FhirWrongResourceForTheEndpointIs400) {
  Response r = call("POST", "/fhir/Claim/$validate", test::fhir_bundle_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"resourceType\":\"OperationOutcome\""), std::string::npos);
  r = call("POST", "/fhir/Bundle/$validate", test::fhir_claim_json("M62.411"), kFhirJson);
  EXPECT_EQ(r.status, 400);
  r = call("POST", "/fhir/$validate", R"({"resourceType":"Patient","id":"x"})", kFhirJson);
  EXPECT_EQ(r.status, 400);
}

TEST_F(AppTest, FhirUnparseableIs400WithOperationOutcome) {
  Response r = call("POST", "/fhir/Claim/$validate", "{\"resourceType\":\"Claim\",", kFhirJson);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos) << r.body;
  r = call("POST", "/fhir/Claim/$validate", "<Claim", {{"content-type", "application/fhir+xml"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos) << r.body;
  r = call("POST", "/fhir/Claim/$validate", "", kFhirJson);
  EXPECT_EQ(r.status, 400);
}

TEST_F(AppTest, FhirWrongMediaTypeIs415InTheCallersFormat) {
  Response r = call("POST", "/fhir/Claim/$validate", test::fhir_claim_json("M62.411"), {{"content-type", "text/csv"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("\"code\":\"not-supported\""), std::string::npos) << r.body;
  r = call("POST", "/fhir/Claim/$validate?_format=xml", test::fhir_claim_json("M62.411"), {});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.content_type, "application/fhir+xml");
  EXPECT_NE(r.body.find("<code value=\"not-supported\"/>"), std::string::npos) << r.body;
}

TEST_F(AppTest, X12AnswersWith999Then277ca) {
  const Response r = call("POST", "/x12/837", test::x12_837p("M62451,M24561"), kX12);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(header(r, "x-screening-disposition"), "rejected");
  EXPECT_EQ(r.content_type.rfind("application/edi-x12", 0), 0u);
  const auto ack999 = r.body.find("ST*999*");
  const auto ack277 = r.body.find("ST*277*");
  ASSERT_NE(ack999, std::string::npos) << r.body;
  ASSERT_NE(ack277, std::string::npos) << r.body;
  EXPECT_LT(ack999, ack277);
  EXPECT_EQ(r.outcome.format, "x12-837P");
}

TEST_F(AppTest, X12OneAcknowledgmentOnRequest) {
  Response r = call("POST", "/x12/837?ack=999", test::x12_837p("M62411"), {{"content-type", "text/plain"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("ST*999*"), std::string::npos);
  EXPECT_EQ(r.body.find("ST*277*"), std::string::npos);
  r = call("POST", "/x12/837?ack=277ca", test::x12_837p("M62411"), kX12);
  EXPECT_EQ(r.body.find("ST*999*"), std::string::npos);
  EXPECT_NE(r.body.find("ST*277*"), std::string::npos) << r.body;
  EXPECT_EQ(header(r, "x-screening-disposition"), "accepted");
  r = call("POST", "/x12/837?ack=997", test::x12_837p("M62411"), kX12);
  EXPECT_EQ(r.status, 400);
}

TEST_F(AppTest, X12JsonSummaryOnAccept) {
  const Response r = call("POST", "/x12/837", test::x12_837p("M62451,M24561"),
                          {{"content-type", "application/edi-x12"}, {"accept", "application/json"}});
  EXPECT_EQ(r.status, 200);
  rapidjson::Document doc;
  doc.Parse(r.body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << r.body;
  ASSERT_TRUE(doc.HasMember("results"));
  EXPECT_EQ(doc["results"].Size(), 1u);
}

TEST_F(AppTest, X12ErrorsAre415And400) {
  Response r = call("POST", "/x12/837", test::x12_837p("M62411"), {{"content-type", "application/json"}});
  EXPECT_EQ(r.status, 415);
  r = call("POST", "/x12/837", "this is not an interchange", kX12);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(r.body.empty());
}

TEST_F(AppTest, ScreenTakesAnyFormatAndAnswersTheJsonReport) {
  for (const std::string& body : {test::x12_837p("M62451,M24561"), test::fhir_claim_json("M62.451,M24.561"),
                                  test::fhir_claim_xml("M62.451,M24.561")}) {
    const Response r = call("POST", "/v1/screen", body, {{"content-type", "application/octet-stream"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/json");
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    ASSERT_FALSE(doc.HasParseError()) << r.body;
    ASSERT_EQ(doc["results"].Size(), 1u);
    EXPECT_STREQ(doc["results"][0]["verdict"].GetString(), "rejected");
  }
  const Response bad = call("POST", "/v1/screen", "\x01\x02 binary", {});
  EXPECT_EQ(bad.status, 400);
  rapidjson::Document doc;
  doc.Parse(bad.body.c_str());
  EXPECT_FALSE(doc.HasParseError()) << bad.body;
}

TEST_F(AppTest, CodesExplainAsJson) {
  Response r = call("GET", "/v1/codes/M62.451?date=2025-11-05");
  EXPECT_EQ(r.status, 200);
  rapidjson::Document doc;
  doc.Parse(r.body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << r.body;
  EXPECT_TRUE(doc["found"].GetBool());
  EXPECT_STREQ(doc["code"].GetString(), "M62.451");
  EXPECT_STREQ(doc["code_set"].GetString(), "icd10cm-2026");
  EXPECT_TRUE(doc["billable"].GetBool());
  EXPECT_TRUE(doc["parents"].IsArray());
  EXPECT_TRUE(doc["notes"].IsArray());

  r = call("GET", "/v1/codes/M62.4?date=2025-11-05");
  EXPECT_EQ(r.status, 200);
  doc.Parse(r.body.c_str());
  EXPECT_FALSE(doc["billable"].GetBool());
  EXPECT_GT(doc["billable_children"].Size(), 0u);

  r = call("GET", "/v1/codes/Q99.999X");
  EXPECT_EQ(r.status, 404);
  doc.Parse(r.body.c_str());
  EXPECT_FALSE(doc["found"].GetBool());
  r = call("GET", "/v1/codes/M62.451?date=2025-13-40");
  EXPECT_EQ(r.status, 400);
}

TEST_F(AppTest, ReadinessFollowsDrainingAndRuleData) {
  Response r = call("GET", "/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"status\":\"ready\""), std::string::npos);
  draining = true;
  r = call("GET", "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("\"reason\":\"draining\""), std::string::npos);
  EXPECT_FALSE(header(r, "retry-after").empty());
  EXPECT_EQ(call("GET", "/livez").status, 200);  // liveness does not depend on readiness
}

TEST_F(AppTest, NotReadyWithoutACodeSetForToday) {
  // Rule data whose only code set ended long ago.
  auto knowledge = std::make_shared<Knowledge>(*shared_engine()->state()->knowledge);
  knowledge->code_sets.erase(knowledge->code_sets.begin() + 1, knowledge->code_sets.end());
  auto engine = std::make_shared<pipeline::Engine>(pipeline::Config{}, knowledge);
  ScreeningApp old(engine, metrics, HttpConfig{}, [] { return false; });
  EXPECT_NE(old.not_ready_reason().find("today"), std::string::npos) << old.not_ready_reason();
}

TEST_F(AppTest, ErrorBodiesFollowTheRoute) {
  Request r;
  r.request_id = "rid-1";
  Response e = app.error(app.match("POST", "/x12/837"), r, 413, "too big");
  EXPECT_EQ(e.content_type, "application/json");
  EXPECT_NE(e.body.find("\"status\":413"), std::string::npos);
  EXPECT_NE(e.body.find("rid-1"), std::string::npos);
  r.headers = {{"accept", "application/fhir+xml"}};
  e = app.error(app.match("POST", "/fhir/Claim/$validate"), r, 413, "too big");
  EXPECT_EQ(e.content_type, "application/fhir+xml");
  EXPECT_NE(e.body.find("<code value=\"too-long\"/>"), std::string::npos) << e.body;
}

// The GS segment of the 999 (the first GS of the answer): GS04 date and GS05 time.
std::string ack_gs_date_time(const std::string& body) {
  const auto gs = body.find("GS*FA*");
  if (gs == std::string::npos) return {};
  std::vector<std::string> elements;
  std::string element;
  for (std::size_t i = gs; i < body.size() && body[i] != '~'; ++i) {
    if (body[i] == '*') {
      elements.push_back(element);
      element.clear();
    } else {
      element += body[i];
    }
  }
  elements.push_back(element);
  return elements.size() > 5 ? elements[4] + "*" + elements[5] : std::string();
}

std::string utc_yyyymmdd() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buffer;
}

TEST_F(AppTest, X12AcksFollowTheConfiguredProcessingTime) {
  const auto answer = [&](pipeline::ProcessingTimePolicy policy, std::string fixed) {
    pipeline::Config config;
    config.x12.processing_time_policy = policy;
    config.x12.processing_time = std::move(fixed);
    auto engine = std::make_shared<pipeline::Engine>(config, shared_engine()->state()->knowledge);
    ScreeningApp configured(engine, metrics, HttpConfig{}, [] { return false; });
    Request r;
    r.method = "POST";
    r.path = r.target = "/x12/837";
    r.headers = kX12;
    r.body = test::x12_837p("M62451,M24561");
    const Response response = configured.handle(configured.match(r.method, r.path), r);
    EXPECT_EQ(response.status, 200) << response.body;
    return ack_gs_date_time(response.body);
  };
  // The 837's GS04/GS05 (20251104, 0930), a fixed time, or the time of the request.
  EXPECT_EQ(answer(pipeline::ProcessingTimePolicy::input, ""), "20251104*0930");
  EXPECT_EQ(answer(pipeline::ProcessingTimePolicy::fixed, "2030-01-02T03:04"), "20300102*0304");
  const std::string before = utc_yyyymmdd();
  const std::string clock = answer(pipeline::ProcessingTimePolicy::clock, "");
  const std::string after = utc_yyyymmdd();
  EXPECT_TRUE(clock.rfind(before + "*", 0) == 0 || clock.rfind(after + "*", 0) == 0) << clock;
}

TEST(PercentDecode, Basics) {
  EXPECT_EQ(percent_decode("a%2Bb+c%zz%4"), "a+b c%zz%4");
  EXPECT_EQ(percent_decode("%24validate"), "$validate");
}

}  // namespace
}  // namespace dxs::http
