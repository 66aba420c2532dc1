#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

std::string error_of(std::string_view text) {
  try {
    (void)parse_config(text, "conf/test.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsWithoutAFile) {
  const Config c;
  EXPECT_FALSE(c.screening.strict);
  EXPECT_EQ(c.x12.sender_id, "DXSCREEN");
  EXPECT_EQ(c.x12.processing_time_policy, ProcessingTimePolicy::input);
  EXPECT_TRUE(c.fhir.response_bundle);
  EXPECT_TRUE(c.rules.empty());
}

TEST(Config, ShippedFileParsesWithComments) {
  const Config c = load_config(std::string(DXS_SOURCE_DIR) + "/conf/dxscreen.json");
  EXPECT_EQ(c.screening.default_date_policy, DatePolicy::today);
  EXPECT_EQ(c.x12.sender_qualifier, "ZZ");
  EXPECT_EQ(c.x12.control_numbers, ControlNumberPolicy::derived);
  EXPECT_EQ(c.limits.max_depth, 64u);
  ASSERT_NE(c.section("http"), nullptr);
  ASSERT_NE(c.section("tls"), nullptr);
  ASSERT_NE(c.section("log"), nullptr);
  const ConfigValue* listen = c.section("http")->find("listen");
  ASSERT_NE(listen, nullptr);
  EXPECT_EQ(listen->type, ConfigValue::Type::string);
  EXPECT_GT(listen->line, 1u);
}

TEST(Config, ReadsEveryOwnSection) {
  const Config c = parse_config(R"({
    // comment
    "mappings": {"dir": "data"},
    "rules": {"excludes1": {"severity": "warning"}, "duplicate-code": {"enabled": false}},
    "screening": {"strict": true, "payer_front_end": true, "default_date": "2026-01-15"},
    "x12": {"sender_qualifier": "30", "sender_id": "999999999", "control_numbers": "configured",
            "interchange_control_number": 42, "group_control_number": 7,
            "processing_time": "2026-01-15T08:30", "nonbillable_secondary": "21"},
    "fhir": {"response_bundle": false, "response_encoding": "xml"},
    "limits": {"max_claims": 10, "max_depth": 16}
  })", "/etc/dxscreen/dxscreen.json");
  EXPECT_EQ(c.mappings.dir, std::filesystem::path("/etc/dxscreen/data"));
  ASSERT_EQ(c.rules.size(), 2u);
  EXPECT_EQ(c.rules[0].id, "excludes1");
  EXPECT_EQ(c.rules[0].severity, Severity::warning);
  EXPECT_FALSE(c.rules[0].enabled.has_value());
  EXPECT_EQ(c.rules[1].enabled, std::optional<bool>(false));
  EXPECT_TRUE(c.screening.strict);
  EXPECT_TRUE(c.screening.payer_front_end);
  EXPECT_EQ(c.screening.default_date_policy, DatePolicy::fixed);
  EXPECT_EQ(c.screening.default_date, Date::from_ymd(2026, 1, 15));
  EXPECT_EQ(c.x12.sender_qualifier, "30");
  EXPECT_EQ(c.x12.control_numbers, ControlNumberPolicy::configured);
  EXPECT_EQ(c.x12.interchange_control_number, 42u);
  EXPECT_EQ(c.x12.group_control_number, 7u);
  EXPECT_EQ(c.x12.processing_time_policy, ProcessingTimePolicy::fixed);
  EXPECT_EQ(c.x12.processing_time, "2026-01-15T08:30");
  EXPECT_EQ(c.x12.nonbillable_secondary, "21");
  EXPECT_FALSE(c.fhir.response_bundle);
  EXPECT_EQ(c.fhir.response_encoding, FhirEncodingPolicy::xml);
  EXPECT_EQ(c.limits.max_claims, 10u);
  EXPECT_EQ(c.limits.max_depth, 16u);
}

TEST(Config, UnknownKeysNameFileAndLine) {
  EXPECT_EQ(error_of("{\n  \"screening\": {\n    \"strcit\": true\n  }\n}"),
            "conf/test.json:3: unknown key \"screening.strcit\" (expected one of: strict, payer_front_end, default_date)");
  EXPECT_EQ(error_of("{\"x12\": {}, \n\"colour\": 1}").rfind("conf/test.json:2: unknown key \"colour\"", 0), 0u);
}

TEST(Config, BadValuesNameFileAndLine) {
  EXPECT_EQ(error_of("{\n\"screening\": {\"strict\": \"yes\"}}"),
            "conf/test.json:2: \"screening.strict\" must be true or false");
  EXPECT_EQ(error_of("{\"screening\": {\n\"default_date\": \"2026-02-30\"}}"),
            "conf/test.json:2: \"screening.default_date\" must be \"today\" or a date YYYY-MM-DD");
  EXPECT_EQ(error_of("{\"limits\": {\n\n\"max_depth\": -1}}"),
            "conf/test.json:3: \"limits.max_depth\" must be an integer from 2 to 10000");
  EXPECT_EQ(error_of("{\"x12\": {\"sender_id\": \"TOO*LONG\"}}"),
            "conf/test.json:1: \"x12.sender_id\" holds a character that cannot appear in an X12 element");
  EXPECT_EQ(error_of("{\"x12\": {\"processing_time\": \"2026-01-15 08:30\"}}"),
            "conf/test.json:1: \"x12.processing_time\" must be \"input\", \"clock\" or YYYY-MM-DDTHH:MM");
  EXPECT_EQ(error_of("{\"fhir\": []}"), "conf/test.json:1: \"fhir\" must be an object");
}

TEST(Config, RuleOverridesAreChecked) {
  EXPECT_EQ(error_of("{\"rules\": {\n\"excludes-1\": {\"severity\": \"warning\"}}}"),
            "conf/test.json:2: unknown rule id \"excludes-1\" in \"rules\"");
  EXPECT_EQ(error_of("{\"rules\": {\"excludes1\": {\"severity\": \"fatal\"}}}"),
            "conf/test.json:1: \"rules.excludes1.severity\" must be \"error\", \"warning\" or \"information\"");
  EXPECT_EQ(error_of("{\"rules\": {\"excludes1\": {\"level\": \"warning\"}}}"),
            "conf/test.json:1: unknown key \"rules.excludes1.level\" (expected one of: severity, enabled)");
}

TEST(Config, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(error_of("{\n\"x12\": {\n\"sender_id\": \"A\",\n}\n}").rfind("conf/test.json:4: invalid JSON", 0), 0u)
      << error_of("{\n\"x12\": {\n\"sender_id\": \"A\",\n}\n}");
  EXPECT_EQ(error_of("{\"x12\": {}, \"x12\": {}}"), "conf/test.json:1: duplicate key \"x12\"");
  EXPECT_EQ(error_of("{}\n{}"), "conf/test.json:2: unexpected text after the configuration object");
  EXPECT_EQ(error_of("[]"), "conf/test.json:1: the configuration must be a JSON object");
  EXPECT_NO_THROW(parse_config("{} // trailing comment\n/* block */", "x"));
}

TEST(Config, OtherSectionsAreKeptForTheirOwners) {
  const Config c = parse_config("{\n\"http\": {\"listen\": \"0.0.0.0:9443\",\n \"anything\": [1, {\"a\": null}]}}", "f");
  const ConfigValue* http = c.section("http");
  ASSERT_NE(http, nullptr);
  EXPECT_EQ(http->to_json(), "{\"listen\":\"0.0.0.0:9443\",\"anything\":[1,{\"a\":null}]}");
  EXPECT_EQ(http->find("anything")->key_line, 3u);
  EXPECT_EQ(c.section("tls"), nullptr);
}

TEST(Config, MissingFileIsAnError) {
  try {
    (void)load_config("/nonexistent/dxscreen.json");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/dxscreen.json:0: cannot read the configuration file");
  }
}

TEST(Config, ProcessingTime) {
  Date date;
  int hhmm = -1;
  ASSERT_TRUE(parse_processing_time("2026-01-15T08:30", &date, &hhmm));
  EXPECT_EQ(date, Date::from_ymd(2026, 1, 15));
  EXPECT_EQ(hhmm, 830);
  for (const char* bad : {"2026-01-15 08:30", "2026-01-15T24:00", "2026-01-15T08:60", "2026-02-30T08:30",
                          "2026-01-15T8:30", "2026-01-15T08:30Z", ""})
    EXPECT_FALSE(parse_processing_time(bad, &date, &hhmm)) << bad;
}

TEST(Config, EffectiveConfigRoundTrips) {
  const Config c = load_config(std::string(DXS_SOURCE_DIR) + "/conf/dxscreen.json");
  const std::string text = effective_config_json(c);
  const Config again = parse_config(text, "effective.json");
  EXPECT_EQ(effective_config_json(again), text);
}

}  // namespace
}  // namespace dxs::pipeline
