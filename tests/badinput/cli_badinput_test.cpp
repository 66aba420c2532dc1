// Bad input through the dxscreen binary: exit code 2 (unreadable / usage) or 1, the error on
// stderr as one text line, and stdout holding only the response the format asks for.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "badinput_support.hpp"

namespace dxs::badinput {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

class CliBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dxs-badinput-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  CliRun check(const std::string& format, const std::filesystem::path& input) {
    const auto binary = std::filesystem::path(DXS_BINARY_DIR) / "dxscreen";
    const auto err_file = dir_ / "stderr.txt";
    const std::string command = "'" + binary.string() + "' check --format " + format + " --mappings '" +
                                (source_dir() / "mappings").string() + "' '" + input.string() + "' 2>'" +
                                err_file.string() + "'";
    CliRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "cannot run " << command;
      return run;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = read_file(err_file);
    return run;
  }

  std::filesystem::path dir_;
};

TEST_F(CliBadInput, TruncatedIsaExitsTwoWithTheErrorOnStderr) {
  const CliRun run = check("x12", case_path("x12-isa-truncated.x12"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("x12-isa-truncated.x12: fatal x12-syntax at ISA: ISA does not have 16 elements "
                         "(element separator unusable)\n"),
            std::string::npos)
      << run.err;
}

TEST_F(CliBadInput, BinaryNoiseExitsTwoWithTheErrorOnStderr) {
  const std::string bytes = noise(256 * 1024, 0x5EED);
  const CliRun run = check("x12", write("noise.x12", bytes));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  char first[8];
  std::snprintf(first, sizeof first, "0x%02X", static_cast<unsigned char>(bytes[0]));
  EXPECT_NE(run.err.find(std::string("not X12 (no ISA) and not FHIR JSON or XML: first byte ") + first),
            std::string::npos)
      << run.err;
}

TEST_F(CliBadInput, NulByteInFhirJsonExitsTwoWithAnOperationOutcome) {
  const CliRun run = check("fhir", case_path("fhir-nul-byte.json"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("\"OperationOutcome\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"fatal\""), std::string::npos);
  EXPECT_NE(run.err.find("fhir-nul-byte.json: fatal fhir-structure at line 3, column 54: NUL byte in the input\n"),
            std::string::npos)
      << run.err;
}

TEST_F(CliBadInput, Utf16FhirJsonExitsTwoWithAFatalOperationOutcome) {
  const CliRun run = check("fhir", case_path("fhir-utf16le.json"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("\"OperationOutcome\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"fatal\""), std::string::npos);
  EXPECT_NE(run.out.find("UTF-16 is not supported, send UTF-8"), std::string::npos);
  EXPECT_NE(run.err.find("fhir-utf16le.json: fatal fhir-structure at line 1, column 1: UTF-16 is not supported, "
                         "send UTF-8\n"),
            std::string::npos)
      << run.err;
}

TEST_F(CliBadInput, BillionLaughsExitsTwo) {
  const CliRun run = check("fhir", case_path("xml-billion-laughs.xml"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("<OperationOutcome"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("fatal fhir-structure at line 2, column 1: DOCTYPE and DTD declarations are not allowed "
                         "in FHIR XML\n"),
            std::string::npos)
      << run.err;
}

TEST_F(CliBadInput, AskingForX12OnFhirInputIsAUsageError) {
  const CliRun run = check("x12", case_path("xml-external-entity.xml"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("--format x12 does not fit"), std::string::npos) << run.err;
}

TEST_F(CliBadInput, TenMegabyteSegmentStreamedExitsOneWithA999Rejection) {
  std::string clean = read_file(source_dir() / "samples" / "x12" / "837p-clean.x12");
  const std::size_t at = clean.find("HL*1**20*1");
  const auto input = write("big-segment.x12", clean.substr(0, at) + "NTE*ADD*" + std::string(10u << 20, 'A') +
                                                  "~\n" + clean.substr(at));
  const CliRun run = check("x12", input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("IK5*R"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("segment longer than 65536 bytes (segment terminator missing?)"), std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace dxs::badinput
