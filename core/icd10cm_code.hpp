#pragma once
// An ICD-10-CM code in one canonical form: upper case, no dot, 3..7 characters.
// parse() accepts both the dotted NCHS form (M62.81, as FHIR sends it) and the undotted form
// (M6281, as X12 sends it) and records how the input was written, so the screener can report
// code-format findings without the adapters deciding policy.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dxs {

struct CodeSpelling {
  bool had_dot = false;        // "M62.81"
  bool dot_misplaced = false;  // a dot that is not after the 3rd character ("M6.281")
  bool had_lowercase = false;  // "m62.81"
  bool had_spaces = false;     // surrounding blanks trimmed
};

class Icd10Code {
 public:
  // Shape check only: letter, digit (or A, as in QA0), alphanumeric, then up to 4 alphanumerics. Existence in a
  // code set is the CodeSet's business. Returns nullopt for anything that is not code-shaped.
  static std::optional<Icd10Code> parse(std::string_view text, CodeSpelling* spelling = nullptr);

  [[nodiscard]] std::string_view undotted() const noexcept { return {chars_.data(), len_}; }
  [[nodiscard]] std::string dotted() const;  // "M62.81"; categories stay "M62"
  [[nodiscard]] std::size_t size() const noexcept { return len_; }

  friend bool operator==(const Icd10Code& a, const Icd10Code& b) {
    return a.undotted() == b.undotted();
  }
  friend auto operator<=>(const Icd10Code& a, const Icd10Code& b) {
    return a.undotted() <=> b.undotted();
  }

 private:
  std::array<char, 8> chars_{};
  std::uint8_t len_ = 0;
};

// Dotted form of an undotted code string ("M6281" -> "M62.81"), no validation.
std::string dot_code(std::string_view undotted);

}  // namespace dxs
