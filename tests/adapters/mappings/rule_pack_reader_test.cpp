// Tests parse_rule_pack (adapters/mappings/rule_pack_reader.cpp) and the shipped rule packs.
#include <gtest/gtest.h>

#include <set>

#include "adapters/mappings/mappings.hpp"
#include "core/icd10cm_code.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

std::string pack_with_rule(const std::string& rule_body) {
  return "{\n"
         "  \"id\": \"test-pack\", \"version\": \"1.0.0\", \"title\": \"t\",\n"
         "  \"rules\": [\n"
         "    " + rule_body + "\n"
         "  ]\n"
         "}\n";
}

const std::string good_rule =
    R"({"id": "excludes1", "severity": "error", "enabled": true, "families": ["M62.4-"], )"
    R"("effective_from": "2025-10-01", "effective_to": null, "basis": "b", "description": "d"})";

TEST(RulePackReader, ReadsAFullPack) {
  std::string json = R"JSON({
  "id": "m", "version": "1.2.3", "title": "T", "comment": ["x"],
  "rules": [)JSON" + good_rule + R"JSON(],
  "sites": [
    {"code": "M62.411", "family": "M62.4", "kind": "specific", "site": "shoulder", "site_group": "M62.41", "covers": ["shoulder"], "side": "right"},
    {"code": "M6249", "family": "M62.4", "kind": "multiple_sites", "site": "multiple sites", "covers": [], "side": "none"}
  ],
  "code_first": [{"code": "M62.84", "etiology": ["G71.-", "G72.-"], "basis": "note at M62.84"}],
  "manifestation": ["M63.8-"],
  "extra_edges": [{"kind": "excludes1", "source": "R53.1", "target": "M62.81", "text": "muscle weakness (generalized) (M62.81)"}]
})JSON";
  auto pack = parse_rule_pack(json, "m.json");
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_EQ(pack->id, "m");
  EXPECT_EQ(pack->source, "m.json");
  ASSERT_EQ(pack->rules.size(), 1u);
  EXPECT_EQ(pack->rules[0].severity, Severity::error);
  EXPECT_EQ(pack->rules[0].effective_from, Date::from_ymd(2025, 10, 1));
  EXPECT_FALSE(pack->rules[0].effective_to.known());
  EXPECT_TRUE(pack->rules[0].applies_to("M62411"));
  EXPECT_FALSE(pack->rules[0].applies_to("M24511"));
  ASSERT_EQ(pack->sites.size(), 2u);
  EXPECT_EQ(pack->sites[0].code, "M62411");
  EXPECT_EQ(pack->sites[0].side, SideKind::right);
  EXPECT_EQ(pack->sites[1].kind, SiteKind::multiple_sites);
  EXPECT_EQ(pack->sites[1].site_group, "M62.4");  // defaults to the family
  ASSERT_EQ(pack->code_first.size(), 1u);
  EXPECT_TRUE(pack->code_first[0].etiology[1].matches("G7201"));
  EXPECT_TRUE(pack->manifestation[0].matches("M63811"));
  ASSERT_EQ(pack->extra_edges.size(), 1u);
  EXPECT_EQ(pack->extra_edges[0].source_label, "R53.1");
}

struct BadPack {
  std::string name;
  std::string json;
  std::string where;    // "file:line:column"
  std::string problem;  // part of the message
};

class RulePackErrors : public ::testing::TestWithParam<BadPack> {};

