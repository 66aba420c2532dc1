#include "adapters/http/request_log.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <regex>
#include <set>

namespace dxs::http {
namespace {

TEST(RequestLog, OneJsonLinePerRequestWithTheAgreedFields) {
  std::vector<std::string> lines;
  Logger logger(LogConfig{}, [&](std::string_view line) { lines.emplace_back(line); });
  RequestLogEntry e;
  e.request_id = "abc-123";
  e.method = "POST";
  e.route = "/fhir/Claim/$validate";
  e.status = 200;
  e.duration_ms = 1.23456;
  e.outcome.claims = 3;
  e.outcome.rejected = 1;
  e.outcome.findings = 4;
  e.outcome.disposition = "rejected";
  e.outcome.format = "fhir-json";
  e.rulepack = "packs: core@1.0.0";
  e.bytes_in = 512;
  logger.request(e);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
  rapidjson::Document doc;
  doc.Parse(lines[0].c_str());
  ASSERT_FALSE(doc.HasParseError()) << lines[0];
  ASSERT_TRUE(doc.IsObject());
  EXPECT_TRUE(std::regex_match(std::string(doc["ts"].GetString()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_STREQ(doc["level"].GetString(), "info");
  EXPECT_STREQ(doc["event"].GetString(), "request");
  EXPECT_STREQ(doc["request_id"].GetString(), "abc-123");
  EXPECT_STREQ(doc["method"].GetString(), "POST");
  EXPECT_STREQ(doc["route"].GetString(), "/fhir/Claim/$validate");
  EXPECT_EQ(doc["status"].GetInt(), 200);
  EXPECT_NEAR(doc["duration_ms"].GetDouble(), 1.235, 1e-9);
  EXPECT_EQ(doc["claims"].GetInt(), 3);
  EXPECT_EQ(doc["rejected"].GetInt(), 1);
  EXPECT_EQ(doc["findings"].GetInt(), 4);
  EXPECT_STREQ(doc["disposition"].GetString(), "rejected");
  EXPECT_STREQ(doc["rulepack"].GetString(), "packs: core@1.0.0");
}

TEST(RequestLog, ServerErrorsAreErrorLevelAndLevelsFilter) {
  std::vector<std::string> lines;
  LogConfig config;
  config.level = LogLevel::warn;
  Logger logger(config, [&](std::string_view line) { lines.emplace_back(line); });
  RequestLogEntry ok;
  ok.status = 200;
  logger.request(ok);
  EXPECT_TRUE(lines.empty());
  RequestLogEntry failed;
  failed.status = 500;
  logger.request(failed);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"level\":\"error\""), std::string::npos);
  logger.event(LogLevel::info, "started");
  EXPECT_EQ(lines.size(), 1u);
  logger.event(LogLevel::error, "reload_refused", {{"reason", "a \"quoted\"\nreason"}});
  ASSERT_EQ(lines.size(), 2u);
  rapidjson::Document doc;
  doc.Parse(lines[1].c_str());
  ASSERT_FALSE(doc.HasParseError()) << lines[1];
  EXPECT_STREQ(doc["reason"].GetString(), "a \"quoted\"\nreason");
}

TEST(RequestLog, RequestLinesCanBeSwitchedOff) {
  std::vector<std::string> lines;
  LogConfig config;
  config.requests = false;
  Logger logger(config, [&](std::string_view line) { lines.emplace_back(line); });
  logger.request(RequestLogEntry{});
  EXPECT_TRUE(lines.empty());
}

TEST(RequestLog, SafeRequestIds) {
  EXPECT_TRUE(is_safe_request_id("7f3a-19:ab_c.D"));
  EXPECT_FALSE(is_safe_request_id(""));
  EXPECT_FALSE(is_safe_request_id(std::string(65, 'a')));
  EXPECT_FALSE(is_safe_request_id("has space"));
  EXPECT_FALSE(is_safe_request_id("quote\""));
  EXPECT_FALSE(is_safe_request_id("new\nline"));
  EXPECT_FALSE(is_safe_request_id("{\"json\":1}"));
}

TEST(RequestLog, GeneratedIdsHaveOneFormatAndDoNotRepeat) {
  std::set<std::string> seen;
  const std::regex format("dxs-[0-9a-f]{16}");
  for (int i = 0; i < 1000; ++i) {
    const std::string id = make_request_id();
    EXPECT_TRUE(std::regex_match(id, format)) << id;
    EXPECT_TRUE(is_safe_request_id(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RequestLog, MethodsAndEscaping) {
  EXPECT_EQ(loggable_method("POST"), "POST");
  EXPECT_EQ(loggable_method("p0st"), "other");
  EXPECT_EQ(loggable_method(std::string(20, 'A')), "other");
  EXPECT_EQ(json_escape("a\"b\\c\n\x01"), "a\\\"b\\\\c\\n\\u0001");
}

}  // namespace
}  // namespace dxs::http
