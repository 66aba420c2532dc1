// load_knowledge and default_mappings_dir (adapters/mappings/mappings.cpp).
#include "adapters/mappings/mappings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/notes.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

namespace fs = std::filesystem;

std::string load_error(const fs::path& dir) {
  try {
    load_knowledge(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A small valid mappings folder.
void write_minimal(const fs::path& dir) {
  write(dir / "icd10cm/icd10cm-2026.tsv",
        "# fiscal_year\t2026\nM624\t0\tContracture of muscle\tContracture of muscle\n"
        "M6240\t1\tContracture of muscle, unsp site\tContracture of muscle, unspecified site\n");
  write(dir / "icd10cm/notes-2026.tsv", "# fiscal_year\t2026\nexcludes1\tM62.4\tM24.5-\tcontracture of joint (M24.5-)\n");
  write(dir / "rulepacks/00-core.json",
        R"({"id": "core", "version": "1.0.0", "title": "t", "rules": [{"id": "excludes1", "severity": "error", "basis": "b", "description": "d"}]})");
}

TEST(LoadKnowledge, ShippedMappings) {
  auto knowledge = load_knowledge(test::source_mappings());
  ASSERT_EQ(knowledge->code_sets.size(), 3u);
  EXPECT_EQ(knowledge->code_sets[0]->fiscal_year(), 2025);
  EXPECT_EQ(knowledge->code_sets[0]->billable_count(), 74260u);
  EXPECT_EQ(knowledge->code_sets[1]->billable_count(), 74719u);
  EXPECT_EQ(knowledge->code_sets[2]->billable_count(), 74879u);
  EXPECT_EQ(knowledge->code_sets[2]->size(), 98403u);
  EXPECT_EQ(knowledge->code_sets[1]->effective_from(), Date::from_ymd(2025, 10, 1));
  // Code sets are validated at load but their entries are read on first use, one fiscal year at a time.
  for (const auto& set : knowledge->code_sets) EXPECT_FALSE(set->loaded()) << set->name();
  EXPECT_TRUE(knowledge->code_sets[0]->contains("M6281"));
  EXPECT_FALSE(knowledge->code_sets[0]->loaded());
  ASSERT_NE(knowledge->code_sets[1]->find("M6281"), nullptr);
  EXPECT_EQ(knowledge->code_sets[1]->find("M6281")->long_title, "Muscle weakness (generalized)");
  EXPECT_TRUE(knowledge->code_sets[1]->loaded());
  EXPECT_FALSE(knowledge->code_sets[0]->loaded());
  EXPECT_FALSE(knowledge->code_sets[2]->loaded());
  ASSERT_EQ(knowledge->notes_by_fy.size(), 3u);
  EXPECT_EQ(knowledge->version.rfind("packs: core@1.0.0 m24-5-joint-contracture@1.0.0", 0), 0u) << knowledge->version;
  EXPECT_NE(knowledge->version.find("code sets: 2025,2026,2027; notes: 2025,2026,2027"), std::string::npos);

  // The starting families' pairs, both directions as the screener asks.
  const NoteIndex* fy2026 = knowledge->notes_for(2026);
  ASSERT_NE(fy2026, nullptr);
  EXPECT_FALSE(fy2026->find(NoteKind::excludes1, "M62451", "M24561").empty());  // at M62.4
  EXPECT_FALSE(fy2026->find(NoteKind::excludes1, "M24561", "M62451").empty());  // at M24.5
  EXPECT_FALSE(fy2026->find(NoteKind::excludes1, "R531", "M6281").empty());
  EXPECT_FALSE(fy2026->find(NoteKind::excludes1, "M62830", "R252").empty());   // category M62
  EXPECT_FALSE(fy2026->find(NoteKind::excludes2, "R252", "M62830").empty());   // the R5 anomaly's other side
  EXPECT_FALSE(fy2026->find(NoteKind::code_first, "M6284", "G7201").empty());
  // R26.2 -> R26.81 holds in FY2026 (tabular) and not in FY2027 (Excludes1 table).
  EXPECT_FALSE(fy2026->find(NoteKind::excludes1, "R262", "R2681").empty());
  EXPECT_TRUE(knowledge->notes_for(2027)->find(NoteKind::excludes1, "R262", "R2681").empty());
  EXPECT_FALSE(knowledge->notes_for(2027)->find(NoteKind::excludes1, "R262", "R296").empty());
  // FY2027 carries the excerpt's Excludes2 / code-first notes forward.
  EXPECT_FALSE(knowledge->notes_for(2027)->find(NoteKind::code_first, "M6284", "G7201").empty());

  // Rules, sites and packs.
  ASSERT_NE(knowledge->rule("multiple-sites-with-specific"), nullptr);
  EXPECT_FALSE(knowledge->rule("multiple-sites-with-specific")->in_effect(Date::from_ymd(2025, 9, 30)));
  EXPECT_TRUE(knowledge->rule("multiple-sites-with-specific")->in_effect(Date::from_ymd(2025, 10, 1)));
  for (std::string_view id : all_rule_ids()) {
    EXPECT_NE(knowledge->rule(id), nullptr) << "no pack defines " << id;
  }
  const SiteCode* knee = knowledge->site_code("M24562");
  ASSERT_NE(knee, nullptr);
  EXPECT_EQ(knee->side, SideKind::left);
  EXPECT_EQ(knee->covers, (std::vector<std::string>{"knee"}));
  EXPECT_EQ(knowledge->site_code("M6249")->kind, SiteKind::multiple_sites);
  EXPECT_EQ(knowledge->site_code("M24576")->site_group, "M24.574-M24.576");
}

// Extra edges in the packs repeat tabular notes; each must still be in every shipped notes file.
TEST(LoadKnowledge, PackEdgesAreInEveryShippedNotesFile) {
  auto knowledge = load_knowledge(test::source_mappings());
  std::size_t checked = 0;
  for (const RulePack& pack : knowledge->packs) {
    for (const NoteEdge& edge : pack.extra_edges) {
      for (const auto& [fy, notes] : knowledge->notes_by_fy) {
        bool found = false;
        for (const NoteEdge& e : notes->edges()) {
          found |= e.kind == edge.kind && e.source_label == edge.source_label && e.text == edge.text &&
                   e.target.to_string() == edge.target.to_string();
        }
        EXPECT_TRUE(found) << pack.id << ": " << edge.source_label << " -> " << edge.target.to_string() << " FY" << fy;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 24u);
}

TEST(LoadKnowledge, BrokenCodeSetNamesFileAndLine) {
  test::TempDir dir;
  write_minimal(dir.path());
  write(dir.path() / "icd10cm/icd10cm-2027.tsv", "# fiscal_year\t2027\nM624\t0\tContracture\tContracture\nM6240\t2\tx\tx\n");
  std::string message = load_error(dir.path());
  EXPECT_NE(message.find("icd10cm-2027.tsv:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("bad billable flag"), std::string::npos) << message;
}

TEST(LoadKnowledge, BrokenNotesAndPacksNameFileAndLine) {
  test::TempDir dir;
  write_minimal(dir.path());
  write(dir.path() / "icd10cm/notes-2026.tsv", "# fiscal_year\t2026\nexcludes1\tM62.4\tM24.5-\tok\nexcludes9\tM62.4\tM24.5-\tbad\n");
  std::string notes = load_error(dir.path());
  EXPECT_NE(notes.find("notes-2026.tsv:3:"), std::string::npos) << notes;

  write_minimal(dir.path());
  write(dir.path() / "rulepacks/10-bad.json", "{\"id\": \"bad\", \"version\": \"1.0.0\",\n \"title\": \"t\", \"extra\": 1}");
  std::string pack = load_error(dir.path());
  EXPECT_NE(pack.find("10-bad.json:2:16: unknown key \"extra\""), std::string::npos) << pack;
}

TEST(LoadKnowledge, ConsistencyChecks) {
  test::TempDir dir;
  write_minimal(dir.path());
  EXPECT_EQ(load_error(dir.path()), "");
  write(dir.path() / "rulepacks/.#00-core.json", "not json");  // editor lock files are not packs
  EXPECT_EQ(load_error(dir.path()), "");
  write(dir.path() / "rulepacks/20-again.json",
        R"({"id": "again", "version": "1.0.0", "title": "t", "rules": [{"id": "excludes1", "severity": "warning", "basis": "b", "description": "d"}]})");
  std::string twice = load_error(dir.path());
  EXPECT_NE(twice.find("rule \"excludes1\" is already defined by"), std::string::npos) << twice;
  fs::remove(dir.path() / "rulepacks/20-again.json");

  write(dir.path() / "icd10cm/notes-2025.tsv", "# fiscal_year\t2026\n");
  std::string year = load_error(dir.path());
  EXPECT_NE(year.find("notes-2025.tsv:1: header fiscal_year 2026 does not match the file name"), std::string::npos) << year;
  fs::remove(dir.path() / "icd10cm/notes-2025.tsv");

  fs::remove(dir.path() / "icd10cm/icd10cm-2026.tsv");
  EXPECT_NE(load_error(dir.path()).find("no code set"), std::string::npos);
  EXPECT_NE(load_error(dir.path() / "absent").find("mappings folder not found"), std::string::npos);
}

TEST(DefaultMappingsDir, EnvironmentWinsThenSourceTree) {
  const char* old = std::getenv("DXSCREEN_MAPPINGS");
  std::string saved = old != nullptr ? old : "";
  ::setenv("DXSCREEN_MAPPINGS", "/opt/custom/mappings", 1);
  EXPECT_EQ(default_mappings_dir(), fs::path("/opt/custom/mappings"));
  ::unsetenv("DXSCREEN_MAPPINGS");
  // The test binary has no share/ or mappings/ beside it: the source tree's folder.
  EXPECT_EQ(fs::weakly_canonical(default_mappings_dir()), fs::weakly_canonical(test::source_mappings()));
  if (old != nullptr) ::setenv("DXSCREEN_MAPPINGS", saved.c_str(), 1);
}

}  // namespace
}  // namespace dxs::mappings
