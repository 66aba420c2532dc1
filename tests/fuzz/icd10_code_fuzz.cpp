// ICD-10-CM code and pattern parsers: Icd10Code::parse and CodePattern::parse, with round trips.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/icd10cm_code.hpp"
#include "core/notes.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dxs::fuzz::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  dxs::CodeSpelling spelling;
  const auto code = dxs::Icd10Code::parse(input, &spelling);
  if (code) {
    const std::string_view undotted = code->undotted();
    require(undotted.size() >= 3 && undotted.size() <= 7, "Icd10Code: 3..7 characters");
    for (const char c : undotted) {
      require(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)),
              "Icd10Code: upper-case letters and digits only");
    }
    const auto again = dxs::Icd10Code::parse(code->dotted());
    require(again && *again == *code, "Icd10Code: dotted() parses back to the same code");
    const auto plain = dxs::Icd10Code::parse(undotted);
    require(plain && *plain == *code, "Icd10Code: undotted() parses back to the same code");
  }

  const auto pattern = dxs::CodePattern::parse(input);
  if (pattern.ok() && !pattern->empty()) {
    require(pattern->matches(pattern->low()), "CodePattern: matches its own low end");
    const auto reparsed = dxs::CodePattern::parse(pattern->to_string());
    require(reparsed.ok(), "CodePattern: to_string() parses again");
    require(reparsed->low() == pattern->low() && reparsed->high() == pattern->high(),
            "CodePattern: to_string() round trip keeps both ends");
    if (code) (void)pattern->matches(code->undotted());
  }
  return 0;
}
