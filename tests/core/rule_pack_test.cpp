#include "core/rule_pack.hpp"

#include <gtest/gtest.h>

namespace dxs {
namespace {

TEST(RuleSpecTest, EffectiveDatesAreInclusive) {
  RuleSpec s;
  s.effective_from = Date::from_ymd(2025, 10, 1);
  EXPECT_FALSE(s.in_effect(Date::from_ymd(2025, 9, 30)));
  EXPECT_TRUE(s.in_effect(Date::from_ymd(2025, 10, 1)));
  s.effective_to = Date::from_ymd(2026, 9, 30);
  EXPECT_TRUE(s.in_effect(Date::from_ymd(2026, 9, 30)));
  EXPECT_FALSE(s.in_effect(Date::from_ymd(2026, 10, 1)));
  EXPECT_TRUE(s.in_effect(Date{}));
  EXPECT_TRUE(RuleSpec{}.in_effect(Date::from_ymd(2020, 1, 1)));
}

TEST(RuleSpecTest, FamiliesLimitTheCodes) {
  RuleSpec s;
  EXPECT_TRUE(s.applies_to("R531"));  // no families = every code
  s.families.push_back(CodePattern::parse("M62.4-").value());
  s.families.push_back(CodePattern::parse("M24.5").value());
  EXPECT_TRUE(s.applies_to("M62411"));
  EXPECT_TRUE(s.applies_to("M24561"));
  EXPECT_FALSE(s.applies_to("M6281"));
  EXPECT_FALSE(s.applies_to("M2461"));
}

TEST(RulePackTest, SiteAndSideKindNames) {
  SiteKind k = SiteKind::specific;
  EXPECT_TRUE(parse_site_kind("multiple-sites", &k));
  EXPECT_EQ(k, SiteKind::multiple_sites);
  EXPECT_TRUE(parse_site_kind("unspecified_site", &k));
  EXPECT_EQ(k, SiteKind::unspecified_site);
  EXPECT_FALSE(parse_site_kind("bilateral", &k));
  SideKind s = SideKind::none;
  EXPECT_TRUE(parse_side_kind("unspecified", &s));
  EXPECT_EQ(s, SideKind::unspecified);
  EXPECT_FALSE(parse_side_kind("bilateral", &s));
  EXPECT_STREQ(to_string(SiteKind::other_site), "other-site");
  EXPECT_STREQ(to_string(SideKind::left), "left");
}

}  // namespace
}  // namespace dxs