TEST_P(RulePackErrors, NameFileLineAndColumn) {
  const BadPack& bad = GetParam();
  auto pack = parse_rule_pack(bad.json, "p.json");
  ASSERT_FALSE(pack) << bad.name;
  EXPECT_EQ(pack.error().location, bad.where) << pack.error().message;
  EXPECT_NE(pack.error().message.find(bad.problem), std::string::npos) << pack.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RulePackErrors,
    ::testing::Values(
        BadPack{"unknown_top_key", "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\",\n \"rulez\": []}", "p.json:2:2",
                "unknown key \"rulez\""},
        BadPack{"unknown_rule_id", pack_with_rule(R"({"id": "excludes3", "severity": "error", "basis": "b", "description": "d"})"),
                "p.json:4:12", "unknown rule id \"excludes3\""},
        BadPack{"bad_severity", pack_with_rule(R"({"id": "excludes1", "severity": "fatal", "basis": "b", "description": "d"})"),
                "p.json:4:37", "severity \"fatal\""},
        BadPack{"bad_pattern", pack_with_rule(R"({"id": "excludes1", "severity": "error", "families": ["M62.4-", "62.4"], "basis": "b", "description": "d"})"),
                "p.json:4:69", "bad code pattern '62.4'"},
        BadPack{"lower_case_pattern", pack_with_rule(R"({"id": "excludes1", "severity": "error", "families": ["m62.4-"], "basis": "b", "description": "d"})"),
                "p.json:4:59", "must be upper case"},
        BadPack{"unknown_rule_key", pack_with_rule(R"({"id": "excludes1", "severity": "error", "sevrity": "x", "basis": "b", "description": "d"})"),
                "p.json:4:46", "unknown key \"sevrity\""},
        BadPack{"bad_date", pack_with_rule(R"({"id": "excludes1", "severity": "error", "effective_from": "2025-13-01", "basis": "b", "description": "d"})"),
                "p.json:4:64", "not a date"},
        BadPack{"wrong_type", pack_with_rule(R"({"id": "excludes1", "severity": "error", "enabled": "yes", "basis": "b", "description": "d"})"),
                "p.json:4:57", "\"enabled\" must be a boolean, not a string"},
        BadPack{"missing_basis", pack_with_rule(R"({"id": "excludes1", "severity": "error", "description": "d"})"),
                "p.json:4:5", "missing \"basis\""},
        BadPack{"site_code_not_code_shaped",
                "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\", \"sites\": [\n"
                "  {\"code\": \"m62.411\", \"family\": \"M62.4\", \"kind\": \"specific\", \"site\": \"s\", \"covers\": [\"shoulder\"], \"side\": \"right\"}]}",
                "p.json:2:12", "is not an ICD-10-CM code"},
        BadPack{"site_outside_family",
                "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\", \"sites\": [\n"
                "  {\"code\": \"M24.511\", \"family\": \"M62.4\", \"kind\": \"specific\", \"site\": \"s\", \"covers\": [\"shoulder\"], \"side\": \"right\"}]}",
                "p.json:2:12", "is not in its family M62.4"},
        BadPack{"site_bad_key",
                "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\", \"sites\": [\n"
                "  {\"code\": \"M62.411\", \"family\": \"M62.4\", \"kind\": \"specific\", \"site\": \"s\", \"covers\": [\"Shoulder\"], \"side\": \"right\"}]}",
                "p.json:2:86", "not a canonical body-site key"},
        BadPack{"site_bad_side",
                "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\", \"sites\": [\n"
                "  {\"code\": \"M62.411\", \"family\": \"M62.4\", \"kind\": \"specific\", \"site\": \"s\", \"covers\": [\"shoulder\"], \"side\": \"bilateral\"}]}",
                "p.json:2:107", "side \"bilateral\""},
        BadPack{"bad_version", "{\"id\": \"x\", \"version\": \"1.0\", \"title\": \"t\"}", "p.json:1:24", "not MAJOR.MINOR.PATCH"},
        BadPack{"duplicate_rule", "{\"id\": \"x\", \"version\": \"1.0.0\", \"title\": \"t\", \"rules\": [\n" + good_rule + ",\n" + good_rule + "]}",
                "p.json:3:8", "defined twice"},
        BadPack{"syntax", "{\"id\": \"x\",\n\"version\": }", "p.json:2:12", "JSON syntax error"}),
    [](const auto& param_info) { return param_info.param.name; });

// Every site-table code of the shipped packs exists and is billable in every shipped fiscal year,
// and the tables are complete: all 24 billable M62.4x and all 26 billable M24.5x codes.
TEST(ShippedRulePacks, SiteTablesMatchTheOrderFiles) {
  DXS_REQUIRE_SHARED();
  std::set<std::string> listed;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_mappings() / "rulepacks")) {
    auto pack = parse_rule_pack(read_file(entry.path()), entry.path().filename().string());
    ASSERT_TRUE(pack) << pack.error().message;
    for (const SiteCode& site : pack->sites) {
      listed.insert(site.code);
      for (int fy : {2025, 2026, 2027}) {
        EXPECT_TRUE(test::catalog(fy).contains(site.code)) << site.code << " missing in FY" << fy;
      }
    }
  }
  for (int fy : {2025, 2026, 2027}) {
    std::set<std::string> billable;
    for (const OrderEntry& e : test::order_file(fy).entries) {
      if (e.billable && (e.code.rfind("M624", 0) == 0 || e.code.rfind("M245", 0) == 0)) billable.insert(e.code);
      if (listed.count(e.code) != 0) {
        EXPECT_TRUE(e.billable) << e.code << " is a header in FY" << fy;
      }
    }
    EXPECT_EQ(billable, listed) << "FY" << fy;
    EXPECT_EQ(billable.size(), 50u);
  }
}

}  // namespace
}  // namespace dxs::mappings
