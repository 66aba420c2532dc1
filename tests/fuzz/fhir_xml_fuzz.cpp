// FHIR XML reader: fhir::screen (XML) over the shipped mappings and body-site map, and fhir::read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dxs::fuzz::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto knowledge = dxs::fuzz::shipped_knowledge();
  dxs::fhir::Options options;
  options.body_sites = &knowledge->body_sites;
  options.rulepack_version = "fuzz";
  options.response_encoding = (size % 2 == 0) ? dxs::fhir::Encoding::xml : dxs::fhir::Encoding::json;
  options.response_bundle = size % 3 != 0;

  std::size_t sunk = 0;
  const dxs::ResultSink sink = [&sunk](const dxs::Claim&, const dxs::ClaimResult&) { ++sunk; };
  const dxs::fhir::Outcome outcome =
      dxs::fhir::screen(input, dxs::fhir::Encoding::xml, dxs::fuzz::shipped_screen_fn(), sink, options);
  require(sunk == outcome.claims, "fhir xml screen: one sink call per claim");
  require(!outcome.operation_outcome.empty(), "fhir xml screen: always answers");
  require(!outcome.unreadable || !outcome.errors.empty(), "fhir xml screen: unreadable names an error");

  const dxs::fhir::Parsed parsed = dxs::fhir::read(input, dxs::fhir::Encoding::xml, options);
  require(parsed.claims.size() == outcome.claims, "fhir xml read: same claim count as screen");
  return 0;
}
