// screen(): detect, hand the input to its adapter with the engine's screener, collect the
// results, the input errors and the response in the requested kind.
#include <algorithm>
#include <cstring>
#include <limits>

#include "adapters/fhir/fhir.hpp"
#include "adapters/fhir/input_text.hpp"
#include "adapters/pipeline/pipeline.hpp"
#include "adapters/x12/x12.hpp"

namespace dxs::pipeline {
namespace {

constexpr std::size_t kStreamHead = 1024 * 1024;

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view text) : text_(text) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min(capacity, text_.size() - pos_);
    std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Replays the bytes already read for detection, then continues with the source.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string head, ByteSource& rest) : head_(std::move(head)), rest_(rest) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    if (pos_ < head_.size()) {
      const std::size_t n = std::min(capacity, head_.size() - pos_);
      std::memcpy(buffer, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return rest_.read(buffer, capacity);
  }

 private:
  std::string head_;
  std::size_t pos_ = 0;
  ByteSource& rest_;
};

std::size_t size_or_unlimited(std::uint64_t value) {
  return value == 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(value);
}

ScreenOptions screen_options(const EngineState& state, const Request& request) {
  ScreenOptions options = request.options;
  if (state.config.screening.default_date_policy == DatePolicy::fixed)
    options.default_date = state.config.screening.default_date;
  options.strict = request.strict.value_or(state.config.screening.strict);
  return options;
}

x12::Options x12_options(const EngineState& state, const Request& request, bool streamed) {
  const Config& c = state.config;
  x12::Options o;
  o.build_acks = request.response == ResponseKind::x12 || request.response == ResponseKind::x12_999 ||
                 request.response == ResponseKind::x12_277ca;
  o.ack.sender_qualifier = c.x12.sender_qualifier;
  o.ack.sender_id = c.x12.sender_id;
  o.ack.sender_name = c.x12.sender_name;
  if (c.x12.control_numbers == ControlNumberPolicy::configured) {
    o.ack.interchange_control = c.x12.interchange_control_number;
    o.ack.group_control = c.x12.group_control_number;
  }
  std::string time = request.processing_time;
  if (time.empty() && c.x12.processing_time_policy == ProcessingTimePolicy::fixed) time = c.x12.processing_time;
  Date date;
  int hhmm = 0;
  if (parse_processing_time(time, &date, &hhmm)) {
    o.ack.process_date = date;
    o.ack.process_time = hhmm;
  }
  o.ack.payer_front_end = c.screening.payer_front_end;
  o.ack.strict = request.strict.value_or(c.screening.strict);
  o.ack.emit_ref_1k = c.x12.emit_ref_1k;
  o.ack.emit_ref_d9 = c.x12.emit_ref_d9;
  o.ack.nonbillable_secondary = c.x12.nonbillable_secondary;
  o.limits.max_segment_length = c.limits.max_segment_bytes;
  o.limits.max_diagnoses_per_claim = c.limits.max_diagnoses;
  o.limits.max_lines_per_claim = c.limits.max_lines_per_claim;
  o.limits.max_claims = static_cast<std::size_t>(c.limits.max_claims);
  o.limits.max_input_bytes = static_cast<std::size_t>(streamed ? c.limits.max_stream_bytes : 0);
  o.limits.max_errors = c.limits.max_errors;
  return o;
}

fhir::Encoding response_encoding(const EngineState& state, const Request& request, InputKind kind) {
  switch (request.response) {
    case ResponseKind::fhir_json: return fhir::Encoding::json;
    case ResponseKind::fhir_xml: return fhir::Encoding::xml;
    default: break;
  }
  switch (state.config.fhir.response_encoding) {
    case FhirEncodingPolicy::json: return fhir::Encoding::json;
    case FhirEncodingPolicy::xml: return fhir::Encoding::xml;
    case FhirEncodingPolicy::input: break;
  }
  return kind == InputKind::fhir_xml ? fhir::Encoding::xml : fhir::Encoding::json;
}

