// FHIR XML reader: fhir::screen (XML) over the shipped mappings and body-site map, and fhir::read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "fhir_document_checks.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto knowledge = dxs::fuzz::shipped_knowledge();
  dxs::fhir::Options options;
  options.body_sites = &knowledge->body_sites;
  options.rulepack_version = "fuzz";
  options.response_encoding = (size % 2 == 0) ? dxs::fhir::Encoding::xml : dxs::fhir::Encoding::json;
  options.response_bundle = size % 3 != 0;
  dxs::fuzz::check_fhir_document(input, dxs::fhir::Encoding::xml, options);
  return 0;
}
