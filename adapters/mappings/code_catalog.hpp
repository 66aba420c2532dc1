#pragma once
// The codes of one fiscal year (undotted, sorted) for the importer: existence checks and
// descendant walks while expanding note references ("E08-E13 with .42", "I69. with final
// characters -23").
#include <string>
#include <string_view>
#include <vector>

namespace dxs::mappings {

class CodeCatalog {
 public:
  CodeCatalog() = default;
  explicit CodeCatalog(std::vector<std::string> undotted_codes);

  [[nodiscard]] bool contains(std::string_view undotted) const noexcept;
  // True if the code exists or is a prefix of an existing code ("M624" for M6240, "S0404").
  [[nodiscard]] bool has_prefix(std::string_view undotted) const noexcept;
  // Codes whose undotted form starts with `prefix` (the prefix itself included), sorted.
  [[nodiscard]] std::vector<std::string_view> with_prefix(std::string_view prefix) const;
  // Codes c with lo <= c[:len(lo)] and c[:len(hi)] <= hi (CodePattern range semantics), sorted.
  [[nodiscard]] std::vector<std::string_view> in_range(std::string_view lo, std::string_view hi) const;
  [[nodiscard]] bool empty() const noexcept { return codes_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return codes_.size(); }

 private:
  std::vector<std::string> codes_;  // sorted, unique
};

}  // namespace dxs::mappings
