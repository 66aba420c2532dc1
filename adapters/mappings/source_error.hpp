#pragma once
// The error every data-file reader returns: "<source>:<line>[:<column>]: <problem>", with the
// line and column also set on the Error (column 0 = the whole line).
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dxs::mappings {

inline Error source_error(std::string_view source, std::size_t line, std::size_t column, const std::string& problem) {
  std::string where = std::string(source) + ":" + std::to_string(line);
  if (column != 0) where += ":" + std::to_string(column);
  Error e = make_error(ErrorCode::invalid_data, where + ": " + problem, where);
  e.line = line;
  e.column = column;
  return e;
}

}  // namespace dxs::mappings
