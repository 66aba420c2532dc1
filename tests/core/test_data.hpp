#pragma once
// Shared fixtures for the core tests: real CDC order files and the FY2027 Excludes1 table from
// DXS_SHARED_DIR, converted in memory to dxscreen's own TSV formats and parsed with core's parsers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/code_set.hpp"
#include "core/knowledge.hpp"
#include "core/notes.hpp"
#include "core/rule_pack.hpp"

namespace dxs::testdata {

inline std::string shared_path(const std::string& relative) { return std::string(DXS_SHARED_DIR) + "/" + relative; }

inline bool have_shared() {
  return std::filesystem::exists(shared_path("icd10cm/fy2026/cdc/icd10cm-order-2026.txt"));
}

#define DXS_REQUIRE_SHARED()                                                     \
  do {                                                                           \
    if (!::dxs::testdata::have_shared()) GTEST_SKIP() << "shared CDC files absent"; \
  } while (0)

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string order_file_path(int fy) {
  if (fy == 2027) return shared_path("icd10cm/fy2027/derived/icd10cm-order-2027.txt");
  return shared_path("icd10cm/fy" + std::to_string(fy) + "/cdc/icd10cm-order-" + std::to_string(fy) + ".txt");
}

inline std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// CDC order file (fixed width: code 7-13, flag 15, short 17-76, long 78-) to the code-set TSV.
// `prefixes` empty = every code; else only codes starting with one of them.
inline std::string order_to_tsv(const std::string& order, int fy, const std::vector<std::string>& prefixes = {}) {
  std::string out = "# fiscal_year\t" + std::to_string(fy) + "\n# source\tCDC icd10cm-order-" + std::to_string(fy) + ".txt\n";
  out.reserve(order.size());
  std::size_t pos = 0;
  while (pos < order.size()) {
    std::size_t end = order.find('\n', pos);
    if (end == std::string::npos) end = order.size();
    std::string line = rtrim(order.substr(pos, end - pos));
    pos = end + 1;
    if (line.size() < 78) continue;
    std::string code = rtrim(line.substr(6, 7));
    bool keep = prefixes.empty();
    for (const auto& p : prefixes) keep |= code.compare(0, p.size(), p) == 0;
    if (!keep) continue;
    out += code + "\t" + line[14] + "\t" + rtrim(line.substr(16, 60)) + "\t" + line.substr(77) + "\n";
  }
  return out;
}

inline std::shared_ptr<const CodeSet> load_code_set(int fy, const std::vector<std::string>& prefixes = {}) {
  auto parsed = CodeSet::parse(order_to_tsv(read_file(order_file_path(fy)), fy, prefixes), "icd10cm-" + std::to_string(fy) + ".tsv");
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : nullptr;
}

inline std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { fields.back() += '"'; ++i; }
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// The FY2027 Excludes1 table (CSV) as notes TSV: one edge per referenced code, prose rows with an
// empty target. Chapter-level rows get their chapter range.
inline std::string excludes1_csv_to_tsv(const std::string& csv) {
  std::string out = "# source\tfy2027-excludes1.csv\n";
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto f = csv_fields(line);
    if (f.size() < 7) continue;
    std::string source = f[1];
    if (source == "Chapter 4") source = "Chapter 4 (E00-E89)";
    else if (source == "Chapter 15") source = "Chapter 15 (O00-O9A)";
    std::string refs = f[5];
    std::vector<std::string> targets;
    std::size_t p = 0;
    while (!refs.empty() && p <= refs.size()) {
      std::size_t sep = refs.find("; ", p);
      targets.push_back(refs.substr(p, sep == std::string::npos ? std::string::npos : sep - p));
      if (sep == std::string::npos) break;
      p = sep + 2;
    }
    if (targets.empty()) targets.emplace_back();
    for (const auto& t : targets) {
      if (!t.empty() && !CodePattern::parse(t).ok()) continue;
      out += "excludes1\t" + source + "\t" + t + "\t" + f[4] + "\n";
    }
  }
  return out;
}

