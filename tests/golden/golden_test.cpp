// Golden tests: every message in samples/ through the real `dxscreen check`, compared byte for
// byte with tests/golden/expected/. X12 samples: --format json and --format x12; FHIR samples:
// --format json and --format fhir. Dates are fixed by tests/golden/golden.json.
//
// Regenerate after an intended change, then review every changed file by hand:
//   DXS_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "tests/adapters/cli/command.hpp"

namespace dxs::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DXS_SOURCE_DIR;
const fs::path kExpected = kSource / "tests/golden/expected";

bool is_message(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".x12" || ext == ".edi" || ext == ".json" || ext == ".xml" || ext == ".ndjson";
}

struct GoldenCase {
  std::string sample;  // relative to the source tree: samples/x12/837p-clean.x12
  std::string format;  // json | x12 | fhir
  std::string expected_name() const {
    const fs::path rel = fs::path(sample).lexically_relative("samples");
    return rel.generic_string() + (format == "json" ? ".report.json" : format == "x12" ? ".ack.x12" : ".outcome");
  }
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.sample << " --format " << c.format; }

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  for (const char* folder : {"samples/x12", "samples/fhir"}) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(kSource / folder, ec))
      if (e.is_regular_file() && is_message(e.path()))
        files.push_back(e.path().lexically_relative(kSource).generic_string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      cases.push_back({f, "json"});
      cases.push_back({f, std::string(folder) == "samples/x12" ? "x12" : "fhir"});
    }
  }
  return cases;
}

bool updating() {
  const char* v = std::getenv("DXS_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// The exit code is part of the expectation: expected/exit-codes.tsv holds
// "<expected file><TAB><exit code>" per case.
std::map<std::string, int> read_exit_codes() {
  std::map<std::string, int> codes;
  std::istringstream in(read_all(kExpected / "exit-codes.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
    codes[line.substr(0, tab)] = std::stoi(line.substr(tab + 1));
  }
  return codes;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesExpected) {
  const GoldenCase& c = GetParam();
  const CommandResult r = run_dxscreen(
      "check --quiet --config tests/golden/golden.json --format " + c.format + " " + shell_quote(c.sample), kSource);
  const fs::path expected_file = kExpected / c.expected_name();
  if (updating()) {
    write_all(expected_file, r.out);
    GTEST_SKIP() << "updated " << expected_file;
  }
  ASSERT_TRUE(fs::exists(expected_file)) << "no expected output " << expected_file
                                         << " (run with DXS_UPDATE_GOLDEN=1, then review it)";
  EXPECT_EQ(r.out, read_all(expected_file)) << c.sample << " --format " << c.format << "\nstderr: " << r.err;
  const auto codes = read_exit_codes();
  const auto it = codes.find(c.expected_name());
  ASSERT_NE(it, codes.end()) << c.expected_name() << " missing from expected/exit-codes.tsv";
  EXPECT_EQ(r.exit_code, it->second) << c.sample << " --format " << c.format << "\nstderr: " << r.err;
}

std::string case_name(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.sample.substr(std::string("samples/").size()) + "_" + info.param.format;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::ValuesIn(golden_cases()), case_name);

// Exit codes are recorded (update mode) or checked against the table; no expected file is stale.
TEST(GoldenFiles, TableAndFilesMatchTheSamples) {
  const auto cases = golden_cases();
  std::set<std::string> names;
  for (const GoldenCase& c : cases) names.insert(c.expected_name());
  if (updating()) {
    std::string table = "# expected file\texit code of dxscreen check (0 accepted, 1 rejected, 2 unreadable/usage)\n";
    for (const GoldenCase& c : cases) {
      const CommandResult r = run_dxscreen(
          "check --quiet --config tests/golden/golden.json --format " + c.format + " " + shell_quote(c.sample), kSource);
      table += c.expected_name() + "\t" + std::to_string(r.exit_code) + "\n";
    }
    write_all(kExpected / "exit-codes.tsv", table);
    GTEST_SKIP() << "updated exit-codes.tsv";
  }
  EXPECT_FALSE(cases.empty());
  const auto codes = read_exit_codes();
  for (const auto& [name, code] : codes) EXPECT_TRUE(names.count(name)) << "stale entry " << name;
  for (const auto& e : fs::recursive_directory_iterator(kExpected)) {
    if (!e.is_regular_file() || e.path().filename() == "exit-codes.tsv") continue;
    const std::string name = e.path().lexically_relative(kExpected).generic_string();
    EXPECT_TRUE(names.count(name)) << "stale expected file " << name << " (its sample is gone)";
  }
}

}  // namespace
}  // namespace dxs::testing
