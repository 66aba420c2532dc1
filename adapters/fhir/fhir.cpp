#include "adapters/fhir/fhir.hpp"

#include "adapters/fhir/claim_mapper.hpp"
#include "adapters/fhir/document.hpp"
#include "adapters/fhir/operation_outcome.hpp"

namespace dxs::fhir {
namespace {

const char* format_name(Encoding encoding) noexcept {
  return encoding == Encoding::json ? "fhir-json" : "fhir-xml";
}

struct ReadState {
  Document document;
  MappedDocument mapped;
};

void read_into(std::string_view input, Encoding encoding, const Options& options, ReadState& state) {
  std::optional<InputError> error = encoding == Encoding::json
                                        ? parse_json(input, options.limits, state.document)
                                        : parse_xml(input, options.limits, state.document);
  if (error) {
    state.mapped.errors.push_back(std::move(*error));
    state.mapped.unreadable = true;
    return;
  }
  MapSettings settings;
  settings.format = encoding == Encoding::json ? InputFormat::fhir_json : InputFormat::fhir_xml;
  settings.body_sites = options.body_sites;
  settings.limits = options.limits;
  state.mapped = map_document(state.document.tree, input, settings);
}

void append_limited(std::vector<InputError>& to, const std::vector<InputError>& from,
                    std::size_t limit) {
  for (const InputError& error : from) {
    if (to.size() < limit) {
      to.push_back(error);
    } else {
      InputError more;
      more.rule = "fhir-structure";
      more.severity = Severity::error;
      more.message = "further input errors are not listed";
      to.push_back(std::move(more));
      return;
    }
  }
}

void deliver(Outcome& outcome, std::string text, const Options& options) {
  if (options.response_writer) {
    options.response_writer(text);
  } else {
    outcome.operation_outcome = std::move(text);
  }
}

}  // namespace

Outcome screen(std::string_view input, Encoding encoding, const ScreenFn& screen_fn,
               const ResultSink& sink, const Options& options) {
  Outcome outcome;
  outcome.format = format_name(encoding);
  outcome.media_type = media_type(options.response_encoding);
  ReadState state;
  read_into(input, encoding, options, state);
  if (state.mapped.unreadable) {
    outcome.unreadable = true;
    append_limited(outcome.errors, state.mapped.errors, options.limits.max_errors);
    if (options.build_responses) {
      deliver(outcome, write_structure_outcome(outcome.errors, options), options);
    }
    return outcome;
  }
  append_limited(outcome.errors, state.mapped.errors, options.limits.max_errors);
  std::vector<ClaimResult> results;
  results.reserve(state.mapped.claims.size());
  for (const MappedClaim& mapped : state.mapped.claims) {
    results.push_back(screen_fn ? screen_fn(mapped.claim) : ClaimResult{});
    if (sink) sink(mapped.claim, results.back());
    append_limited(outcome.errors, mapped.errors, options.limits.max_errors);
  }
  std::vector<ClaimOutcome> claims;
  for (std::size_t i = 0; i < state.mapped.claims.size(); ++i) {
    const MappedClaim& mapped = state.mapped.claims[i];
    claims.push_back({&mapped.claim, &results[i], &mapped.errors, &mapped.reference_notes});
  }
  outcome.claims = claims.size();
  if (options.build_responses) {
    deliver(outcome, write_claim_outcomes(claims, options, state.mapped.from_bundle), options);
  }
  return outcome;
}

Parsed read(std::string_view input, Encoding encoding, const Options& options) {
  Parsed parsed;
  parsed.format = format_name(encoding);
  ReadState state;
  read_into(input, encoding, options, state);
  parsed.unreadable = state.mapped.unreadable;
  parsed.resource_type = state.mapped.resource_type;
  if (parsed.resource_type.empty() && !state.document.tree.empty()) {
    parsed.resource_type = std::string(state.document.tree[state.document.tree.root()].resource_type);
  }
  append_limited(parsed.errors, state.mapped.errors, options.limits.max_errors);
  for (MappedClaim& mapped : state.mapped.claims) {
    append_limited(parsed.errors, mapped.errors, options.limits.max_errors);
    if (!parsed.unreadable) parsed.claims.push_back(std::move(mapped.claim));
  }
  return parsed;
}

std::string operation_outcome_for(const Claim& claim, const ClaimResult& result,
                                  const Options& options) {
  return write_claim_outcomes({ClaimOutcome{&claim, &result, nullptr, nullptr}}, options, false);
}

std::string structure_outcome(const std::vector<InputError>& errors, const Options& options) {
  return write_structure_outcome(errors, options);
}

const char* media_type(Encoding encoding) noexcept {
  return encoding == Encoding::json ? "application/fhir+json" : "application/fhir+xml";
}

}  // namespace dxs::fhir
