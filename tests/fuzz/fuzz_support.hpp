#pragma once
// Shared by the fuzz targets: the shipped knowledge (mappings/ of the source tree, loaded once per
// process), a ScreenFn over a real Screener, and a ByteSource that hands out small uneven pieces.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/byte_source.hpp"
#include "core/knowledge.hpp"
#include "core/screener.hpp"

namespace dxs::fuzz {

// mappings/ of the source tree (DXS_SOURCE_DIR), loaded on first use; aborts if it cannot load.
std::shared_ptr<const Knowledge> shipped_knowledge();
// A Screener over shipped_knowledge() with a fixed default date (2025-11-04).
const ScreenFn& shipped_screen_fn();
const ScreenOptions& fixed_screen_options();

// Returns the input in pieces: first `first_piece` bytes (the pipeline's streaming path always
// hands its readers a large first read), then pieces of 1..max_piece bytes (the size cycles
// deterministically), as a pipe or socket may.
class PieceSource : public ByteSource {
 public:
  PieceSource(std::string_view data, std::size_t first_piece, std::size_t max_piece)
      : data_(data), max_piece_(max_piece), next_piece_(first_piece) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override;

 private:
  std::string_view data_;
  std::size_t max_piece_;
  std::size_t next_piece_;
};

// Aborts with a message on stderr (a libFuzzer crash) when `ok` is false.
void require(bool ok, const char* what);

}  // namespace dxs::fuzz
