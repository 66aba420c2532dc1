#pragma once
// Line splitting for NDJSON streams: bounded memory whatever the input size.
#include <cstddef>
#include <memory>
#include <string_view>

#include "core/byte_source.hpp"
#include "core/result.hpp"

namespace dxs::fhir {

class LineReader {
 public:
  LineReader(ByteSource& source, std::size_t max_line_bytes)
      : source_(source), max_line_(max_line_bytes) {}

  enum class Status { line, too_long, end, read_error };
  // Next line without its "\n" / "\r\n", a view into the reader's buffer that stays valid until
  // the next call. A line longer than the limit is skipped up to its end and reported as
  // too_long (its number still counts). The buffer grows only when a line does not fit; free
  // space is handed to the source as it is (never cleared), whatever the source's read sizes.
  Status next(std::string_view& line);
  [[nodiscard]] std::size_t line_number() const noexcept { return line_number_; }
  [[nodiscard]] const Error& read_error() const noexcept { return error_; }

 private:
  bool fill();

  ByteSource& source_;
  std::size_t max_line_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;   // bytes held: [start_, size_) not yet returned
  std::size_t start_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  std::size_t line_number_ = 0;
  Error error_;
};

}  // namespace dxs::fhir
