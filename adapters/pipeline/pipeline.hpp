#pragma once
// dxscreen_pipeline: the one orchestration library the CLI, the HTTP service and the C ABI use.
//   bytes -> detect_format -> adapter (x12 | fhir json | fhir ndjson | fhir xml) -> Screener
//         -> InputReport (results, input errors, response bytes, verdict)
// plus the configuration (conf/dxscreen.json), the swappable Engine, the JSON report and text
// renderers, and the exit-code convention. Exceptions only at start-up (config, Engine::open,
// Engine::reload); screening reports problems as values.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_source.hpp"
#include "core/claim.hpp"
#include "core/date.hpp"
#include "core/finding.hpp"
#include "core/knowledge.hpp"
#include "core/screener.hpp"

namespace dxs::pipeline {

// "0.1.0" (the CMake project version).
const char* version() noexcept;

// ---------------------------------------------------------------------------------------------
// Format detection from content.

enum class InputKind {
  x12,          // "ISA" (after an optional UTF-8 BOM and blanks); also UTF-16 text that is not
                // FHIR, which the X12 path decodes or reports
                // (UTF-16 FHIR JSON/XML is detected as FHIR with Detection::utf16 set; screen()
                // refuses it with a fatal fhir-structure error "UTF-16 is not supported, send
                // UTF-8" and, for FHIR responses, a fatal/structure OperationOutcome)
  fhir_json,    // one JSON document ('{')
  fhir_ndjson,  // several JSON objects, one per line
  fhir_xml,     // '<'
  unknown,      // nothing recognisable (empty input, binary, plain text)
};
const char* to_string(InputKind kind) noexcept;  // "x12", "fhir-json", "fhir-ndjson", "fhir-xml", "unknown"
bool parse_input_kind(std::string_view text, InputKind* out) noexcept;  // accepts the to_string names

struct Detection {
  InputKind kind = InputKind::unknown;
  std::size_t bom_bytes = 0;  // length of a UTF-8 BOM at the start (0 or 3)
  bool utf16 = false;         // UTF-16 BOM or a NUL-interleaved pattern
  std::string reason;         // why, for "unknown": "empty input", "not X12 or FHIR (first byte 0x..)"
};

// Pass the whole input or a prefix (the streaming path passes the first MiB). A JSON value that
// closes on its first line followed by another object on a later line is NDJSON.
Detection detect_format(std::string_view head) noexcept;

// ---------------------------------------------------------------------------------------------
// Configuration: conf/dxscreen.json (RapidJSON, comments allowed). Unknown keys, wrong types and
// bad values are errors naming file:line.

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // what() = "file:line: problem"
};

// A generic JSON value with the line it starts on, for sections other helpers validate
// (http, tls, log). Members keep file order.
struct ConfigValue {
  enum class Type { null, boolean, number, string, array, object };
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  bool is_integer = false;
  std::int64_t integer = 0;
  std::string string;
  std::vector<ConfigValue> items;
  std::vector<std::pair<std::string, ConfigValue>> members;
  std::size_t line = 0;  // 1-based line of the value in the file
  std::size_t key_line = 0;  // for object members: line of the key

  [[nodiscard]] const ConfigValue* find(std::string_view key) const noexcept;
  [[nodiscard]] std::string to_json() const;  // compact JSON text (comments dropped)

  // Declared here, defaulted below: clang instantiates the members' vector destructor while the
  // type is still incomplete otherwise.
  ConfigValue();
  ConfigValue(const ConfigValue&);
  ConfigValue(ConfigValue&&) noexcept;
  ConfigValue& operator=(const ConfigValue&);
  ConfigValue& operator=(ConfigValue&&) noexcept;
  ~ConfigValue();
};
inline ConfigValue::ConfigValue() = default;
inline ConfigValue::ConfigValue(const ConfigValue&) = default;
inline ConfigValue::ConfigValue(ConfigValue&&) noexcept = default;
inline ConfigValue& ConfigValue::operator=(const ConfigValue&) = default;
inline ConfigValue& ConfigValue::operator=(ConfigValue&&) noexcept = default;
inline ConfigValue::~ConfigValue() = default;

