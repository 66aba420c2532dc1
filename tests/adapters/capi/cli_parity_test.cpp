// The C ABI and `dxscreen check` run the same pipeline: for every sample under samples/x12 and
// samples/fhir, with the same configuration, rule data, --date-override and --processing-time,
// the result bytes equal what the command prints (JSON report, text, and the input's own
// response: 999/277CA or OperationOutcome), and the verdict matches the exit code.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "capi_test_support.hpp"

namespace dxs::capi_test {
namespace {

constexpr const char* kDateOverride = "2026-03-02";
constexpr const char* kProcessingTime = "2026-03-03T14:05";

fs::path cli_binary() { return fs::path(DXS_BINARY_DIR) / "dxscreen"; }
fs::path config_file() { return source_dir() / "conf" / "dxscreen.json"; }

std::vector<fs::path> sample_inputs() {
  std::vector<fs::path> files;
  for (const char* folder : {"x12", "fhir"}) {
    std::error_code ec;
    const fs::path root = source_dir() / "samples" / folder;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path rel = it->path().lexically_relative(root);
      bool hidden = false;
      for (const auto& part : rel) hidden = hidden || part.string().rfind('.', 0) == 0;
      if (hidden || !it->is_regular_file() || it->path().extension() == ".md") continue;
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

struct CliRun {
  std::string out;
  int exit_code = -1;
};

CliRun run_cli(const std::string& format, const fs::path& input) {
  const std::string command = quoted(cli_binary().string()) + " check --quiet --format " + format +
                              " --date-override " + kDateOverride + " --processing-time " + kProcessingTime +
                              " --config " + quoted(config_file().string()) + " --mappings " +
                              quoted(mappings_dir().string()) + " " + quoted(input.string()) + " 2>/dev/null";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

int exit_code_of(dxscreen_status status, dxscreen_verdict verdict) {
  if (status == DXSCREEN_UNREADABLE_INPUT || status == DXSCREEN_USAGE) return 2;
  return verdict == DXSCREEN_VERDICT_ACCEPTED ? 0 : verdict == DXSCREEN_VERDICT_REJECTED ? 1 : 2;
}

TEST(CapiCliParity, EverySampleByteIdentical) {
  DXS_REQUIRE_RULE_DATA();
  if (!fs::exists(cli_binary())) GTEST_SKIP() << cli_binary() << " not built";
  dxscreen_engine* engine = open_engine(config_file().c_str());
  ASSERT_NE(engine, nullptr);

  const std::vector<fs::path> inputs = sample_inputs();
  ASSERT_FALSE(inputs.empty());
  std::size_t compared = 0;
  for (const fs::path& input : inputs) {
    const std::string bytes = read_file(input);
    const std::string name = input.string();
    dxscreen_options options = DXSCREEN_OPTIONS_INIT;
    options.date_override = kDateOverride;
    options.processing_time = kProcessingTime;
    options.input_name = name.c_str();

    // The input's own response kind follows what it is (X12 or FHIR), as read by the library.
    std::string format_name;
    {
      Result probe;
      Message message;
      dxscreen_screen(engine, bytes.data(), bytes.size(), DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT,
                      &options, probe.out(), message.out());
      if (probe.get() != nullptr) format_name = dxscreen_result_format(probe.get());
    }
    std::vector<std::pair<std::string, dxscreen_response>> kinds = {{"json", DXSCREEN_RESPONSE_JSON_REPORT},
                                                                    {"text", DXSCREEN_RESPONSE_TEXT}};
    if (format_name.rfind("x12", 0) == 0) kinds.emplace_back("x12", DXSCREEN_RESPONSE_X12_ACKS);
    if (format_name.rfind("fhir", 0) == 0) kinds.emplace_back("fhir", DXSCREEN_RESPONSE_OPERATION_OUTCOME);

    for (const auto& [cli_format, kind] : kinds) {
      SCOPED_TRACE(name + " --format " + cli_format);
      Result result;
      Message message;
      const dxscreen_status status = dxscreen_screen(engine, bytes.data(), bytes.size(), DXSCREEN_FORMAT_AUTO, kind,
                                                     &options, result.out(), message.out());
      ASSERT_TRUE(status == DXSCREEN_OK || status == DXSCREEN_UNREADABLE_INPUT)
          << dxscreen_status_string(status) << ": " << message.str();
      const CliRun cli = run_cli(cli_format, input);
      EXPECT_EQ(result.bytes(), cli.out);
      EXPECT_EQ(exit_code_of(status, dxscreen_result_verdict(result.get())), cli.exit_code);
      ++compared;
    }
  }
  EXPECT_GE(compared, 2 * inputs.size());
  std::printf("compared %zu outputs of %zu samples with dxscreen check\n", compared, inputs.size());
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_OK);
}

}  // namespace
}  // namespace dxs::capi_test
