#include "adapters/fhir/fhir.hpp"

namespace dxs::fhir {

namespace {
Outcome not_implemented(const char* format) {
  Outcome outcome;
  InputError error;
  error.rule = "fhir-structure";
  error.severity = Severity::fatal;
  error.message = "FHIR adapter not implemented yet";
  outcome.errors.push_back(error);
  outcome.unreadable = true;
  outcome.format = format;
  outcome.media_type = "application/fhir+json";
  return outcome;
}
}  // namespace

Outcome screen(std::string_view, Encoding encoding, const ScreenFn&, const ResultSink&,
               const Options&) {
  return not_implemented(encoding == Encoding::json ? "fhir-json" : "fhir-xml");
}

Outcome screen_ndjson(ByteSource&, const ScreenFn&, const ResultSink&, const Options&) {
  return not_implemented("fhir-ndjson");
}

Parsed read(std::string_view, Encoding encoding, const Options&) {
  Parsed parsed;
  parsed.unreadable = true;
  parsed.format = encoding == Encoding::json ? "fhir-json" : "fhir-xml";
  return parsed;
}

std::string operation_outcome_for(const Claim&, const ClaimResult&, const Options&) { return {}; }
std::string structure_outcome(const std::vector<InputError>&, const Options&) { return {}; }
const char* media_type(Encoding encoding) noexcept {
  return encoding == Encoding::json ? "application/fhir+json" : "application/fhir+xml";
}

}  // namespace dxs::fhir
