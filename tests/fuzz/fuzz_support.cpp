#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>

#include "adapters/mappings/mappings.hpp"

namespace dxs::fuzz {

std::shared_ptr<const Knowledge> shipped_knowledge() {
  static const std::shared_ptr<const Knowledge> knowledge = [] {
    try {
      return std::shared_ptr<const Knowledge>(
          mappings::load_knowledge(std::filesystem::path(DXS_SOURCE_DIR) / "mappings"));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz: cannot load the shipped mappings: %s\n", e.what());
      std::abort();
    }
  }();
  return knowledge;
}

const ScreenOptions& fixed_screen_options() {
  static const ScreenOptions options = [] {
    ScreenOptions o;
    o.default_date = Date::from_ymd(2025, 11, 4);
    return o;
  }();
  return options;
}

const ScreenFn& shipped_screen_fn() {
  static const Screener screener(shipped_knowledge());
  static const ScreenFn fn = [](const Claim& claim) {
    return screener.screen(claim, fixed_screen_options());
  };
  return fn;
}

Result<std::size_t> PieceSource::read(char* buffer, std::size_t capacity) {
  const std::size_t n = std::min({capacity, next_piece_, data_.size()});
  if (n > 0) std::memcpy(buffer, data_.data(), n);
  data_.remove_prefix(n);
  next_piece_ = next_piece_ >= max_piece_ ? 1 : next_piece_ + 1;
  return n;
}

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

}  // namespace dxs::fuzz
