// Rule-pack reader: dxs::mappings::parse_rule_pack on arbitrary JSON text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/mappings/mappings.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dxs::fuzz::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto pack = dxs::mappings::parse_rule_pack(input, "fuzz.json");
  if (pack.ok()) {
    for (const auto& spec : pack->rules) require(!spec.id.empty(), "rule pack: every rule has an id");
  } else {
    require(!pack.error().message.empty(), "rule pack: an error says what is wrong");
  }
  return 0;
}