fhir::Options fhir_options(const EngineState& state, const Request& request, InputKind kind) {
  const Config& c = state.config;
  fhir::Options o;
  o.response_encoding = response_encoding(state, request, kind);
  o.response_bundle = c.fhir.response_bundle;
  o.body_sites = &state.knowledge->body_sites;
  o.rulepack_version = state.knowledge->version;
  o.limits.max_input_bytes = static_cast<std::size_t>(c.limits.max_input_bytes);
  o.limits.max_depth = c.limits.max_depth;
  o.limits.max_array_items = c.limits.max_array_items;
  o.limits.max_claims = size_or_unlimited(c.limits.max_claims);
  o.limits.max_line_bytes = c.limits.max_line_bytes;
  o.limits.max_errors = c.limits.max_errors;
  // Other response kinds never read the OperationOutcomes: don't build them (bounded memory
  // and no wasted work on large NDJSON streams).
  o.build_responses = response_needs_fhir(request.response);
  if (request.response_writer && o.build_responses) o.response_writer = request.response_writer;
  return o;
}

InputError make_input_error(InputKind kind, std::string message, std::string location) {
  InputError e;
  e.rule = (kind == InputKind::x12 || kind == InputKind::unknown) ? "x12-syntax" : "fhir-structure";
  e.severity = Severity::fatal;
  e.location = std::move(location);
  e.message = std::move(message);
  return e;
}

// Checks the requested response against the input; false (usage error) when they do not fit.
bool check_response_fits(InputReport& report, const Request& request) {
  const bool x12_input = report.kind == InputKind::x12;
  const bool fhir_input = report.kind == InputKind::fhir_json || report.kind == InputKind::fhir_ndjson ||
                          report.kind == InputKind::fhir_xml;
  if (fhir_input && response_needs_x12(request.response)) {
    report.usage_error = true;
    report.usage_message = std::string("response format ") + to_string(request.response) +
                           " needs X12 input, but the input is FHIR (" + to_string(report.kind) + ")";
  } else if (x12_input && response_needs_fhir(request.response)) {
    report.usage_error = true;
    report.usage_message = std::string("response format ") + to_string(request.response) +
                           " needs FHIR input, but the input is X12";
  }
  if (report.usage_error) report.verdict = Verdict::error;
  return !report.usage_error;
}

void finish(InputReport& report, const EngineState& state, const Request& request, bool streamed = false) {
  report.code_set_version = state.knowledge->version;
  report.counts.errors = report.errors.size();
  bool input_rejected = false;
  bool fatal = false;
  for (const InputError& e : report.errors) {
    if (e.severity == Severity::fatal) fatal = true;
    if (e.severity == Severity::fatal || e.severity == Severity::error) input_rejected = true;
  }
  if (report.usage_error || report.unreadable || (fatal && report.counts.claims == 0)) {
    report.verdict = Verdict::error;
    report.unreadable = report.unreadable || (!report.usage_error && fatal && report.counts.claims == 0);
  } else if (report.counts.rejected > 0 || input_rejected) {
    report.verdict = Verdict::rejected;
  } else {
    report.verdict = Verdict::accepted;
  }
  if (report.usage_error) return;
  switch (request.response) {
    case ResponseKind::json_report:
      if (streamed) break;  // the results went to the caller's sink
      report.response = json_report_single(report);
      report.media_type = "application/json";
      break;
    case ResponseKind::text:
      if (streamed) break;
      report.response = text_report_single(report);
      report.media_type = "text/plain; charset=utf-8";
      break;
    case ResponseKind::x12:
      report.response = report.ta1 + report.ack999 + report.ack277ca;
      report.media_type = "application/edi-x12";
      break;
    case ResponseKind::x12_999:
      report.response = report.ack999.empty() ? report.ta1 : report.ack999;
      report.media_type = "application/edi-x12";
      break;
    case ResponseKind::x12_277ca:
      report.response = report.ack277ca;
      report.media_type = "application/edi-x12";
      break;
    default:
      break;  // FHIR responses are set by the adapter call
  }
}

void take_x12(InputReport& report, x12::Outcome&& outcome) {
  report.errors = std::move(outcome.errors);
  report.ta1 = std::move(outcome.ta1);
  report.ack999 = std::move(outcome.ack999);
  report.ack277ca = std::move(outcome.ack277ca);
  report.unreadable = outcome.unreadable;
  report.format = outcome.format.empty() ? "x12" : outcome.format;
}

void take_fhir(InputReport& report, fhir::Outcome&& outcome, const Request& request) {
  report.errors = std::move(outcome.errors);
  report.unreadable = outcome.unreadable;
  if (!outcome.format.empty()) report.format = outcome.format;
  if (request.response == ResponseKind::fhir || request.response == ResponseKind::fhir_json ||
      request.response == ResponseKind::fhir_xml) {
    report.response = std::move(outcome.operation_outcome);
    report.media_type = std::move(outcome.media_type);
  }
}

