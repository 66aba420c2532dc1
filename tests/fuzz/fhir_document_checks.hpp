#pragma once
// The invariants both FHIR document fuzz targets assert: fhir::screen calls the sink once per
// claim, always answers, names an error when the input is unreadable, and fhir::read finds the
// same claims.
#include <cstddef>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "fuzz_support.hpp"

namespace dxs::fuzz {

inline void check_fhir_document(std::string_view input, fhir::Encoding encoding, const fhir::Options& options) {
  std::size_t sunk = 0;
  const ResultSink sink = [&sunk](const Claim&, const ClaimResult&) { ++sunk; };
  const fhir::Outcome outcome = fhir::screen(input, encoding, shipped_screen_fn(), sink, options);
  require(sunk == outcome.claims, "fhir screen: one sink call per claim");
  require(!outcome.operation_outcome.empty(), "fhir screen: always answers");
  require(!outcome.unreadable || !outcome.errors.empty(), "fhir screen: unreadable names an error");

  const fhir::Parsed parsed = fhir::read(input, encoding, options);
  require(parsed.claims.size() == outcome.claims, "fhir read: same claim count as screen");
}

}  // namespace dxs::fuzz
