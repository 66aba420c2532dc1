// `dxscreen check` end to end: the real binary on the shipped samples and on scratch files.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "tests/adapters/cli/command.hpp"

namespace dxs::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = DXS_SOURCE_DIR;

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

TEST(CheckUsage, BadOptionsExit2AndNameTheOption) {
  struct Case {
    std::string args, expected;
  } cases[] = {
      {"check --bogus samples/x12", "unknown option --bogus"},
      {"check --format xml samples/x12", "option --format must be text, json, x12 or fhir, got \"xml\""},
      {"check --date-override 2026-13-01 samples/x12", "option --date-override needs a date YYYY-MM-DD"},
      {"check --processing-time 2026-01-01 samples/x12", "option --processing-time needs YYYY-MM-DDTHH:MM"},
      {"check --format", "option --format needs a value"},
      {"check --strict=yes samples/x12", "option --strict takes no value"},
      {"check", "no input"},
      {"check - -", "stdin (-) can be read once only"},
  };
  for (const Case& c : cases) {
    const CommandResult r = run_dxscreen(c.args, kSource);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args;
  }
}

TEST(CheckUsage, DoubleDashEndsTheOptions) {
  const fs::path dir = scratch_dir("dashdash");
  write_all(dir / "--odd-name.x12", read_all(kSource / "samples/x12/837p-clean.x12"));
  const CommandResult r = run_dxscreen("check --format json --quiet -- --odd-name.x12", dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"input\": \"--odd-name.x12\""), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(CheckUsage, HelpListsEveryOption) {
  const CommandResult r = run_dxscreen("check --help", kSource);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--format", "--date-override", "--processing-time", "--strict", "--out",
                             "--config", "--mappings", "--quiet"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

TEST(CheckUsage, MissingFileIsUnreadable) {
  const CommandResult r = run_dxscreen("check --format json samples/x12/no-such-file.x12", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read samples/x12/no-such-file.x12"), std::string::npos) << r.err;
}

TEST(CheckUsage, FormatMustFitTheInput) {
  CommandResult r = run_dxscreen("check --format fhir samples/x12/837p-clean.x12", kSource);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("samples/x12/837p-clean.x12"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("needs FHIR input"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  const fs::path dir = scratch_dir("fit");
  write_all(dir / "claim.json", R"({"resourceType":"Claim","id":"c1","status":"active"})");
  r = run_dxscreen("check --format x12 claim.json", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs X12 input"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(CheckUsage, BadConfigNamesFileAndLine) {
  const fs::path dir = scratch_dir("config");
  write_all(dir / "bad.json", "{\n  \"screening\": {\"strict\": 1}\n}\n");
  const CommandResult r = run_dxscreen("check --config bad.json --format json " +
                                           shell_quote((kSource / "samples/x12/837p-clean.x12").string()),
                                       dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json:2: \"screening.strict\" must be true or false"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(CheckExitCodes, AcceptedRejectedUnreadable) {
  EXPECT_EQ(run_dxscreen("check --format json --quiet samples/x12/837p-clean.x12", kSource).exit_code, 0);
  EXPECT_EQ(run_dxscreen("check --format json --quiet samples/x12/837p-excludes1-m62451-m24561.x12", kSource).exit_code, 1);
  const fs::path dir = scratch_dir("exit");
  write_all(dir / "garbage.txt", "this is not a claim\n");
  const CommandResult r = run_dxscreen("check --format json garbage.txt", dir);
  EXPECT_EQ(r.exit_code, 2);
  auto doc = parse_json(r.out);
  ASSERT_EQ(doc["errors"].Size(), 1u);
  EXPECT_STREQ(doc["errors"][0]["input"].GetString(), "garbage.txt");
  EXPECT_STREQ(doc["errors"][0]["severity"].GetString(), "fatal");
  // The worst outcome wins across inputs.
  write_all(dir / "clean.x12", read_all(kSource / "samples/x12/837p-clean.x12"));
  EXPECT_EQ(run_dxscreen("check --format json --quiet clean.x12 garbage.txt", dir).exit_code, 2);
  fs::remove_all(dir);
}

TEST(CheckStrict, WarningsBecomeRejections) {
  const std::string sample = "samples/x12/837p-multiple-sites-m6249.x12";
  CommandResult r = run_dxscreen("check --format json --quiet " + sample, kSource);
  EXPECT_EQ(r.exit_code, 0);
  auto doc = parse_json(r.out);
  EXPECT_STREQ(doc["results"][0]["verdict"].GetString(), "accepted");
  EXPECT_STREQ(doc["results"][0]["findings"][0]["severity"].GetString(), "warning");
  r = run_dxscreen("check --strict --format json --quiet " + sample, kSource);
  EXPECT_EQ(r.exit_code, 1);
  doc = parse_json(r.out);
  EXPECT_STREQ(doc["results"][0]["verdict"].GetString(), "rejected");
  EXPECT_STREQ(doc["results"][0]["findings"][0]["severity"].GetString(), "error");
}

TEST(CheckDateOverride, SelectsTheCodeSet) {
  const std::string sample = "samples/x12/837p-clean.x12";
  auto doc = parse_json(run_dxscreen("check --format json --quiet " + sample, kSource).out);
  EXPECT_STREQ(doc["results"][0]["code_set"].GetString(), "icd10cm-2026");
  doc = parse_json(run_dxscreen("check --format json --quiet --date-override 2025-06-01 " + sample, kSource).out);
  EXPECT_STREQ(doc["results"][0]["code_set"].GetString(), "icd10cm-2025");
  doc = parse_json(run_dxscreen("check --format json --quiet --date-override=2026-10-01 " + sample, kSource).out);
  EXPECT_STREQ(doc["results"][0]["code_set"].GetString(), "icd10cm-2027");
}

TEST(CheckStdin, FiltersStdinToStdout) {
  const std::string sample = (kSource / "samples/x12/837p-excludes1-m62451-m24561.x12").string();
  const CommandResult from_file = run_dxscreen("check --format x12 --quiet " + shell_quote(sample), kSource);
  const CommandResult from_stdin = run_dxscreen("check --format x12 --quiet -", kSource, sample);
  EXPECT_EQ(from_stdin.exit_code, 1);
  EXPECT_EQ(from_stdin.out, from_file.out);
  EXPECT_EQ(from_stdin.out.rfind("ISA*", 0), 0u);
  EXPECT_TRUE(from_stdin.err.empty()) << from_stdin.err;
  const CommandResult json = run_dxscreen("check --format json -", kSource, sample);
  auto doc = parse_json(json.out);
  EXPECT_STREQ(doc["results"][0]["input"].GetString(), "-");
}

TEST(CheckOutput, JsonIsTheDefaultWhenStdoutIsNotATerminal) {
  const CommandResult r = run_dxscreen("check samples/x12/837p-clean.x12", kSource);
  auto doc = parse_json(r.out);
  EXPECT_TRUE(doc.HasMember("dxscreen"));
  EXPECT_EQ(doc["results"].Size(), 2u);
  // The summary goes to stderr for json.
  EXPECT_NE(r.err.find("Summary: 1 input, 2 claims: 2 accepted, 0 rejected"), std::string::npos) << r.err;
}

TEST(CheckOutput, TextEndsWithTheSummary) {
  const CommandResult r = run_dxscreen("check --format text samples/x12/837p-batch.x12", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("samples/x12/837p-batch.x12: claim PCN-P-0902: error excludes1 [M24.562, M62.452] at 2300 HI02-2: "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Summary: 1 input, 4 claims: 2 accepted, 2 rejected\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Findings: 4 (code-unknown 1, code-not-billable 1, excludes1 1, unspecified-with-specified 1)\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckOutput, QuietPrintsNothingOnStderr) {
  const CommandResult r = run_dxscreen("check --format json --quiet samples/x12/837p-batch.x12", kSource);
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_FALSE(r.out.empty());
}

TEST(CheckWalk, DirectoriesRecursivelyInSortedOrder) {
  const fs::path dir = scratch_dir("walk");
  const std::string clean = read_all(kSource / "samples/x12/837p-clean.x12");
  write_all(dir / "in/b.x12", clean);
  write_all(dir / "in/a/z.edi", clean);
  write_all(dir / "in/a/c.x12", clean);
  write_all(dir / "in/.hidden.x12", "garbage");
  write_all(dir / "in/.git/x.x12", "garbage");
  write_all(dir / "in/README.md", "# not a message");
  write_all(dir / "in/tool.py", "print('not a message')");
  const CommandResult r = run_dxscreen("check --format json --quiet in", dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto doc = parse_json(r.out);
  std::vector<std::string> inputs;
  for (const auto& result : doc["results"].GetArray()) {
    std::string input = result["input"].GetString();
    if (inputs.empty() || inputs.back() != input) inputs.push_back(input);
  }
  EXPECT_EQ(inputs, (std::vector<std::string>{"in/a/c.x12", "in/a/z.edi", "in/b.x12"}));
  EXPECT_EQ(doc["errors"].Size(), 0u);
  fs::remove_all(dir);
}

TEST(CheckOut, WritesOneCompleteResponsePerInput) {
  const fs::path dir = scratch_dir("out");
  const std::string excludes1 = read_all(kSource / "samples/x12/837p-excludes1-m62451-m24561.x12");
  write_all(dir / "in/one.x12", excludes1);
  write_all(dir / "in/sub/two.x12", read_all(kSource / "samples/x12/837p-clean.x12"));
  CommandResult r = run_dxscreen("check --format x12 --quiet --out responses in", dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(fs::exists(dir / "responses/one.x12.ack.x12"));
  EXPECT_TRUE(fs::exists(dir / "responses/sub/two.x12.ack.x12"));
  const CommandResult direct = run_dxscreen("check --format x12 --quiet in/one.x12", dir);
  EXPECT_EQ(read_all(dir / "responses/one.x12.ack.x12"), direct.out);

  r = run_dxscreen("check --format json --out responses in/one.x12", dir);
  auto doc = parse_json(read_all(dir / "responses/one.x12.json"));
  EXPECT_EQ(doc["results"].Size(), 1u);
  EXPECT_NE(r.err.find("Summary: 1 input, 1 claim: 0 accepted, 1 rejected"), std::string::npos) << r.err;

  r = run_dxscreen("check --format text --out responses in/one.x12", dir);
  EXPECT_NE(read_all(dir / "responses/one.x12.txt").find("error excludes1"), std::string::npos);

  // Nothing half-written stays behind: only final names, no temporary files.
  for (const auto& entry : fs::recursive_directory_iterator(dir / "responses"))
    EXPECT_NE(entry.path().filename().string().rfind(".dxscreen-", 0), 0u) << entry.path();
  fs::remove_all(dir);
}

TEST(CheckOut, ReplacesAnExistingResponseWhole) {
  const fs::path dir = scratch_dir("replace");
  write_all(dir / "in.x12", read_all(kSource / "samples/x12/837p-clean.x12"));
  write_all(dir / "responses/in.x12.json", std::string(100000, 'x'));
  const CommandResult r = run_dxscreen("check --format json --quiet --out responses in.x12", dir);
  EXPECT_EQ(r.exit_code, 0);
  const std::string written = read_all(dir / "responses/in.x12.json");
  EXPECT_EQ(written.find("xxxx"), std::string::npos);
  auto doc = parse_json(written);
  EXPECT_EQ(doc["results"].Size(), 2u);
  fs::remove_all(dir);
}

TEST(CheckOut, UnwritableDirectoryIsAnError) {
  const fs::path dir = scratch_dir("unwritable");
  write_all(dir / "file", "not a directory");
  const CommandResult r = run_dxscreen("check --format json --out file/sub " +
                                           shell_quote((kSource / "samples/x12/837p-clean.x12").string()),
                                       dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot create"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dxs::testing