// Real FY2026 tabular notes other than Excludes1 (from the tabular excerpt in ../shared).
inline const char* kFy2026OtherNotes =
    "# fiscal_year\t2026\n"
    "excludes2\tChapter 13 (M00-M99)\tR00-R94\tsymptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified (R00-R94)\n"
    "excludes2\tChapter 13 (M00-M99)\tS00-T88\tinjury, poisoning and certain other consequences of external causes (S00-T88)\n"
    "excludes2\tM24\tM67.4\tganglion (M67.4)\n"
    "excludes2\tM24.5\tM20-M21\tacquired deformities of limbs (M20-M21)\n"
    "excludes2\tBlock M60-M63\tG71-G72\tmuscular dystrophies and myopathies (G71-G72)\n"
    "excludes2\tM62\tM79.81\tnontraumatic hematoma of muscle (M79.81)\n"
    "excludes2\tM62.8\tM79.81\tnontraumatic hematoma of muscle (M79.81)\n"
    "code-first\tM62.84\tG73.-\tdisorders of myoneural junction and muscle disease in diseases classified elsewhere (G73.-)\n"
    "code-first\tM62.84\tG72.-\tother and unspecified myopathies (G72.-)\n"
    "code-first\tM62.84\tG71.-\tprimary disorders of muscles (G71.-)\n"
    "excludes2\tChapter 18 (R00-R99)\tP04-P96\tcertain conditions originating in the perinatal period (P04-P96)\n"
    "excludes2\tR25.2\tR29.0\tcarpopedal spasm (R29.0)\n"
    "excludes2\tR25.2\tM62.831\tcharley-horse (M62.831)\n"
    "excludes2\tR25.2\tG40.4-\tinfantile spasms (G40.4-)\n"
    "excludes2\tR25.2\tM62.830\tmuscle spasm of back (M62.830)\n"
    "excludes2\tR25.2\tM62.831\tmuscle spasm of calf (M62.831)\n"
    "excludes2\tR53.83\tF32.-\texhaustion and fatigue due to depressive episode (F32.-)\n";

inline std::shared_ptr<const NoteIndex> load_notes() {
  std::string text = excludes1_csv_to_tsv(read_file(shared_path("icd10cm/fy2027/excludes/fy2027-excludes1.csv")));
  text += kFy2026OtherNotes;
  auto parsed = NoteIndex::parse(std::move(text), "notes.tsv");
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : nullptr;
}

inline CodePattern pattern(std::string_view text) {
  auto p = CodePattern::parse(text);
  EXPECT_TRUE(p.ok()) << text;
  return p.ok() ? p.value() : CodePattern{};
}

// Site tables of the team notes: M62.4x (contracture of muscle) and M24.5x (contracture of joint).
inline std::vector<SiteCode> contracture_sites() {
  std::vector<SiteCode> sites;
  auto add = [&](std::string code, std::string family, SiteKind kind, std::string site, std::string group,
                 std::vector<std::string> covers, SideKind side) {
    sites.push_back({std::move(code), std::move(family), kind, std::move(site), std::move(group), std::move(covers), side});
  };
  struct Group { const char* digit; const char* name; std::vector<std::string> covers; };
  const std::vector<Group> m62 = {{"1", "shoulder", {"shoulder"}},        {"2", "upper arm", {"upper_arm", "elbow"}},
                                  {"3", "forearm", {"forearm", "wrist"}}, {"4", "hand", {"hand", "finger"}},
                                  {"5", "thigh", {"thigh", "hip"}},       {"6", "lower leg", {"lower_leg", "knee"}},
                                  {"7", "ankle and foot", {"ankle", "foot", "toe"}}};
  add("M6240", "M62.4", SiteKind::unspecified_site, "unspecified site", "M62.40", {}, SideKind::none);
  for (const auto& g : m62) {
    std::string group = std::string("M624") + g.digit;
    add(group + "1", "M62.4", SiteKind::specific, g.name, "M62.4" + std::string(g.digit), g.covers, SideKind::right);
    add(group + "2", "M62.4", SiteKind::specific, g.name, "M62.4" + std::string(g.digit), g.covers, SideKind::left);
    add(group + "9", "M62.4", SiteKind::specific, g.name, "M62.4" + std::string(g.digit), g.covers, SideKind::unspecified);
  }
  add("M6248", "M62.4", SiteKind::other_site, "other site", "M62.48", {}, SideKind::none);
  add("M6249", "M62.4", SiteKind::multiple_sites, "multiple sites", "M62.49", {}, SideKind::none);

  const std::vector<Group> m24 = {{"1", "shoulder", {"shoulder"}}, {"2", "elbow", {"elbow"}}, {"3", "wrist", {"wrist"}},
                                  {"4", "hand", {"hand", "finger"}}, {"5", "hip", {"hip"}},  {"6", "knee", {"knee"}}};
  add("M2450", "M24.5", SiteKind::unspecified_site, "unspecified joint", "M24.50", {}, SideKind::none);
  for (const auto& g : m24) {
    std::string group = std::string("M245") + g.digit;
    add(group + "1", "M24.5", SiteKind::specific, g.name, "M24.5" + std::string(g.digit), g.covers, SideKind::right);
    add(group + "2", "M24.5", SiteKind::specific, g.name, "M24.5" + std::string(g.digit), g.covers, SideKind::left);
    add(group + "9", "M24.5", SiteKind::specific, g.name, "M24.5" + std::string(g.digit), g.covers, SideKind::unspecified);
  }
  add("M24571", "M24.5", SiteKind::specific, "ankle", "M24.57-ankle", {"ankle"}, SideKind::right);
  add("M24572", "M24.5", SiteKind::specific, "ankle", "M24.57-ankle", {"ankle"}, SideKind::left);
  add("M24573", "M24.5", SiteKind::specific, "ankle", "M24.57-ankle", {"ankle"}, SideKind::unspecified);
  add("M24574", "M24.5", SiteKind::specific, "foot", "M24.57-foot", {"foot", "toe"}, SideKind::right);
  add("M24575", "M24.5", SiteKind::specific, "foot", "M24.57-foot", {"foot", "toe"}, SideKind::left);
  add("M24576", "M24.5", SiteKind::specific, "foot", "M24.57-foot", {"foot", "toe"}, SideKind::unspecified);
  add("M2459", "M24.5", SiteKind::other_site, "other specified joint", "M24.59", {}, SideKind::none);
  return sites;
}

