// Tests adapters/capi/dxscreen_capi.cpp through the shared library's public header only:
// the exported symbols, argument checking (NULL pointers, bad enums, option sizes, closed
// handles), screening real samples, reload and close.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "capi_test_support.hpp"

namespace dxs::capi_test {
namespace {

constexpr const char* kCleanX12 = "x12/837p-clean.x12";
constexpr const char* kExcludes1X12 = "x12/837p-excludes1-m62451-m24561.x12";
constexpr const char* kMultipleSitesX12 = "x12/837p-multiple-sites-m6249.x12";
constexpr const char* kMinimalFhirClaim = R"({"resourceType": "Claim", "id": "capi-1", "status": "active"})";

// ---------------------------------------------------------------------------------------------
// Without an engine.

// "N.N.N"
bool is_release_version(const std::string& text) {
  int numbers = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return false;
    ++numbers;
    if (i == text.size()) break;
    if (text[i] != '.') return false;
    ++i;
    if (i == text.size()) return false;
  }
  return numbers == 3;
}

TEST(CapiBasics, VersionAndAbi) {
  ASSERT_NE(dxscreen_version(), nullptr);
  EXPECT_TRUE(is_release_version(dxscreen_version())) << dxscreen_version();
  EXPECT_FALSE(is_release_version("1.2"));
  EXPECT_FALSE(is_release_version("1.2.x"));
  EXPECT_EQ(dxscreen_abi_version(), DXSCREEN_ABI_VERSION);
}

TEST(CapiBasics, StatusStringsAreDistinctAndTotal) {
  std::set<std::string> seen;
  for (int s = DXSCREEN_OK; s <= DXSCREEN_INTERNAL; ++s) {
    const char* text = dxscreen_status_string(static_cast<dxscreen_status>(s));
    ASSERT_NE(text, nullptr);
    EXPECT_STRNE(text, "unknown status") << s;
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(DXSCREEN_INTERNAL) + 1);
  EXPECT_STREQ(dxscreen_status_string(static_cast<dxscreen_status>(999)), "unknown status");
  EXPECT_STREQ(dxscreen_status_string(static_cast<dxscreen_status>(0x7fffffff)), "unknown status");
}

// Only the C ABI leaves the library: every dynamic symbol it defines is dxscreen_* (plus the
// version node of the version script), and every function of the header is there.
TEST(CapiBasics, ExportsOnlyTheCApi) {
  if (std::system("nm --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "nm not available";
  const std::string command = std::string("nm -D --defined-only '") + DXS_CAPI_LIBRARY + "'";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << command;

  std::set<std::string> exported;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, type, name;
    ASSERT_TRUE(static_cast<bool>(fields >> address >> type >> name)) << line;
    if (type == "A") continue;  // the version node DXSCREEN_1
    name = name.substr(0, name.find('@'));
    EXPECT_EQ(name.rfind("dxscreen_", 0), 0u) << "unexpected export: " << line;
    exported.insert(name);
  }
  for (const char* name :
       {"dxscreen_version", "dxscreen_abi_version", "dxscreen_status_string", "dxscreen_string_free",
        "dxscreen_engine_open", "dxscreen_reload", "dxscreen_engine_close", "dxscreen_screen",
        "dxscreen_result_bytes", "dxscreen_result_media_type", "dxscreen_result_format",
        "dxscreen_result_data_version", "dxscreen_result_verdict", "dxscreen_result_claims",
        "dxscreen_result_accepted", "dxscreen_result_rejected", "dxscreen_result_input_errors",
        "dxscreen_result_free"})
    EXPECT_TRUE(exported.count(name)) << name << " is not exported";
}

TEST(CapiMisuse, OpenWithoutOutPointer) {
  Message message;
  EXPECT_EQ(dxscreen_engine_open(nullptr, nullptr, nullptr, message.out()), DXSCREEN_NULL_POINTER);
  EXPECT_NE(message.str().find("out"), std::string::npos) << message.str();
  EXPECT_EQ(dxscreen_engine_open(nullptr, nullptr, nullptr, nullptr), DXSCREEN_NULL_POINTER);
}

TEST(CapiMisuse, OpenWithEmptyStrings) {
  dxscreen_engine* engine = reinterpret_cast<dxscreen_engine*>(0x1);
  Message message;
  EXPECT_EQ(dxscreen_engine_open("", nullptr, &engine, message.out()), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_EQ(engine, nullptr);
  EXPECT_NE(message.str().find("mappings_dir"), std::string::npos) << message.str();
  EXPECT_EQ(dxscreen_engine_open(nullptr, "", &engine, message.out()), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_NE(message.str().find("config_path"), std::string::npos) << message.str();
}

TEST(CapiMisuse, OpenMissingMappingsFolder) {
  TempDir temp;
  const fs::path missing = temp.path() / "no-such-folder";
  dxscreen_engine* engine = nullptr;
  Message message;
  EXPECT_EQ(dxscreen_engine_open(missing.c_str(), nullptr, &engine, message.out()), DXSCREEN_LOAD_FAILED);
  EXPECT_EQ(engine, nullptr);
  EXPECT_FALSE(message.empty());
}

TEST(CapiMisuse, OpenMissingConfigFile) {
  TempDir temp;
  const fs::path missing = temp.path() / "absent.json";
  dxscreen_engine* engine = nullptr;
  Message message;
  EXPECT_EQ(dxscreen_engine_open(mappings_dir().c_str(), missing.c_str(), &engine, message.out()),
            DXSCREEN_LOAD_FAILED);
  EXPECT_EQ(engine, nullptr);
  EXPECT_NE(message.str().find("absent.json"), std::string::npos) << message.str();
}

TEST(CapiMisuse, OpenBadConfigNamesFileAndLine) {
  TempDir temp;
  const fs::path config = temp.path() / "bad.json";
  write_file(config, "{\n  \"screening\": {\n    \"no_such_key\": true\n  }\n}\n");
  dxscreen_engine* engine = nullptr;
  Message message;
  EXPECT_EQ(dxscreen_engine_open(mappings_dir().c_str(), config.c_str(), &engine, message.out()),
            DXSCREEN_LOAD_FAILED);
  EXPECT_EQ(engine, nullptr);
  EXPECT_NE(message.str().find("bad.json:3"), std::string::npos) << message.str();
}

TEST(CapiMisuse, NullEngine) {
  Message message;
  Result result;
  const char input[] = "ISA";
  EXPECT_EQ(dxscreen_screen(nullptr, input, 3, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            result.out(), message.out()),
            DXSCREEN_NULL_POINTER);
  EXPECT_EQ(result.get(), nullptr);
  EXPECT_NE(message.str().find("engine"), std::string::npos);
  EXPECT_EQ(dxscreen_reload(nullptr, nullptr, nullptr, message.out()), DXSCREEN_NULL_POINTER);
  EXPECT_EQ(dxscreen_engine_close(nullptr), DXSCREEN_NULL_POINTER);
}

// A pointer to memory that is not an engine (here: zeroed memory) is refused by its magic.
TEST(CapiMisuse, NotAnEngineHandle) {
  alignas(64) unsigned char fake[512] = {};
  auto* engine = reinterpret_cast<dxscreen_engine*>(fake);
  Message message;
  Result result;
  EXPECT_EQ(dxscreen_screen(engine, "ISA", 3, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            result.out(), message.out()),
            DXSCREEN_INVALID_ARGUMENT);
  EXPECT_NE(message.str().find("not a handle"), std::string::npos) << message.str();
  EXPECT_EQ(dxscreen_reload(engine, nullptr, nullptr, nullptr), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_INVALID_ARGUMENT);
}

TEST(CapiMisuse, ResultAccessorsOnNullAndForeignPointers) {
  alignas(64) unsigned char fake[512] = {};
  for (const dxscreen_result* r : {static_cast<const dxscreen_result*>(nullptr),
                                   reinterpret_cast<const dxscreen_result*>(fake)}) {
    std::size_t len = 99;
    EXPECT_EQ(dxscreen_result_bytes(r, &len), nullptr);
    EXPECT_EQ(len, 0u);
    EXPECT_EQ(dxscreen_result_bytes(r, nullptr), nullptr);
    EXPECT_EQ(dxscreen_result_media_type(r), nullptr);
    EXPECT_EQ(dxscreen_result_format(r), nullptr);
    EXPECT_EQ(dxscreen_result_data_version(r), nullptr);
    EXPECT_EQ(dxscreen_result_verdict(r), DXSCREEN_VERDICT_ERROR);
    EXPECT_EQ(dxscreen_result_claims(r), 0u);
    EXPECT_EQ(dxscreen_result_accepted(r), 0u);
    EXPECT_EQ(dxscreen_result_rejected(r), 0u);
    EXPECT_EQ(dxscreen_result_input_errors(r), 0u);
  }
  dxscreen_result_free(nullptr);
  dxscreen_result_free(reinterpret_cast<dxscreen_result*>(fake));  // not a result: ignored
  dxscreen_string_free(nullptr);
}

// ---------------------------------------------------------------------------------------------
// With an engine on the source tree's rule data (one per suite: loading takes a while).

class CapiEngine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!have_rule_data()) return;
    engine_ = open_engine();
  }
  static void TearDownTestSuite() {
    if (engine_) {
      EXPECT_EQ(dxscreen_engine_close(engine_), DXSCREEN_OK);
    }
    engine_ = nullptr;
  }
  void SetUp() override {
    DXS_REQUIRE_RULE_DATA();
    ASSERT_NE(engine_, nullptr);
  }

  static dxscreen_status screen(const std::string& input, dxscreen_response kind, Result& result,
                                Message& message, const dxscreen_options* opts = nullptr,
                                dxscreen_format hint = DXSCREEN_FORMAT_AUTO) {
    return dxscreen_screen(engine_, input.data(), input.size(), hint, kind, opts, result.out(), message.out());
  }

  static dxscreen_engine* engine_;
};

dxscreen_engine* CapiEngine::engine_ = nullptr;

TEST_F(CapiEngine, CleanX12IsAccepted) {
  Result result;
  Message message;
  ASSERT_EQ(screen(read_file(sample(kCleanX12)), DXSCREEN_RESPONSE_JSON_REPORT, result, message), DXSCREEN_OK)
      << message.str();
  EXPECT_TRUE(message.empty());
  EXPECT_EQ(dxscreen_result_verdict(result.get()), DXSCREEN_VERDICT_ACCEPTED) << result.bytes();
  EXPECT_GE(dxscreen_result_claims(result.get()), 1u);
  EXPECT_EQ(dxscreen_result_accepted(result.get()), dxscreen_result_claims(result.get()));
  EXPECT_EQ(dxscreen_result_rejected(result.get()), 0u);
  EXPECT_EQ(dxscreen_result_input_errors(result.get()), 0u);
  EXPECT_STREQ(dxscreen_result_media_type(result.get()), "application/json");
  EXPECT_STREQ(dxscreen_result_format(result.get()), "x12-837P");
  EXPECT_STRNE(dxscreen_result_data_version(result.get()), "");
  const std::string json = result.bytes();
  EXPECT_NE(json.find(std::string("\"dxscreen\": \"") + dxscreen_version() + "\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"verdict\": \"accepted\""), std::string::npos) << json;
  // The bytes are NUL-terminated beyond the length.
  std::size_t len = 0;
  const char* data = dxscreen_result_bytes(result.get(), &len);
  EXPECT_EQ(data[len], '\0');
}

TEST_F(CapiEngine, Excludes1PairIsRejected) {
  Result result;
  Message message;
  ASSERT_EQ(screen(read_file(sample(kExcludes1X12)), DXSCREEN_RESPONSE_JSON_REPORT, result, message), DXSCREEN_OK)
      << message.str();
  EXPECT_EQ(dxscreen_result_verdict(result.get()), DXSCREEN_VERDICT_REJECTED);
  EXPECT_GE(dxscreen_result_rejected(result.get()), 1u);
  const std::string json = result.bytes();
  EXPECT_NE(json.find("\"rule\": \"excludes1\""), std::string::npos) << json;
  EXPECT_NE(json.find("M24.561"), std::string::npos) << json;
  EXPECT_NE(json.find("M62.451"), std::string::npos) << json;
}

TEST_F(CapiEngine, X12AcknowledgmentKinds) {
  const std::string input = read_file(sample(kExcludes1X12));
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  options.processing_time = "2030-01-02T03:04";
  Result acks, only999, only277, again;
  Message message;
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_X12_ACKS, acks, message, &options), DXSCREEN_OK) << message.str();
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_X12_999, only999, message, &options), DXSCREEN_OK) << message.str();
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_X12_277CA, only277, message, &options), DXSCREEN_OK) << message.str();
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_X12_ACKS, again, message, &options), DXSCREEN_OK) << message.str();
  EXPECT_STREQ(dxscreen_result_media_type(acks.get()), "application/edi-x12");
  EXPECT_EQ(acks.bytes().rfind("ISA*", 0), 0u) << acks.bytes();
  EXPECT_NE(acks.bytes().find("ST*999*"), std::string::npos);
  EXPECT_NE(acks.bytes().find("ST*277*"), std::string::npos);
  EXPECT_EQ(acks.bytes(), only999.bytes() + only277.bytes());
  EXPECT_EQ(only999.bytes().find("ST*277*"), std::string::npos);
  EXPECT_EQ(only277.bytes().find("ST*999*"), std::string::npos);
  // The processing time goes into the envelopes (ISA09/ISA10 YYMMDD/HHMM), deterministically.
  EXPECT_NE(acks.bytes().find("*300102*0304*"), std::string::npos) << acks.bytes();
  EXPECT_EQ(acks.bytes(), again.bytes());
}