struct MappingsConfig {
  std::filesystem::path dir;  // empty = dxs::mappings::default_mappings_dir()
};

enum class DatePolicy { today, fixed };  // date used for claims that carry no date at all
struct ScreeningConfig {
  bool strict = false;           // warnings of convention rules become errors
  bool payer_front_end = false;  // 277CA accepts with A2:20 (payer front end) instead of A1:20
  DatePolicy default_date_policy = DatePolicy::today;
  Date default_date;             // when policy = fixed
};

enum class ControlNumberPolicy { derived, configured };
enum class ProcessingTimePolicy { input, clock, fixed };
struct X12Config {
  std::string sender_qualifier = "ZZ";   // ISA05 of the acknowledgments
  std::string sender_id = "DXSCREEN";    // ISA06 / GS02 of the acknowledgments
  std::string sender_name = "DXSCREEN";  // 277CA 2100A NM103
  ControlNumberPolicy control_numbers = ControlNumberPolicy::derived;  // derived = from ISA13/GS06
  std::uint32_t interchange_control_number = 1;  // when configured
  std::uint32_t group_control_number = 1;        // when configured
  // Date/time written into the acknowledgments: "input" = the 837's GS04/GS05 (deterministic),
  // "clock" = the caller's clock (Request::processing_time), or a fixed "YYYY-MM-DDTHH:MM".
  ProcessingTimePolicy processing_time_policy = ProcessingTimePolicy::input;
  std::string processing_time;  // when fixed
  bool emit_ref_1k = false;     // 277CA 2200D REF*1K (payer claim control number)
  bool emit_ref_d9 = false;     // 277CA 2200D REF*D9 (clearinghouse trace)
  std::string nonbillable_secondary = "772";  // STC10 status for code-not-billable: "772", "21", ""
};

enum class FhirEncodingPolicy { input, json, xml };
struct FhirConfig {
  bool response_bundle = true;  // Bundle input with several Claims: a Bundle of OperationOutcomes
  FhirEncodingPolicy response_encoding = FhirEncodingPolicy::input;
};

struct LimitsConfig {
  std::uint64_t max_input_bytes = 256ull << 20;  // an input read whole (FHIR JSON/XML, X12 in memory)
  std::uint64_t max_stream_bytes = 0;            // an input streamed from a file (X12, NDJSON); 0 = no limit
  std::uint64_t max_claims = 0;                  // claims per input; 0 = no limit
  std::uint32_t max_depth = 64;                  // JSON/XML nesting
  std::uint32_t max_array_items = 100000;        // items of one JSON array / children of one XML element
  std::uint32_t max_segment_bytes = 64 * 1024;   // one X12 segment
  std::uint32_t max_diagnoses = 256;             // diagnoses kept per claim (X12)
  std::uint32_t max_lines_per_claim = 10000;     // service lines kept per claim (X12)
  std::uint32_t max_line_bytes = 16u << 20;      // one NDJSON line
  std::uint32_t max_errors = 1000;               // input errors kept per input
};

struct Config {
  std::string source = "<defaults>";  // the file read, for messages
  MappingsConfig mappings;
  std::vector<RuleOverride> rules;    // from "rules": {"excludes1": {"severity": "warning"}}
  ScreeningConfig screening;
  X12Config x12;
  FhirConfig fhir;
  LimitsConfig limits;
  // Sections parsed by other components ("http", "tls", "log"): kept as read, with lines.
  std::map<std::string, ConfigValue, std::less<>> sections;

  [[nodiscard]] const ConfigValue* section(std::string_view name) const noexcept;
};

// Parses the text of a config file; source_name is used in messages ("conf/dxscreen.json").
// Throws ConfigError "source:line: problem".
Config parse_config(std::string_view text, const std::string& source_name);
// Reads and parses a file. Throws ConfigError (also for an unreadable file).
Config load_config(const std::filesystem::path& file);
// First existing of: $DXSCREEN_CONFIG, <exe dir>/../etc/dxscreen/dxscreen.json,
// <exe dir>/conf/dxscreen.json, the source tree's conf/dxscreen.json. Empty when none exists.
std::filesystem::path default_config_path();
// Parses an acknowledgment processing time "YYYY-MM-DDTHH:MM" into a date and HHMM.
bool parse_processing_time(std::string_view text, Date* date, int* hhmm) noexcept;
// The effective configuration as JSON (own sections fully; other sections as read).
std::string effective_config_json(const Config& config);

