#pragma once
// A pull source of bytes for streaming readers (files of any size, stdin, sockets).
#include <cstddef>

#include "result.hpp"

namespace dxs {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; 0 = end of input.
  virtual Result<std::size_t> read(char* buffer, std::size_t capacity) = 0;
};

}  // namespace dxs