TEST_F(CapiEngine, TextResponse) {
  Result result;
  Message message;
  ASSERT_EQ(screen(read_file(sample(kExcludes1X12)), DXSCREEN_RESPONSE_TEXT, result, message), DXSCREEN_OK);
  EXPECT_EQ(std::string(dxscreen_result_media_type(result.get())).rfind("text/plain", 0), 0u);
  EXPECT_NE(result.bytes().find("excludes1"), std::string::npos) << result.bytes();
}

TEST_F(CapiEngine, InputNameAppearsInReport) {
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  options.input_name = "inbound/batch-7.x12";
  Result result;
  Message message;
  ASSERT_EQ(screen(read_file(sample(kCleanX12)), DXSCREEN_RESPONSE_JSON_REPORT, result, message, &options),
            DXSCREEN_OK);
  EXPECT_NE(result.bytes().find("\"input\": \"inbound/batch-7.x12\""), std::string::npos) << result.bytes();
  Result unnamed;
  ASSERT_EQ(screen(read_file(sample(kCleanX12)), DXSCREEN_RESPONSE_JSON_REPORT, unnamed, message), DXSCREEN_OK);
  EXPECT_NE(unnamed.bytes().find("\"input\": \"-\""), std::string::npos) << unnamed.bytes();
}

