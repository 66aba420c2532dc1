#pragma once
// A small JSON tree that remembers where every value and key sits (byte offset of its first
// character), so data-file errors can name file:line:column. Built with RapidJSON's SAX reader
// (in situ, iterative); nesting deeper than max_depth is an error.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace dxs::mappings {

struct JsonValue {
  enum class Kind { null, boolean, number, string, object, array };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  bool integral = false;
  std::string text;  // string value
  std::vector<std::pair<std::string, std::size_t>> keys;  // object keys with their offsets
  std::vector<JsonValue> members;                          // object values, parallel to keys
  std::vector<JsonValue> items;                            // array items
  std::size_t offset = 0;                                  // first character of the value

  [[nodiscard]] const char* kind_name() const noexcept;
};

// Errors: ErrorCode::syntax with location "source:line:column".
Result<JsonValue> parse_json_tree(std::string_view json, std::string_view source_name, std::size_t max_depth = 32);

// "source:line:column" for a byte offset of `json`.
std::string json_location(std::string_view json, std::string_view source_name, std::size_t offset);

}  // namespace dxs::mappings
