#include "core/finding.hpp"

#include <gtest/gtest.h>

namespace dxs {
namespace {

TEST(FindingTest, RuleIdsInDesignOrder) {
  const std::vector<std::string_view> expected = {
      "code-unknown", "code-not-billable", "code-format", "excludes1", "unspecified-with-specified",
      "multiple-sites-with-specific", "site-specificity", "laterality-mismatch", "manifestation-principal",
      "code-first-sequence", "duplicate-code", "pointer-invalid", "reference-unresolved", "code-set-stale",
      "not-screenable"};
  EXPECT_EQ(all_rule_ids(), expected);
  EXPECT_EQ(rule_rank("code-unknown"), 0);
  EXPECT_EQ(rule_rank("excludes1"), 3);
  EXPECT_EQ(rule_rank("no-such-rule"), static_cast<int>(expected.size()));
}

TEST(FindingTest, SeverityNames) {
  Severity s = Severity::fatal;
  ASSERT_TRUE(parse_severity("warning", &s));
  EXPECT_EQ(s, Severity::warning);
  ASSERT_TRUE(parse_severity("information", &s));
  EXPECT_EQ(s, Severity::information);
  EXPECT_FALSE(parse_severity("Warning", &s));
  EXPECT_FALSE(parse_severity("", &s));
  EXPECT_STREQ(to_string(Severity::error), "error");
  EXPECT_STREQ(to_string(Severity::fatal), "fatal");
}

TEST(FindingTest, DefaultSeveritiesFollowDesign) {
  EXPECT_EQ(default_severity("code-unknown"), Severity::error);
  EXPECT_EQ(default_severity("code-not-billable"), Severity::error);
  EXPECT_EQ(default_severity("code-format"), Severity::warning);
  EXPECT_EQ(default_severity("excludes1"), Severity::error);
  EXPECT_EQ(default_severity("multiple-sites-with-specific"), Severity::warning);
  EXPECT_EQ(default_severity("laterality-mismatch"), Severity::error);
  EXPECT_EQ(default_severity("code-first-sequence"), Severity::warning);
  EXPECT_EQ(default_severity("duplicate-code"), Severity::warning);
  EXPECT_EQ(default_severity("pointer-invalid"), Severity::error);
  EXPECT_EQ(default_severity("code-set-stale"), Severity::warning);
  EXPECT_EQ(default_severity("not-screenable"), Severity::information);
  EXPECT_TRUE(is_convention_rule("site-specificity"));
  EXPECT_FALSE(is_convention_rule("excludes1"));
}

}  // namespace
}  // namespace dxs