TEST_F(CapiEngine, DateOverrideSelectsTheCodeSet) {
  const std::string input = read_file(sample(kCleanX12));
  dxscreen_options fy2025 = DXSCREEN_OPTIONS_INIT;
  fy2025.date_override = "2025-03-01";
  dxscreen_options fy2026 = DXSCREEN_OPTIONS_INIT;
  fy2026.date_override = "2026-03-01";
  Result a, b;
  Message message;
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, a, message, &fy2025), DXSCREEN_OK) << message.str();
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, b, message, &fy2026), DXSCREEN_OK) << message.str();
  EXPECT_NE(a.bytes().find("\"code_set\": \"icd10cm-2025\""), std::string::npos) << a.bytes();
  EXPECT_NE(b.bytes().find("\"code_set\": \"icd10cm-2026\""), std::string::npos) << b.bytes();
}

// M62.49 with a site-specific M62.4x is a convention warning: accepted, rejected when strict.
TEST_F(CapiEngine, StrictTurnsConventionWarningsIntoRejections) {
  const std::string input = read_file(sample(kMultipleSitesX12));
  Result plain, strict;
  Message message;
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, plain, message), DXSCREEN_OK) << message.str();
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  options.strict = 1;
  ASSERT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, strict, message, &options), DXSCREEN_OK);
  EXPECT_NE(plain.bytes().find("multiple-sites-with-specific"), std::string::npos) << plain.bytes();
  EXPECT_EQ(dxscreen_result_verdict(plain.get()), DXSCREEN_VERDICT_ACCEPTED) << plain.bytes();
  EXPECT_EQ(dxscreen_result_verdict(strict.get()), DXSCREEN_VERDICT_REJECTED) << strict.bytes();
}

