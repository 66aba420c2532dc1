#pragma once
// The CDC/NCHS ICD-10-CM order file ("icd10cm-order-2026.txt"): fixed width, ASCII, CRLF.
//   cols 1-5 order number, 7-13 code (undotted, blank padded), 15 flag (1 billable, 0 header),
//   17-76 short title, 78- long title.
// And dxscreen's code-set TSV written from it (format: core/code_set.hpp, mappings/README.md).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dxs::mappings {

struct OrderEntry {
  std::string code;  // undotted
  bool billable = false;
  std::string short_title;
  std::string long_title;
};

struct OrderFile {
  std::vector<OrderEntry> entries;  // tabular order
  std::size_t billable = 0;
  std::size_t headers = 0;
};

// Errors name source:line (and column for bad bytes): short line, bad flag, bad code,
// non-ASCII or control characters, duplicate code.
Result<OrderFile> parse_order_file(std::string_view text, std::string_view source_name);

struct CodeSetHeader {
  int fiscal_year = 0;
  std::string source;  // file name of the order file
  std::string sha256;  // of the order file's bytes
};

std::string write_code_set_tsv(const OrderFile& order, const CodeSetHeader& header);

}  // namespace dxs::mappings