// ---------------------------------------------------------------------------------------------
// Engine: knowledge + screener + config; swapped whole on reload. Thread-safe.

struct EngineState {
  Config config;
  std::shared_ptr<const Knowledge> knowledge;
  std::shared_ptr<const Screener> screener;
  std::filesystem::path mappings_dir;  // the directory actually loaded
};

class Engine {
 public:
  // Loads the mappings named by the config (or the default folder) and applies the rule
  // overrides. Throws std::runtime_error "file:line: problem" (start-up only).
  static std::shared_ptr<Engine> open(Config config);
  // For tests and embedders that build Knowledge themselves (overrides are applied to a copy).
  Engine(Config config, std::shared_ptr<const Knowledge> knowledge);

  // The current state; callers keep it for the whole request (in-flight work finishes on it).
  [[nodiscard]] std::shared_ptr<const EngineState> state() const;
  // Rebuilds from `config` (or the current config) off to the side and swaps it in; on failure
  // throws and keeps the current state.
  void reload(std::optional<Config> config = std::nullopt);

 private:
  explicit Engine(std::shared_ptr<const EngineState> state);
  static std::shared_ptr<const EngineState> build(Config config,
                                                  std::shared_ptr<const Knowledge> knowledge,
                                                  std::filesystem::path dir);
  mutable std::mutex mutex_;
  std::shared_ptr<const EngineState> state_;
};

// ---------------------------------------------------------------------------------------------
// Requests and reports.

enum class ResponseKind {
  json_report,  // the DESIGN.md JSON report (one input)
  text,         // the people renderer
  x12,          // 999 then 277CA (or the TA1 alone when the envelope is rejected)
  x12_999,      // the 999 only (or the TA1)
  x12_277ca,    // the 277CA only
  fhir,         // OperationOutcome in the input's encoding
  fhir_json,
  fhir_xml,
  none,         // results and errors only, no response bytes
};
const char* to_string(ResponseKind kind) noexcept;
// Accepts "json", "text", "x12", "x12-999", "x12-277ca", "fhir", "fhir-json", "fhir-xml", "none".
bool parse_response_kind(std::string_view text, ResponseKind* out) noexcept;
// True when the response kind needs X12 input (x12*) or FHIR input (fhir*).
bool response_needs_x12(ResponseKind kind) noexcept;
bool response_needs_fhir(ResponseKind kind) noexcept;

struct Request {
  std::string_view bytes;                 // the whole input (see screen_stream for files)
  std::string input_name = "-";           // shown in reports ("-" = stdin)
  InputKind hint = InputKind::unknown;    // unknown = detect from content
  ResponseKind response = ResponseKind::json_report;
  ScreenOptions options;                  // default_date = the caller's "today"; date_override
  std::optional<bool> strict;             // overrides screening.strict
  std::string processing_time;            // "YYYY-MM-DDTHH:MM" for the acks; "" = as configured
  // When set, FHIR response bytes are handed over here (NDJSON: one call per line) instead of
  // being collected in InputReport::response (bounded memory for large NDJSON files).
  std::function<void(std::string_view)> response_writer;
};

enum class Verdict { accepted, rejected, error };
const char* to_string(Verdict verdict) noexcept;  // "accepted", "rejected", "error"

struct Counts {
  std::size_t claims = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t errors = 0;        // input errors
  std::size_t warnings = 0;      // findings with severity warning
  std::map<std::string, std::size_t> findings_by_rule;
  void add(const ClaimResult& result);
  void add(const Counts& other);
};