TEST_F(CapiEngine, UsageErrors) {
  Result result;
  Message message;
  EXPECT_EQ(screen(read_file(sample(kCleanX12)), DXSCREEN_RESPONSE_OPERATION_OUTCOME, result, message),
            DXSCREEN_USAGE);
  EXPECT_EQ(result.get(), nullptr);
  EXPECT_NE(message.str().find("FHIR"), std::string::npos) << message.str();
  for (dxscreen_response kind : {DXSCREEN_RESPONSE_X12_ACKS, DXSCREEN_RESPONSE_X12_999, DXSCREEN_RESPONSE_X12_277CA}) {
    EXPECT_EQ(screen(kMinimalFhirClaim, kind, result, message), DXSCREEN_USAGE) << kind;
    EXPECT_EQ(result.get(), nullptr);
    EXPECT_NE(message.str().find("X12"), std::string::npos) << message.str();
  }
}

TEST_F(CapiEngine, EmptyAndNullInput) {
  Result result;
  Message message;
  EXPECT_EQ(dxscreen_screen(engine_, nullptr, 0, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            result.out(), message.out()),
            DXSCREEN_EMPTY_INPUT);
  EXPECT_EQ(result.get(), nullptr);
  EXPECT_NE(message.str().find("empty"), std::string::npos);
  EXPECT_EQ(dxscreen_screen(engine_, "ISA", 0, DXSCREEN_FORMAT_X12, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            result.out(), message.out()),
            DXSCREEN_EMPTY_INPUT);
  EXPECT_EQ(dxscreen_screen(engine_, nullptr, 10, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            result.out(), message.out()),
            DXSCREEN_NULL_POINTER);
  EXPECT_EQ(result.get(), nullptr);
  EXPECT_EQ(dxscreen_screen(engine_, "ISA", 3, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, nullptr,
                            nullptr, message.out()),
            DXSCREEN_NULL_POINTER);
}

