#include "adapters/mappings/import_command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/code_set.hpp"
#include "core/notes.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = 0;
  std::string out, err;
};

Outcome run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Outcome r;
  r.code = import_main(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

TEST(ImportCommand, UsageErrors) {
  EXPECT_EQ(run({}).code, 2);
  EXPECT_EQ(run({"--order"}).code, 2);
  Outcome unknown = run({"--ordr", "x"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown option '--ordr'"), std::string::npos);
  EXPECT_EQ(run({"--order", "x", "--fiscal-year", "26"}).code, 2);
  EXPECT_EQ(run({"--tabular", "x", "--tabular-merge", "sometimes"}).code, 2);
  Outcome help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--excludes1-csv"), std::string::npos);
}

TEST(ImportCommand, MalformedInputsReportFileAndLine) {
  test::TempDir dir;
  std::string good = "00001 M624    0 Contracture of muscle" + std::string(39, ' ') + " Contracture of muscle\r\n";
  write(dir.path() / "icd10cm-order-2026.txt", good + "00002 M6240   x Contracture\r\n");
  Outcome order = run({"--order", (dir.path() / "icd10cm-order-2026.txt").string(), "--out-dir", (dir.path() / "out").string()});
  EXPECT_EQ(order.code, 1);
  EXPECT_NE(order.err.find("icd10cm-order-2026.txt:2: short line"), std::string::npos) << order.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out/icd10cm-2026.tsv"));

  write(dir.path() / "e.csv", "chapter,code,codeTitle,noteType,noteText,referencedCodes,referencedCategories\n"
                              "13,M62.4,x,excludes1,\"contracture of joint (M24.5-),M24.5-,M24\n");
  Outcome csv = run({"--excludes1-csv", (dir.path() / "e.csv").string(), "--fiscal-year", "2027", "--out-dir",
                 (dir.path() / "out").string()});
  EXPECT_EQ(csv.code, 1);
  EXPECT_NE(csv.err.find("e.csv:2: unterminated quoted field"), std::string::npos) << csv.err;

  write(dir.path() / "t-2026.xml", "<ICD10CM.tabular>\n<chapter>\n<name>13</name>\n<section id=\"M60-M63\">\n</chapter>\n");
  Outcome xml = run({"--tabular", (dir.path() / "t-2026.xml").string(), "--out-dir", (dir.path() / "out").string()});
  EXPECT_EQ(xml.code, 1);
  EXPECT_NE(xml.err.find("t-2026.xml:5:"), std::string::npos) << xml.err;
  EXPECT_NE(xml.err.find("XML parse error"), std::string::npos) << xml.err;

  Outcome missing = run({"--order", (dir.path() / "absent-2026.txt").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("absent-2026.txt: cannot open"), std::string::npos) << missing.err;
}

TEST(ImportCommand, TabularOnlyWithoutCodeSet) {
  DXS_REQUIRE_SHARED();
  test::TempDir dir;
  Outcome r = run({"--tabular", test::tabular_excerpt_path().string(), "--out-dir", dir.path().string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("no code set given"), std::string::npos);
  auto notes = NoteIndex::parse(read_file(dir.path() / "notes-2026.tsv"), "notes-2026.tsv");
  ASSERT_TRUE(notes) << notes.error().message;
  EXPECT_FALSE(notes.value()->find(NoteKind::excludes1, "R262", "R2681").empty());
  EXPECT_FALSE(notes.value()->find(NoteKind::excludes2, "M2456", "M200").empty());
}

// The importer on the real CDC files gives the release counts, and re-running the committed
// generator invocations (mappings/regenerate.sh) reproduces the shipped files byte for byte.
struct Year {
  int fy;
  const char* merge;
  std::size_t billable, headers;
};

class ShippedData : public ::testing::TestWithParam<Year> {};

TEST_P(ShippedData, ImporterReproducesTheShippedFiles) {
  DXS_REQUIRE_SHARED();
  const Year y = GetParam();
  test::TempDir dir;
  Outcome r = run({"--order", test::order_file_path(y.fy).string(), "--excludes1-csv", test::excludes1_csv_path().string(),
               "--tabular", test::tabular_excerpt_path().string(), "--tabular-merge", y.merge, "--out-dir",
               dir.path().string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string fy = std::to_string(y.fy);
  std::ostringstream counts;
  counts << "icd10cm-" << fy << ".tsv: " << (y.billable + y.headers) << " codes, " << y.billable << " billable, "
         << y.headers << " headers";
  EXPECT_NE(r.out.find(counts.str()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("notes without code references"), std::string::npos) << r.out;

  auto set = CodeSet::parse(read_file(dir.path() / ("icd10cm-" + fy + ".tsv")), "icd10cm.tsv");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ((*set)->billable_count(), y.billable);
  EXPECT_EQ((*set)->size(), y.billable + y.headers);
  EXPECT_EQ((*set)->effective_to(), Date::from_ymd(y.fy, 9, 30));

  for (std::string name : {"icd10cm-" + fy + ".tsv", "notes-" + fy + ".tsv"}) {
    std::string made = read_file(dir.path() / name);
    std::string shipped = read_file(test::source_mappings() / "icd10cm" / name);
    EXPECT_TRUE(made == shipped) << name << " differs from the importer's output: run mappings/regenerate.sh";
  }
}

INSTANTIATE_TEST_SUITE_P(Cdc, ShippedData,
                         ::testing::Values(Year{2025, "replace", 74260, 23324}, Year{2026, "replace", 74719, 23467},
                                           Year{2027, "add-kinds", 74879, 23524}),
                         [](const auto& param_info) { return "FY" + std::to_string(param_info.param.fy); });

}  // namespace
}  // namespace dxs::mappings