InputReport begin_report(const Request& request, std::string_view head, bool* utf16 = nullptr) {
  InputReport report;
  report.input = request.input_name;
  Detection d = detect_format(head);
  if (utf16 != nullptr) *utf16 = d.utf16;
  report.kind = request.hint != InputKind::unknown ? request.hint : d.kind;
  report.format = to_string(report.kind);
  if (report.kind == InputKind::unknown) {
    report.errors.push_back(make_input_error(InputKind::unknown, d.reason, "offset 0"));
    report.unreadable = true;
  }
  return report;
}

bool is_fhir(InputKind kind) noexcept {
  return kind == InputKind::fhir_json || kind == InputKind::fhir_ndjson || kind == InputKind::fhir_xml;
}

// FHIR requires UTF-8: UTF-16 FHIR text is refused as a whole, in the caller's FHIR terms.
void refuse_utf16_fhir(InputReport& report, const EngineState& state, const Request& request) {
  report.errors.push_back(fhir::structure_error_at({}, 0, "UTF-16 is not supported, send UTF-8"));
  report.unreadable = true;
  if (!response_needs_fhir(request.response)) return;
  const fhir::Options options = fhir_options(state, request, report.kind);
  std::string outcome = fhir::structure_outcome(report.errors, options);
  report.media_type = fhir::media_type(options.response_encoding);
  if (options.response_writer) {
    options.response_writer(outcome);
  } else {
    report.response = std::move(outcome);
  }
}

std::string_view strip_bom(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

}  // namespace

const char* to_string(ResponseKind kind) noexcept {
  switch (kind) {
    case ResponseKind::json_report: return "json";
    case ResponseKind::text: return "text";
    case ResponseKind::x12: return "x12";
    case ResponseKind::x12_999: return "x12-999";
    case ResponseKind::x12_277ca: return "x12-277ca";
    case ResponseKind::fhir: return "fhir";
    case ResponseKind::fhir_json: return "fhir-json";
    case ResponseKind::fhir_xml: return "fhir-xml";
    case ResponseKind::none: break;
  }
  return "none";
}

