#pragma once
// FHIR adapter: Claim / ExplanationOfBenefit / Bundle / Parameters ($validate body) in JSON or
// XML, and bulk NDJSON, to the common claim model; OperationOutcome responses (JSON or XML).
//
// Contract
// - Input bytes are never trusted: malformed JSON/XML, NUL bytes, invalid UTF-8, nesting deeper
//   than Limits::max_depth, arrays longer than Limits::max_array_items and unexpected resource
//   types become InputError{rule "fhir-structure"} (fatal when the whole input is unusable) and a
//   fatal/structure OperationOutcome. Nothing throws on bad input.
// - Diagnosis/ServiceLine locations are FHIRPaths with 0-based indexes that select the element
//   in the input (inside a Bundle: "Bundle.entry[k].resource...").
// - Output is deterministic: same input, same findings, same options -> same bytes.
// - See adapters/fhir/README.md for the mapping rules, the response layout and the NDJSON
//   reference rule.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/body_site.hpp"
#include "core/byte_source.hpp"
#include "core/claim.hpp"
#include "core/finding.hpp"
#include "core/screener.hpp"

namespace dxs::fhir {

enum class Encoding { json, xml };

struct Limits {
  std::size_t max_input_bytes = std::size_t{32} << 20;  // one JSON/XML document
  std::size_t max_depth = 64;                 // nesting of objects/arrays/elements
  std::size_t max_array_items = 100000;       // items of one JSON array / children of one XML element
  std::size_t max_claims = 10000;             // Claim/ExplanationOfBenefit entries per document
  std::size_t max_line_bytes = std::size_t{16} << 20;  // one NDJSON line
  std::size_t max_ndjson_conditions = 200000; // Conditions indexed while streaming NDJSON
  std::size_t max_deferred_claims = 10000;    // NDJSON Claims waiting for a later Condition
  std::size_t max_errors = 100;               // InputErrors kept per input (then one summary error)
};

struct Options {
  Encoding response_encoding = Encoding::json;
  // A Bundle (or Parameters) input with several Claims answers with a Bundle (type collection)
  // holding one OperationOutcome per Claim; false = one OperationOutcome with all issues.
  bool response_bundle = true;
  Limits limits;
  const BodySiteMap* body_sites = nullptr;  // nullptr: body sites are recorded without a site key
  std::string rulepack_version;             // named in every OperationOutcome (extension)
  // false: no OperationOutcome is built at all (Outcome::operation_outcome stays empty, the
  // response_writer is never called) -- for callers that answer in another format, so that
  // screening a large NDJSON stream neither keeps nor computes responses nobody reads.
  bool build_responses = true;
  // When set, response bytes are handed over here instead of being collected in
  // Outcome::operation_outcome (screen_ndjson calls it once per output line).
  std::function<void(std::string_view)> response_writer;
};

struct Parsed {
  std::vector<Claim> claims;
  std::vector<InputError> errors;
  bool unreadable = false;     // a fatal error: nothing could be screened
  std::string format;          // "fhir-json" | "fhir-xml" | "fhir-ndjson"
  std::string resource_type;   // of the top-level resource ("Claim", "Bundle", ...), "" if unknown
};

struct Outcome {
  std::vector<InputError> errors;
  std::string operation_outcome;  // OperationOutcome / response Bundle / NDJSON of OperationOutcomes
  std::string media_type;         // application/fhir+json | application/fhir+xml | application/fhir+ndjson
  std::size_t claims = 0;
  bool unreadable = false;
  std::string format;             // "fhir-json" | "fhir-xml" | "fhir-ndjson"
};

// Reads and screens one document; every Claim goes to `screen_fn`, then (claim, result) to
// `sink` (may be empty), in input order.
Outcome screen(std::string_view input, Encoding encoding, const ScreenFn& screen_fn,
               const ResultSink& sink, const Options& options);

// Streams NDJSON (one Claim, ExplanationOfBenefit or Condition per line) in bounded memory.
// Conditions are indexed by id as they arrive; a Claim whose Condition references all resolve
// is screened at once, one that still misses a Condition waits (at most
// Limits::max_deferred_claims, oldest screened first when full) and is screened at the end of
// input against every Condition seen. Results therefore come in completion order.
Outcome screen_ndjson(ByteSource& source, const ScreenFn& screen_fn, const ResultSink& sink,
                      const Options& options);

// Reads one document into claims and errors without screening.
Parsed read(std::string_view input, Encoding encoding, const Options& options);

// Writers, for callers that screen claims themselves (same bytes screen() produces).
std::string operation_outcome_for(const Claim& claim, const ClaimResult& result,
                                  const Options& options);
std::string structure_outcome(const std::vector<InputError>& errors, const Options& options);
const char* media_type(Encoding encoding) noexcept;

}  // namespace dxs::fhir
