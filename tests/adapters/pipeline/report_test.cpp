#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

ClaimResult excludes1_claim() {
  ClaimResult r;
  r.claim_id = "PCN-1";
  r.format = "x12-837P";
  r.code_set = "icd10cm-2026";
  r.rejected = true;
  Finding f;
  f.rule = "excludes1";
  f.severity = Severity::error;
  f.codes = {"M24.561", "M62.451"};
  f.location = "2300 HI02-2";
  f.message = "M62.451 and M24.561 are \"Excludes1\"";
  f.suggestions = {"keep one"};
  r.findings.push_back(f);
  return r;
}

ClaimResult clean_claim() {
  ClaimResult r;
  r.claim_id = "PCN-2";
  r.format = "x12-837P";
  r.code_set = "icd10cm-2026";
  return r;
}

std::vector<std::string> keys(const rapidjson::Value& object) {
  std::vector<std::string> out;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) out.emplace_back(it->name.GetString());
  return out;
}

TEST(JsonReport, EmptyReportShape) {
  const std::string text = json_report({});
  EXPECT_EQ(text, std::string("{\"dxscreen\": \"") + version() + "\",\n \"results\": [],\n \"errors\": []}\n");
}

TEST(JsonReport, KeysInDesignOrder) {
  InputReport report;
  report.input = "a.x12";
  report.results = {excludes1_claim(), clean_claim()};
  InputError e;
  e.rule = "x12-syntax";
  e.severity = Severity::error;
  e.location = "ST 0002 / SE";
  e.message = "segment count 12, SE01 says 13";
  report.errors.push_back(e);
  const std::string text = json_report({report});
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(text.c_str()).HasParseError()) << text;
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"dxscreen", "results", "errors"}));
  EXPECT_STREQ(doc["dxscreen"].GetString(), version());
  ASSERT_EQ(doc["results"].Size(), 2u);
  const auto& first = doc["results"][0];
  EXPECT_EQ(keys(first), (std::vector<std::string>{"input", "claim_id", "format", "code_set", "verdict", "findings"}));
  EXPECT_STREQ(first["verdict"].GetString(), "rejected");
  EXPECT_STREQ(doc["results"][1]["verdict"].GetString(), "accepted");
  EXPECT_EQ(doc["results"][1]["findings"].Size(), 0u);
  const auto& finding = first["findings"][0];
  EXPECT_EQ(keys(finding), (std::vector<std::string>{"rule", "severity", "codes", "location", "message", "suggestions"}));
  EXPECT_STREQ(finding["codes"][0].GetString(), "M24.561");
  EXPECT_STREQ(finding["message"].GetString(), "M62.451 and M24.561 are \"Excludes1\"");
  ASSERT_EQ(doc["errors"].Size(), 1u);
  EXPECT_EQ(keys(doc["errors"][0]), (std::vector<std::string>{"input", "rule", "severity", "location", "message"}));
  EXPECT_STREQ(doc["errors"][0]["input"].GetString(), "a.x12");
}

TEST(JsonReport, StreamsResultsAsTheyCome) {
  std::ostringstream out;
  JsonReportWriter writer(out);
  writer.add_result("a", clean_claim());
  const std::string after_first = out.str();
  EXPECT_NE(after_first.find("\"claim_id\": \"PCN-2\""), std::string::npos) << "a result is written at once";
  writer.add_result("b", excludes1_claim());
  writer.finish();
  writer.finish();
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(out.str().c_str()).HasParseError()) << out.str();
  EXPECT_EQ(doc["results"].Size(), 2u);
  EXPECT_STREQ(doc["results"][1]["input"].GetString(), "b");
}

TEST(JsonString, EscapesControlCharacters) {
  std::string out;
  append_json_string(out, std::string("a\"b\\c\nd\x01", 8));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(JsonString, EveryByteRoundTripsOrIsEscaped) {
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  const std::string text = "plain run " + all + " and after";
  std::string out;
  append_json_string(out, text);
  EXPECT_NE(out.find("\\u001f"), std::string::npos);
  EXPECT_NE(out.find("\\u007f"), std::string::npos);
  EXPECT_NE(out.find("\\b\\t\\n\\u000b\\f\\r"), std::string::npos);
  EXPECT_EQ(out.find('\x7F'), std::string::npos);
  for (const char c : out) EXPECT_GE(static_cast<unsigned char>(c), 0x20U);
  // Wrapped in an array, the bytes below 0x80 come back as they were.
  const std::string ascii = text.substr(0, 10 + 127) + " and after";
  std::string json = "[";
  append_json_string(json, ascii);
  json += "]";
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(std::string(doc[0].GetString(), doc[0].GetStringLength()), ascii);
}

TEST(TextReport, OneLinePerFindingThenSummary) {
  InputReport report;
  report.input = "a.x12";
  report.results = {excludes1_claim(), clean_claim()};
  report.counts.add(report.results[0]);
  report.counts.add(report.results[1]);
  EXPECT_EQ(text_report({report}),
            "a.x12: claim PCN-1: error excludes1 [M24.561, M62.451] at 2300 HI02-2: M62.451 and M24.561 are "
            "\"Excludes1\" Suggestion: keep one\n"
            "Summary: 1 input, 2 claims: 1 accepted, 1 rejected\n"
            "Findings: 1 (excludes1 1)\n");
}

TEST(Counts, AddsUp) {
  Counts a;
  a.add(excludes1_claim());
  a.add(clean_claim());
  Counts b;
  b.add(excludes1_claim());
  b.errors = 2;
  a.add(b);
  EXPECT_EQ(a.claims, 3u);
  EXPECT_EQ(a.accepted, 1u);
  EXPECT_EQ(a.rejected, 2u);
  EXPECT_EQ(a.errors, 2u);
  EXPECT_EQ(a.findings_by_rule.at("excludes1"), 2u);
}

TEST(ExitCodes, FollowTheVerdict) {
  InputReport r;
  r.verdict = Verdict::accepted;
  EXPECT_EQ(exit_code(r), 0);
  r.verdict = Verdict::rejected;
  EXPECT_EQ(exit_code(r), 1);
  r.verdict = Verdict::error;
  EXPECT_EQ(exit_code(r), 2);
  r.verdict = Verdict::rejected;
  r.usage_error = true;
  EXPECT_EQ(exit_code(r), 2);
  EXPECT_EQ(combine_exit_codes(0, 1), 1);
  EXPECT_EQ(combine_exit_codes(2, 1), 2);
}

}  // namespace
}  // namespace dxs::pipeline