bool parse_response_kind(std::string_view text, ResponseKind* out) noexcept {
  for (ResponseKind k : {ResponseKind::json_report, ResponseKind::text, ResponseKind::x12,
                         ResponseKind::x12_999, ResponseKind::x12_277ca, ResponseKind::fhir,
                         ResponseKind::fhir_json, ResponseKind::fhir_xml, ResponseKind::none}) {
    if (text == to_string(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

bool response_needs_x12(ResponseKind kind) noexcept {
  return kind == ResponseKind::x12 || kind == ResponseKind::x12_999 || kind == ResponseKind::x12_277ca;
}

bool response_needs_fhir(ResponseKind kind) noexcept {
  return kind == ResponseKind::fhir || kind == ResponseKind::fhir_json || kind == ResponseKind::fhir_xml;
}

InputReport screen(const Engine& engine, const Request& request) {
  const auto state = engine.state();
  return screen(*state, request);
}

InputReport screen(const EngineState& state, const Request& request) {
  bool utf16 = false;
  InputReport report = begin_report(request, request.bytes, &utf16);
  if (report.kind == InputKind::unknown || !check_response_fits(report, request)) {
    finish(report, state, request);
    return report;
  }
  if (utf16 && is_fhir(report.kind)) {
    refuse_utf16_fhir(report, state, request);
    finish(report, state, request);
    return report;
  }
  const ScreenOptions options = screen_options(state, request);
  const Screener& screener = *state.screener;
  const ScreenFn screen_fn = [&](const Claim& claim) { return screener.screen(claim, options); };
  const ResultSink sink = [&](const Claim&, const ClaimResult& result) {
    report.counts.add(result);
    report.results.push_back(result);
  };
  const Config& c = state.config;
  if (request.bytes.size() > c.limits.max_input_bytes) {
    report.errors.push_back(make_input_error(
        report.kind,
        "input of " + std::to_string(request.bytes.size()) + " bytes is larger than limits.max_input_bytes (" +
            std::to_string(c.limits.max_input_bytes) + ")",
        "offset " + std::to_string(c.limits.max_input_bytes)));
    report.unreadable = true;
    finish(report, state, request);
    return report;
  }
  switch (report.kind) {
    case InputKind::x12:
      take_x12(report, x12::screen(request.bytes, screen_fn, sink, x12_options(state, request, false)));
      break;
    case InputKind::fhir_json:
    case InputKind::fhir_xml: {
      const auto encoding = report.kind == InputKind::fhir_xml ? fhir::Encoding::xml : fhir::Encoding::json;
      take_fhir(report,
                fhir::screen(strip_bom(request.bytes), encoding, screen_fn, sink,
                             fhir_options(state, request, report.kind)),
                request);
      break;
    }
    case InputKind::fhir_ndjson: {
      StringSource source(strip_bom(request.bytes));
      take_fhir(report, fhir::screen_ndjson(source, screen_fn, sink, fhir_options(state, request, report.kind)),
                request);
      break;
    }
    case InputKind::unknown:
      break;
  }
  finish(report, state, request);
  return report;
}

InputReport screen_stream(const EngineState& state, ByteSource& source, const Request& request,
                          const ReportSink& report_sink) {
  // Read a head for detection (and, for FHIR JSON/XML documents, the whole input).
  std::string head;
  head.resize(kStreamHead);
  std::size_t filled = 0;
  bool eof = false;
  while (filled < head.size()) {
    auto n = source.read(head.data() + filled, head.size() - filled);
    if (!n.ok()) {
      InputReport report;
      report.input = request.input_name;
      report.errors.push_back(make_input_error(request.hint, n.error().message, "offset " + std::to_string(filled)));
      report.unreadable = true;
      finish(report, state, request, true);
      return report;
    }
    if (*n == 0) {
      eof = true;
      break;
    }
    filled += *n;
  }
  head.resize(filled);

  bool utf16 = false;
  InputReport report = begin_report(request, head, &utf16);
  if (report.kind == InputKind::unknown || !check_response_fits(report, request)) {
    finish(report, state, request, true);
    return report;
  }
  if (utf16 && is_fhir(report.kind)) {
    refuse_utf16_fhir(report, state, request);
    finish(report, state, request, true);
    return report;
  }
  const ScreenOptions options = screen_options(state, request);
  const Screener& screener = *state.screener;
  const ScreenFn screen_fn = [&](const Claim& claim) { return screener.screen(claim, options); };
  const ResultSink sink = [&](const Claim&, const ClaimResult& result) {
    report.counts.add(result);
    if (report_sink) report_sink(result);
  };
  const Config& c = state.config;

  if (report.kind == InputKind::x12 || report.kind == InputKind::fhir_ndjson) {
    PrefixedSource all(std::move(head), source);
    if (report.kind == InputKind::x12) {
      take_x12(report, x12::screen_stream(all, screen_fn, sink, x12_options(state, request, true)));
    } else {
      // The UTF-8 BOM (if any) is in the head; NDJSON lines after the first are unaffected.
      take_fhir(report, fhir::screen_ndjson(all, screen_fn, sink, fhir_options(state, request, report.kind)),
                request);
    }
    finish(report, state, request, true);
    return report;
  }

  // One FHIR document: read it whole, up to the limit.
  std::string whole = std::move(head);
  while (!eof) {
    if (whole.size() > c.limits.max_input_bytes) break;
    const std::size_t at = whole.size();
    whole.resize(at + kStreamHead);
    auto n = source.read(whole.data() + at, kStreamHead);
    if (!n.ok()) {
      whole.resize(at);
      report.errors.push_back(make_input_error(report.kind, n.error().message, "offset " + std::to_string(at)));
      report.unreadable = true;
      finish(report, state, request, true);
      return report;
    }
    whole.resize(at + *n);
    if (*n == 0) eof = true;
  }
  if (whole.size() > c.limits.max_input_bytes) {
    report.errors.push_back(make_input_error(
        report.kind,
        "input is larger than limits.max_input_bytes (" + std::to_string(c.limits.max_input_bytes) +
            " bytes)",
        "offset " + std::to_string(c.limits.max_input_bytes)));
    report.unreadable = true;
    finish(report, state, request, true);
    return report;
  }
  const auto encoding = report.kind == InputKind::fhir_xml ? fhir::Encoding::xml : fhir::Encoding::json;
  take_fhir(report,
            fhir::screen(strip_bom(whole), encoding, screen_fn, sink, fhir_options(state, request, report.kind)),
            request);
  finish(report, state, request, true);
  return report;
}

}  // namespace dxs::pipeline