struct InputReport {
  std::string input;                 // Request::input_name
  std::string format;                // "x12-837P" ... "fhir-json", "fhir-xml", "fhir-ndjson", "unknown"
  InputKind kind = InputKind::unknown;
  std::vector<ClaimResult> results;  // empty when streamed to a sink
  std::vector<InputError> errors;
  std::string response;              // bytes of the requested response kind
  std::string media_type;            // "application/edi-x12", "application/fhir+json", ...
  std::string ack999, ack277ca, ta1; // X12 parts (also when response = x12)
  std::string code_set_version;      // Knowledge::version
  Verdict verdict = Verdict::error;
  bool unreadable = false;           // nothing could be read (exit 2)
  bool usage_error = false;          // response kind does not fit the input (exit 2)
  std::string usage_message;
  Counts counts;
};

// Screens one whole input held in memory.
InputReport screen(const EngineState& state, const Request& request);
InputReport screen(const Engine& engine, const Request& request);

// Receives every claim result of a streamed input as soon as it is ready.
using ReportSink = std::function<void(const ClaimResult&)>;

// Screens an input of any size from a ByteSource (X12 via screen_stream, NDJSON via
// screen_ndjson; a single FHIR JSON/XML document is read whole up to limits.max_input_bytes).
// Results go to `sink` (InputReport::results stays empty); errors and responses are returned.
InputReport screen_stream(const EngineState& state, ByteSource& source, const Request& request,
                          const ReportSink& sink);

// A ByteSource over a file (or stdin when path is "-").
class FileByteSource : public ByteSource {
 public:
  explicit FileByteSource(const std::filesystem::path& path);  // "-" = stdin
  ~FileByteSource() override;
  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;
  [[nodiscard]] bool is_open() const noexcept { return file_ != nullptr; }
  [[nodiscard]] const std::string& open_error() const noexcept { return error_; }
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_; }
  Result<std::size_t> read(char* buffer, std::size_t capacity) override;

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::string error_;
  std::uint64_t bytes_read_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Renderers.

// The JSON report of DESIGN.md, written as results arrive:
//   {"dxscreen": "<version>",
//    "results": [
//     {"input": ..., "claim_id": ..., "format": ..., "code_set": ..., "verdict": ..., "findings": [...]},
//     ...],
//    "errors": [{"input": ..., "rule": ..., "severity": ..., "location": ..., "message": ...}]}
// Each result is rendered into one reused buffer and written at once, so a claim costs no
// allocation of its own.
class JsonReportWriter {
 public:
  explicit JsonReportWriter(std::ostream& out);
  void add_result(std::string_view input, const ClaimResult& result);
  void add_errors(std::string_view input, const std::vector<InputError>& errors);
  void add_report(const InputReport& report);  // its results and errors
  void finish();                                // closes the object (idempotent)
  ~JsonReportWriter();

 private:
  void begin_if_needed();
  void flush_pending();
  std::ostream& out_;
  bool begun_ = false, finished_ = false;
  std::size_t results_ = 0;
  std::string pending_;  // rendered, not yet handed to out_
  std::string errors_;   // errors are written after all results
};
std::string json_report(const std::vector<InputReport>& reports);
std::string json_report_single(const InputReport& report);  // one input, without copying it

// Text for people: one line per finding / input error, then (optionally) a summary.
void write_text_findings(std::ostream& out, std::string_view input, const ClaimResult& result);
void write_text_errors(std::ostream& out, std::string_view input, const std::vector<InputError>& errors);
void write_text_summary(std::ostream& out, std::size_t inputs, const Counts& counts);
std::string text_report(const std::vector<InputReport>& reports);
std::string text_report_single(const InputReport& report);

// JSON string escaping (for other writers in the pipeline family).
void append_json_string(std::string& out, std::string_view text);

// ---------------------------------------------------------------------------------------------
// Exit codes: 0 all accepted, 1 some claim rejected (or an input partly rejected), 2 unreadable
// input or usage error.
inline constexpr int exit_accepted = 0;
inline constexpr int exit_rejected = 1;
inline constexpr int exit_unreadable = 2;
int exit_code(const InputReport& report) noexcept;
int combine_exit_codes(int a, int b) noexcept;  // the worse of two

}  // namespace dxs::pipeline