// Unreadable input still gets an answer: the result carries the error report.
TEST_F(CapiEngine, UnreadableInputReturnsTheErrorResponse) {
  Result result;
  Message message;
  EXPECT_EQ(screen("just some words, not a claim\n", DXSCREEN_RESPONSE_JSON_REPORT, result, message),
            DXSCREEN_UNREADABLE_INPUT);
  ASSERT_NE(result.get(), nullptr);
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(dxscreen_result_verdict(result.get()), DXSCREEN_VERDICT_ERROR);
  EXPECT_EQ(dxscreen_result_claims(result.get()), 0u);
  EXPECT_GE(dxscreen_result_input_errors(result.get()), 1u);
  EXPECT_STREQ(dxscreen_result_format(result.get()), "unknown");
  EXPECT_NE(result.bytes().find("\"errors\""), std::string::npos) << result.bytes();
}

TEST_F(CapiEngine, FormatHintIsHonoured) {
  // X12 bytes declared as FHIR JSON are read as FHIR JSON (and fail there), not re-detected.
  Result result;
  Message message;
  const dxscreen_status status = screen(read_file(sample(kCleanX12)), DXSCREEN_RESPONSE_JSON_REPORT, result,
                                        message, nullptr, DXSCREEN_FORMAT_FHIR_JSON);
  EXPECT_EQ(status, DXSCREEN_UNREADABLE_INPUT) << message.str();
  ASSERT_NE(result.get(), nullptr);
  EXPECT_EQ(dxscreen_result_verdict(result.get()), DXSCREEN_VERDICT_ERROR);
  EXPECT_NE(result.bytes().find("fhir-structure"), std::string::npos) << result.bytes();
}

