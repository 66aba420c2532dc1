#pragma once
// RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, quotes ("") and
// line breaks; records end with LF or CRLF. Errors carry the 1-based line where they occur.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dxs::mappings {

struct CsvRecord {
  std::size_t line = 0;  // line where the record starts
  std::vector<std::string> fields;
};

// Every record must have `expected_fields` fields (0 = as many as the first record).
Result<std::vector<CsvRecord>> read_csv(std::string_view text, std::string_view source_name,
                                        std::size_t expected_fields = 0);

}  // namespace dxs::mappings
