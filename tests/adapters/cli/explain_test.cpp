// `dxscreen explain` end to end against the shipped mappings.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tests/adapters/cli/command.hpp"

namespace dxs::testing {
namespace {

const std::filesystem::path kSource = DXS_SOURCE_DIR;

TEST(Explain, HeaderCodeListsItsBillableCodes) {
  const CommandResult r = run_dxscreen("explain M62.41 --date 2026-01-15", kSource);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("M62.41  Contracture of muscle, shoulder\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Code set: icd10cm-2026\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Billable: no"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  M62.411  Contracture of muscle, right shoulder\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  M62.419  Contracture of muscle, unspecified shoulder\n"), std::string::npos) << r.out;
}

TEST(Explain, BillableCodeShowsNotesAndRules) {
  const CommandResult r = run_dxscreen("explain M62451 --date 2026-01-15", kSource);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("M62.451  Contracture of muscle, right thigh\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Billable: yes\n"), std::string::npos);
  EXPECT_NE(r.out.find("excludes1 (at M62.4): contracture of joint (M24.5-)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Rules that apply:\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  multiple-sites-with-specific (warning): "), std::string::npos) << r.out;
}

TEST(Explain, JsonFormat) {
  const CommandResult r = run_dxscreen("explain m62.81 --format json --date 2026-01-15", kSource);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_STREQ(doc["code"].GetString(), "M62.81");
  EXPECT_STREQ(doc["code_set"].GetString(), "icd10cm-2026");
  EXPECT_TRUE(doc["found"].GetBool());
  EXPECT_TRUE(doc["billable"].GetBool());
  EXPECT_STREQ(doc["title"].GetString(), "Muscle weakness (generalized)");
  bool m6284 = false;
  for (const auto& note : doc["notes"].GetArray())
    if (std::string(note["text"].GetString()).find("M62.84") != std::string::npos) m6284 = true;
  EXPECT_TRUE(m6284) << r.out;
}

TEST(Explain, UnknownCodeExits1) {
  const CommandResult r = run_dxscreen("explain M62.401 --date 2026-01-15", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("M62.401"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not"), std::string::npos) << r.out;
}

TEST(Explain, UsageErrors) {
  CommandResult r = run_dxscreen("explain", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing CODE"), std::string::npos);
  r = run_dxscreen("explain M62.4 --format xml", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format must be text or json"), std::string::npos);
  r = run_dxscreen("explain M62.4 M62.5", kSource);
  EXPECT_EQ(r.exit_code, 2);
  r = run_dxscreen("explain M62.4 --date tomorrow", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("option --date needs a date YYYY-MM-DD"), std::string::npos);
  r = run_dxscreen("explain --help", kSource);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Usage: dxscreen explain CODE"), std::string::npos);
}

}  // namespace
}  // namespace dxs::testing