inline RuleSpec spec(std::string id, Severity severity, std::vector<std::string> families = {},
                     Date from = {}, std::string basis = {}) {
  RuleSpec s;
  s.id = std::move(id);
  s.severity = severity;
  for (const auto& f : families) s.families.push_back(pattern(f));
  s.effective_from = from;
  s.basis = std::move(basis);
  return s;
}

// A rule pack built the way mappings/rulepacks describe the starting families.
inline RulePack contracture_pack() {
  RulePack pack;
  pack.id = "m62-contracture";
  pack.version = "1.0.0";
  pack.title = "Contracture of muscle and joint, muscle weakness";
  pack.rules.push_back(spec("excludes1", Severity::error));
  pack.rules.push_back(spec("unspecified-with-specified", Severity::warning, {"M62.4", "M24.5"}));
  pack.rules.push_back(spec("multiple-sites-with-specific", Severity::warning, {"M62.4"}, Date::from_ymd(2025, 10, 1),
                            "ICD-10-CM FY2026 guideline I.C.13.a.2"));
  pack.rules.push_back(spec("site-specificity", Severity::warning, {"M62.4", "M24.5"}));
  pack.rules.push_back(spec("laterality-mismatch", Severity::error, {"M62.4", "M24.5"}));
  pack.rules.push_back(spec("manifestation-principal", Severity::error, {"M63"}));
  pack.rules.push_back(spec("code-first-sequence", Severity::warning, {"M62.84"}));
  pack.sites = contracture_sites();
  CodeFirstSpec cf;
  cf.code = pattern("M62.84");
  cf.etiology = {pattern("G71-"), pattern("G72-"), pattern("G73-")};
  cf.basis = "ICD-10-CM tabular code-first note at M62.84";
  pack.code_first.push_back(cf);
  pack.manifestation = {pattern("M63.8-")};
  return pack;
}

inline std::string shipped_path(const std::string& relative) {
  return std::string(DXS_SOURCE_DIR) + "/mappings/" + relative;
}
inline bool have_shipped() { return std::filesystem::exists(shipped_path("icd10cm/icd10cm-2026.tsv")); }

// Knowledge from the shipped mappings/icd10cm TSV files (the importer's output) and the pack above.
inline std::shared_ptr<const Knowledge> shipped_knowledge() {
  static std::shared_ptr<const Knowledge> cached = [] {
    auto k = std::make_shared<Knowledge>();
    for (int fy : {2025, 2026, 2027}) {
      std::string name = "icd10cm-" + std::to_string(fy) + ".tsv";
      auto set = CodeSet::parse(read_file(shipped_path("icd10cm/" + name)), name);
      EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().message);
      if (set.ok()) k->code_sets.push_back(set.value());
      std::string notes_name = "notes-" + std::to_string(fy) + ".tsv";
      auto notes = NoteIndex::parse(read_file(shipped_path("icd10cm/" + notes_name)), notes_name);
      EXPECT_TRUE(notes.ok()) << (notes.ok() ? "" : notes.error().message);
      if (notes.ok()) k->notes_by_fy[fy] = notes.value();
    }
    k->packs.push_back(contracture_pack());
    return std::shared_ptr<const Knowledge>(std::move(k));
  }();
  return cached;
}

// Knowledge from the real FY2025..FY2027 order files, the real Excludes1 table and the pack above.
inline std::shared_ptr<const Knowledge> real_knowledge() {
  static std::shared_ptr<const Knowledge> cached = [] {
    auto k = std::make_shared<Knowledge>();
    for (int fy : {2025, 2026, 2027}) k->code_sets.push_back(load_code_set(fy));
    auto notes = load_notes();
    k->notes_by_fy[2026] = notes;
    k->notes_by_fy[2027] = notes;
    k->packs.push_back(contracture_pack());
    return std::shared_ptr<const Knowledge>(std::move(k));
  }();
  return cached;
}

}  // namespace dxs::testdata
