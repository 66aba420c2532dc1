// The `dxscreen` entry point: help, version, command dispatch.
#include <gtest/gtest.h>

#include "tests/adapters/cli/command.hpp"

namespace dxs::testing {
namespace {

const std::filesystem::path kSource = DXS_SOURCE_DIR;

TEST(Main, VersionAndHelp) {
  CommandResult r = run_dxscreen("--version", kSource);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("dxscreen ") + DXS_TEST_VERSION + "\n");
  r = run_dxscreen("--help", kSource);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* command : {"check", "explain", "import-icd10cm", "serve"})
    EXPECT_NE(r.out.find(std::string("dxscreen ") + command), std::string::npos) << command;
}

TEST(Main, UnknownOrMissingCommandExits2) {
  CommandResult r = run_dxscreen("frobnicate", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command \"frobnicate\""), std::string::npos) << r.err;
  r = run_dxscreen("", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Usage:"), std::string::npos);
}

TEST(Main, ImportCommandIsWired) {
  const CommandResult r = run_dxscreen("import-icd10cm --no-such-option", kSource);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_FALSE(r.err.empty());
}

TEST(Main, ImportsAnOrderFile) {
  const std::filesystem::path order = std::filesystem::path(DXS_SHARED_DIR) / "icd10cm/fy2026/cdc/icd10cm-order-2026.txt";
  if (!std::filesystem::exists(order)) GTEST_SKIP() << "shared CDC files not present";
  const auto dir = scratch_dir("import");
  const CommandResult r = run_dxscreen("import-icd10cm --order " + shell_quote(order.string()) + " --out-dir out", dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_all(dir / "out/icd10cm-2026.tsv"), read_all(kSource / "mappings/icd10cm/icd10cm-2026.tsv"))
      << "the shipped code set is what the importer makes of the CDC order file";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dxs::testing