TEST_F(CapiEngine, BadEnums) {
  const std::string input = read_file(sample(kCleanX12));
  Result result;
  Message message;
  for (int hint : {5, 99, 0x7fffffff}) {
    EXPECT_EQ(dxscreen_screen(engine_, input.data(), input.size(), static_cast<dxscreen_format>(hint),
                              DXSCREEN_RESPONSE_JSON_REPORT, nullptr, result.out(), message.out()),
              DXSCREEN_INVALID_ARGUMENT)
        << hint;
    EXPECT_EQ(result.get(), nullptr);
    EXPECT_NE(message.str().find("hint"), std::string::npos) << message.str();
  }
  for (int kind : {6, 1000, 0x7fffffff}) {
    EXPECT_EQ(dxscreen_screen(engine_, input.data(), input.size(), DXSCREEN_FORMAT_AUTO,
                              static_cast<dxscreen_response>(kind), nullptr, result.out(), message.out()),
              DXSCREEN_INVALID_ARGUMENT)
        << kind;
    EXPECT_NE(message.str().find("kind"), std::string::npos) << message.str();
  }
}

TEST_F(CapiEngine, OptionStructSize) {
  const std::string input = read_file(sample(kCleanX12));
  Result result;
  Message message;
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  for (std::size_t size : {std::size_t{0}, std::size_t{3}, sizeof(void*), sizeof(dxscreen_options) - 1,
                           std::size_t{1} << 20}) {
    options.size = size;
    EXPECT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, result, message, &options), DXSCREEN_INVALID_ARGUMENT)
        << size;
    EXPECT_EQ(result.get(), nullptr);
    EXPECT_NE(message.str().find("options->size"), std::string::npos) << message.str();
  }
  options = DXSCREEN_OPTIONS_INIT;
  options.reserved = 1;
  EXPECT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, result, message, &options), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_NE(message.str().find("reserved"), std::string::npos) << message.str();
  // A newer caller's larger struct is fine while its extra fields are unset ...
  struct Newer {
    dxscreen_options base;
    const char* future_field;
  } newer{};
  newer.base = DXSCREEN_OPTIONS_INIT;
  newer.base.size = sizeof(Newer);
  EXPECT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, result, message, &newer.base), DXSCREEN_OK) << message.str();
  // ... and refused once it sets one this library does not know.
  newer.future_field = "set";
  EXPECT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, result, message, &newer.base), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_NE(message.str().find("does not know"), std::string::npos) << message.str();
}

TEST_F(CapiEngine, BadOptionValues) {
  const std::string input = read_file(sample(kCleanX12));
  Result result;
  Message message;
  const auto check = [&](dxscreen_options options, const char* field) {
    EXPECT_EQ(screen(input, DXSCREEN_RESPONSE_JSON_REPORT, result, message, &options), DXSCREEN_INVALID_ARGUMENT)
        << field;
    EXPECT_EQ(result.get(), nullptr);
    EXPECT_NE(message.str().find(field), std::string::npos) << message.str();
  };
  for (const char* bad : {"2026-13-01", "20260101", "2026-02-30", "", "2026-01-01T10:00"}) {
    dxscreen_options o = DXSCREEN_OPTIONS_INIT;
    o.date_override = bad;
    check(o, "date_override");
    o = DXSCREEN_OPTIONS_INIT;
    o.today = bad;
    check(o, "today");
  }
  for (const char* bad : {"2026-01-01 10:00", "2026-01-01T24:00", "2026-01-01T10:60", "2026-01-01", ""}) {
    dxscreen_options o = DXSCREEN_OPTIONS_INIT;
    o.processing_time = bad;
    check(o, "processing_time");
  }
}

// ---------------------------------------------------------------------------------------------
// Engines of their own: close and reload change them.

