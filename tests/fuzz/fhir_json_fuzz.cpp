// FHIR JSON reader: fhir::screen (JSON) over the shipped mappings and body-site map, fhir::read,
// and the same bytes as NDJSON streamed in small uneven pieces through screen_ndjson.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "fhir_document_checks.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dxs::fuzz::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto knowledge = dxs::fuzz::shipped_knowledge();
  dxs::fhir::Options options;
  options.body_sites = &knowledge->body_sites;
  options.rulepack_version = "fuzz";
  options.response_encoding = (size % 2 == 0) ? dxs::fhir::Encoding::json : dxs::fhir::Encoding::xml;
  dxs::fuzz::check_fhir_document(input, dxs::fhir::Encoding::json, options);

  // Short uneven reads (LineReader keeps its free space between reads, so they are cheap).
  dxs::fuzz::PieceSource source(input, 1 + size % 7, 1 + size % 257);
  const dxs::fhir::Outcome ndjson =
      dxs::fhir::screen_ndjson(source, dxs::fuzz::shipped_screen_fn(), {}, options);
  require(!ndjson.unreadable || !ndjson.errors.empty(), "fhir ndjson: unreadable names an error");

  // Without responses: same claims and errors, nothing built.
  dxs::fhir::Options quiet = options;
  quiet.build_responses = false;
  dxs::fuzz::PieceSource again(input, 1 + size % 5, 1 + size % 131);
  const dxs::fhir::Outcome silent =
      dxs::fhir::screen_ndjson(again, dxs::fuzz::shipped_screen_fn(), {}, quiet);
  require(silent.operation_outcome.empty(), "fhir ndjson: no response when none is built");
  require(silent.claims == ndjson.claims && silent.errors.size() == ndjson.errors.size() &&
              silent.unreadable == ndjson.unreadable,
          "fhir ndjson: responses do not change what is screened");
  return 0;
}
