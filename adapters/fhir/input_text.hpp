#pragma once
// Checks every FHIR input gets before parsing (size, NUL bytes, UTF-8, BOM) and the
// offset -> line/column conversion used in structure errors.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/finding.hpp"

namespace dxs::fhir {

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points)
};

// Line and column of a byte offset (offsets past the end are clamped; a BOM is no character).
TextPosition position_at(std::string_view text, std::size_t offset) noexcept;

// Length of a leading UTF-8 byte order mark (0 or 3).
std::size_t utf8_bom_length(std::string_view text) noexcept;

// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values above
// U+10FFFF included), nullopt when the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

// A fhir-structure InputError at `offset` of `text`, with line/column filled in and
// "line L, column C" as location.
InputError structure_error_at(std::string_view text, std::size_t offset, std::string message,
                              Severity severity = Severity::fatal);

// Size, NUL and UTF-8 checks; nullopt when the text may be parsed.
std::optional<InputError> check_input_text(std::string_view text, std::size_t max_bytes);

}  // namespace dxs::fhir