TEST(CapiLifecycle, ClosedHandleIsRefused) {
  DXS_REQUIRE_RULE_DATA();
  dxscreen_engine* engine = open_engine();
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_OK);
  // The handle stays allocated for a while after close, so these are answered, not undefined.
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_CLOSED_HANDLE);
  const std::string input = read_file(sample(kCleanX12));
  Result result;
  Message message;
  EXPECT_EQ(dxscreen_screen(engine, input.data(), input.size(), DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT,
                            nullptr, result.out(), message.out()),
            DXSCREEN_CLOSED_HANDLE);
  EXPECT_EQ(result.get(), nullptr);
  EXPECT_NE(message.str().find("closed"), std::string::npos) << message.str();
  EXPECT_EQ(dxscreen_reload(engine, nullptr, nullptr, message.out()), DXSCREEN_CLOSED_HANDLE);
}

TEST(CapiLifecycle, ResultOutlivesItsEngine) {
  DXS_REQUIRE_RULE_DATA();
  dxscreen_engine* engine = open_engine();
  ASSERT_NE(engine, nullptr);
  const std::string input = read_file(sample(kExcludes1X12));
  Result result;
  Message message;
  ASSERT_EQ(dxscreen_screen(engine, input.data(), input.size(), DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT,
                            nullptr, result.out(), message.out()),
            DXSCREEN_OK);
  const std::string before = result.bytes();
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_OK);
  EXPECT_EQ(result.bytes(), before);
  EXPECT_EQ(dxscreen_result_verdict(result.get()), DXSCREEN_VERDICT_REJECTED);
}

// Reload swaps the rule configuration: lowering excludes1 to a warning turns the rejection into
// an acceptance; a failed reload keeps the engine as it was.
TEST(CapiLifecycle, ReloadSwapsAndFailedReloadKeepsTheEngine) {
  DXS_REQUIRE_RULE_DATA();
  dxscreen_engine* engine = open_engine();
  ASSERT_NE(engine, nullptr);
  const std::string input = read_file(sample(kExcludes1X12));
  const auto verdict = [&]() {
    Result result;
    Message message;
    EXPECT_EQ(dxscreen_screen(engine, input.data(), input.size(), DXSCREEN_FORMAT_AUTO,
                              DXSCREEN_RESPONSE_JSON_REPORT, nullptr, result.out(), message.out()),
              DXSCREEN_OK)
        << message.str();
    return dxscreen_result_verdict(result.get());
  };
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_REJECTED);

  TempDir temp;
  const fs::path lenient = temp.path() / "lenient.json";
  write_file(lenient, "// excludes1 as a warning\n{\"rules\": {\"excludes1\": {\"severity\": \"warning\"}}}\n");
  Message message;
  ASSERT_EQ(dxscreen_reload(engine, nullptr, lenient.c_str(), message.out()), DXSCREEN_OK) << message.str();
  EXPECT_TRUE(message.empty());
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_ACCEPTED);

  // NULL, NULL re-reads the same file: still lenient.
  ASSERT_EQ(dxscreen_reload(engine, nullptr, nullptr, message.out()), DXSCREEN_OK) << message.str();
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_ACCEPTED);

  const fs::path missing = temp.path() / "missing-mappings";
  EXPECT_EQ(dxscreen_reload(engine, missing.c_str(), nullptr, message.out()), DXSCREEN_LOAD_FAILED);
  EXPECT_FALSE(message.empty());
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_ACCEPTED);
  write_file(temp.path() / "broken.json", "{\"rules\": {\"no-such-rule\": {}}}");
  EXPECT_EQ(dxscreen_reload(engine, nullptr, (temp.path() / "broken.json").c_str(), message.out()),
            DXSCREEN_LOAD_FAILED);
  EXPECT_NE(message.str().find("broken.json"), std::string::npos) << message.str();
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_ACCEPTED);

  write_file(temp.path() / "strict.json", "{\"rules\": {}}");
  ASSERT_EQ(dxscreen_reload(engine, mappings_dir().c_str(), (temp.path() / "strict.json").c_str(), message.out()),
            DXSCREEN_OK)
      << message.str();
  EXPECT_EQ(verdict(), DXSCREEN_VERDICT_REJECTED);
  EXPECT_EQ(dxscreen_reload(engine, "", nullptr, message.out()), DXSCREEN_INVALID_ARGUMENT);
  EXPECT_EQ(dxscreen_engine_close(engine), DXSCREEN_OK);
}

}  // namespace
}  // namespace dxs::capi_test
