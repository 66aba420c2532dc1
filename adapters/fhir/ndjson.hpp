#pragma once
// Line splitting for NDJSON streams: bounded memory whatever the input size.
#include <cstddef>
#include <string>

#include "core/byte_source.hpp"
#include "core/result.hpp"

namespace dxs::fhir {

class LineReader {
 public:
  LineReader(ByteSource& source, std::size_t max_line_bytes)
      : source_(source), max_line_(max_line_bytes) {}

  enum class Status { line, too_long, end, read_error };
  // Next line without its "\n" / "\r\n". A line longer than the limit is skipped up to its end
  // and reported as too_long (its number still counts).
  Status next(std::string& line);
  [[nodiscard]] std::size_t line_number() const noexcept { return line_number_; }
  [[nodiscard]] const Error& read_error() const noexcept { return error_; }

 private:
  bool fill();

  ByteSource& source_;
  std::size_t max_line_;
  std::string buffer_;
  std::size_t start_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  std::size_t line_number_ = 0;
  Error error_;
};

}  // namespace dxs::fhir
