#include "adapters/fhir/input_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace dxs::fhir {

TextPosition position_at(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  TextPosition position;
  for (std::size_t i = utf8_bom_length(text); i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((byte & 0xC0U) != 0x80U) {  // count lead bytes only
      ++position.column;
    }
  }
  return position;
}

std::size_t utf8_bom_length(std::string_view text) noexcept {
  return text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII runs eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07U;
    } else {
      return i;
    }
    if (i + length > size) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = bytes[i + k];
      if ((next & 0xC0U) != 0x80U) return i;
      code = (code << 6U) | (next & 0x3FU);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF) return i;
    i += length;
  }
  return std::nullopt;
}

InputError structure_error_at(std::string_view text, std::size_t offset, std::string message,
                              Severity severity) {
  const TextPosition position = position_at(text, offset);
  InputError error;
  error.rule = "fhir-structure";
  error.severity = severity;
  error.line = position.line;
  error.column = position.column;
  error.location = "line " + std::to_string(position.line) + ", column " +
                   std::to_string(position.column);
  error.message = std::move(message);
  return error;
}

std::optional<InputError> check_input_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return structure_error_at(text, max_bytes,
                              "input of " + std::to_string(text.size()) +
                                  " bytes exceeds the limit of " + std::to_string(max_bytes) +
                                  " bytes");
  }
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return structure_error_at(text, nul, "NUL byte in the input");
  }
  if (const auto bad = first_invalid_utf8(text)) {
    return structure_error_at(text, *bad, "invalid UTF-8 byte sequence");
  }
  const std::size_t bom = utf8_bom_length(text);
  if (text.find_first_not_of(" \t\r\n", bom) == std::string_view::npos) {
    return structure_error_at(text, text.size(), "empty input");
  }
  return std::nullopt;
}

}  // namespace dxs::fhir
