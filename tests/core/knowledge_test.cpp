#include "core/knowledge.hpp"

#include <gtest/gtest.h>

#include "test_data.hpp"

namespace dxs {
namespace {

std::shared_ptr<const CodeSet> mini_set(int fy, const char* from = nullptr, const char* to = nullptr) {
  std::string text = "# fiscal_year\t" + std::to_string(fy) + "\n";
  if (from != nullptr) text += std::string("# effective_from\t") + from + "\n";
  if (to != nullptr) text += std::string("# effective_to\t") + to + "\n";
  text += "M6281\t1\tMuscle weakness (generalized)\tMuscle weakness (generalized)\n";
  auto set = CodeSet::parse(text, "mini-" + std::to_string(fy));
  EXPECT_TRUE(set.ok());
  return set.value();
}

TEST(KnowledgeTest, CodeSetByDate) {
  Knowledge k;
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2025, 10, 1)), nullptr);
  k.code_sets = {mini_set(2025), mini_set(2026), mini_set(2027)};
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2025, 9, 30))->fiscal_year(), 2025);
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2025, 10, 1))->fiscal_year(), 2026);
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2026, 9, 30))->fiscal_year(), 2026);
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2026, 10, 1))->fiscal_year(), 2027);
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2027, 10, 1))->fiscal_year(), 2027);  // stale: newest
  EXPECT_EQ(k.code_set_for(Date{})->fiscal_year(), 2027);                       // unknown: newest
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2020, 1, 1))->fiscal_year(), 2025);   // before all: oldest
}

TEST(KnowledgeTest, AprilUpdateTakesOverMidYear) {
  Knowledge k;
  k.code_sets = {mini_set(2026), mini_set(2026, "2026-04-01", "2026-09-30")};
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2026, 3, 31)), k.code_sets[0].get());
  EXPECT_EQ(k.code_set_for(Date::from_ymd(2026, 4, 1)), k.code_sets[1].get());
}

TEST(KnowledgeTest, NotesForNearestYear) {
  Knowledge k;
  EXPECT_EQ(k.notes_for(2026), nullptr);
  auto n2026 = NoteIndex::from_edges({}, "2026");
  auto n2027 = NoteIndex::from_edges({}, "2027");
  k.notes_by_fy[2026] = n2026;
  k.notes_by_fy[2027] = n2027;
  EXPECT_EQ(k.notes_for(2026), n2026.get());
  EXPECT_EQ(k.notes_for(2027), n2027.get());
  EXPECT_EQ(k.notes_for(2025), n2026.get());
  EXPECT_EQ(k.notes_for(2030), n2027.get());
}

TEST(KnowledgeTest, LaterPacksOverrideRulesAndSites) {
  Knowledge k;
  RulePack core;
  core.id = "core";
  core.rules.push_back(testdata::spec("excludes1", Severity::error));
  core.rules.push_back(testdata::spec("duplicate-code", Severity::warning));
  RulePack local;
  local.id = "local";
  local.rules.push_back(testdata::spec("excludes1", Severity::warning));
  k.packs = {core, local};
  ASSERT_NE(k.rule("excludes1"), nullptr);
  EXPECT_EQ(k.rule("excludes1")->severity, Severity::warning);
  EXPECT_EQ(k.rule("duplicate-code")->severity, Severity::warning);
  EXPECT_EQ(k.rule("pointer-invalid"), nullptr);

  k.packs.push_back(testdata::contracture_pack());
  const SiteCode* site = k.site_code("M62451");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->family, "M62.4");
  EXPECT_EQ(site->site_group, "M62.45");
  EXPECT_EQ(site->side, SideKind::right);
  EXPECT_EQ(k.site_code("M6281"), nullptr);
  EXPECT_EQ(k.site_code("M6249")->kind, SiteKind::multiple_sites);
}

TEST(KnowledgeTest, ApplyOverrides) {
  Knowledge k;
  k.packs.push_back(testdata::contracture_pack());
  ASSERT_TRUE(apply_overrides(k, {{"excludes1", Severity::warning, std::nullopt},
                                  {"duplicate-code", std::nullopt, false}})
                  .ok());
  EXPECT_EQ(k.rule("excludes1")->severity, Severity::warning);
  ASSERT_NE(k.rule("duplicate-code"), nullptr);  // no pack defined it: the override adds a spec
  EXPECT_FALSE(k.rule("duplicate-code")->enabled);
  EXPECT_EQ(k.rule("duplicate-code")->severity, Severity::warning);
  auto bad = apply_overrides(k, {{"excludes-one", Severity::warning, std::nullopt}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("excludes-one"), std::string::npos);
}

}  // namespace
}  // namespace dxs
