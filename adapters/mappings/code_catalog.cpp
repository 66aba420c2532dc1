#include "adapters/mappings/code_catalog.hpp"

#include <algorithm>

namespace dxs::mappings {

CodeCatalog::CodeCatalog(std::vector<std::string> undotted_codes) : codes_(std::move(undotted_codes)) {
  std::sort(codes_.begin(), codes_.end());
  codes_.erase(std::unique(codes_.begin(), codes_.end()), codes_.end());
}

bool CodeCatalog::contains(std::string_view undotted) const noexcept {
  return std::binary_search(codes_.begin(), codes_.end(), undotted,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool CodeCatalog::has_prefix(std::string_view undotted) const noexcept {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), undotted,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != codes_.end() && std::string_view(*it).substr(0, undotted.size()) == undotted;
}

std::vector<std::string_view> CodeCatalog::with_prefix(std::string_view prefix) const {
  std::vector<std::string_view> out;
  auto it = std::lower_bound(codes_.begin(), codes_.end(), prefix,
                             [](const std::string& a, std::string_view b) { return a < b; });
  for (; it != codes_.end() && std::string_view(*it).substr(0, prefix.size()) == prefix; ++it) {
    out.emplace_back(*it);
  }
  return out;
}

std::vector<std::string_view> CodeCatalog::in_range(std::string_view lo, std::string_view hi) const {
  std::vector<std::string_view> out;
  auto it = std::lower_bound(codes_.begin(), codes_.end(), lo,
                             [](const std::string& a, std::string_view b) { return a < b; });
  for (; it != codes_.end(); ++it) {
    std::string_view code(*it);
    if (code.substr(0, hi.size()) > hi) break;
    if (code.substr(0, lo.size()) >= lo) out.push_back(code);
  }
  return out;
}

}  // namespace dxs::mappings
