// Format detection from the first bytes of an input.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

constexpr std::size_t kScanLimit = 64 * 1024;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool looks_utf16(std::string_view head) {
  if (head.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(head[0]);
    const auto b1 = static_cast<unsigned char>(head[1]);
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) return true;
  }
  // ASCII text in UTF-16: every other byte is NUL.
  const std::size_t n = std::min<std::size_t>(head.size(), 64);
  if (n < 4) return false;
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (head[i] != '\0') continue;
    if (i % 2 == 0) ++even_nul; else ++odd_nul;
  }
  const std::size_t half = n / 2;
  return even_nul * 4 >= half * 3 || odd_nul * 4 >= half * 3;
}

// The first code units of UTF-16 text, narrowed: ASCII stays, anything else becomes '?'. The
// byte order comes from the BOM, else from where the NUL bytes of ASCII text fall.
constexpr std::size_t kNarrowUnits = 4096;
std::string_view narrow_utf16_head(std::string_view head, char (&text)[kNarrowUnits]) noexcept {
  bool big_endian = false;
  std::size_t at = 0;
  const auto b0 = static_cast<unsigned char>(head[0]);
  const auto b1 = static_cast<unsigned char>(head[1]);
  if (b0 == 0xFE && b1 == 0xFF) {
    big_endian = true;
    at = 2;
  } else if (b0 == 0xFF && b1 == 0xFE) {
    at = 2;
  } else {
    std::size_t even_nul = 0;
    std::size_t odd_nul = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(head.size(), 64); ++i) {
      if (head[i] != '\0') continue;
      if (i % 2 == 0) ++even_nul; else ++odd_nul;
    }
    big_endian = even_nul > odd_nul;
  }
  std::size_t size = 0;
  for (; at + 1 < head.size() && size < kNarrowUnits; at += 2) {
    const auto high = static_cast<unsigned char>(head[big_endian ? at : at + 1]);
    const auto low = static_cast<unsigned char>(head[big_endian ? at + 1 : at]);
    text[size++] = (high == 0 && low < 0x80 && low != 0) ? static_cast<char>(low) : '?';
  }
  return {text, size};
}

// After the first top-level JSON value closes on its first line, another '{' on a later line
// means NDJSON. A value that spans lines is one (pretty-printed) document.
InputKind json_kind(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i < n; ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      else if (c == '\n') return InputKind::fhir_json;  // broken string: let the parser say so
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth == 0) { ++i; break; }
    } else if (c == '\n') {
      return InputKind::fhir_json;
    }
  }
  if (depth != 0) return InputKind::fhir_json;
  bool newline = false;
  for (; i < n; ++i) {
    const char c = text[i];
    if (c == '\n') newline = true;
    else if (!is_blank(c)) return newline && c == '{' ? InputKind::fhir_ndjson : InputKind::fhir_json;
  }
  return InputKind::fhir_json;
}

// Some senders put a text banner before the interchange; the X12 reader skips up to 64 KiB of
// it, so an "ISA" followed by a separator within that window also means X12.
bool has_isa_within_scan(std::string_view text) {
  const std::string_view window = text.substr(0, std::min(text.size(), kScanLimit));
  for (std::size_t at = window.find("ISA"); at != std::string_view::npos; at = window.find("ISA", at + 1)) {
    const bool line_start = at == 0 || window[at - 1] == '\n' || window[at - 1] == '\r';
    if (!line_start || at + 3 >= window.size()) continue;
    const auto separator = static_cast<unsigned char>(window[at + 3]);
    if (separator > 0x20 && separator < 0x7F && std::isalnum(separator) == 0) return true;
  }
  return false;
}

}  // namespace

const char* to_string(InputKind kind) noexcept {
  switch (kind) {
    case InputKind::x12: return "x12";
    case InputKind::fhir_json: return "fhir-json";
    case InputKind::fhir_ndjson: return "fhir-ndjson";
    case InputKind::fhir_xml: return "fhir-xml";
    case InputKind::unknown: break;
  }
  return "unknown";
}

bool parse_input_kind(std::string_view text, InputKind* out) noexcept {
  for (InputKind k : {InputKind::x12, InputKind::fhir_json, InputKind::fhir_ndjson,
                      InputKind::fhir_xml, InputKind::unknown}) {
    if (text == to_string(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

Detection detect_format(std::string_view head) noexcept {
  Detection d;
  if (head.empty()) {
    d.reason = "empty input";
    return d;
  }
  if (looks_utf16(head)) {
    // FHIR text in UTF-16 is named as FHIR (the pipeline refuses it with a FHIR answer);
    // everything else goes to the X12 path, which decodes UTF-16 interchanges.
    char narrowed[kNarrowUnits];
    const Detection inner = detect_format(narrow_utf16_head(head, narrowed));
    d.kind = inner.kind == InputKind::fhir_json || inner.kind == InputKind::fhir_ndjson ||
                     inner.kind == InputKind::fhir_xml
                 ? inner.kind
                 : InputKind::x12;
    d.utf16 = true;
    return d;
  }
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") d.bom_bytes = 3;
  std::size_t i = d.bom_bytes;
  while (i < head.size() && i < kScanLimit && is_blank(head[i])) ++i;
  const std::string_view rest = head.substr(std::min(i, head.size()));
  if (rest.empty()) {
    d.reason = "input holds only blanks";
    return d;
  }
  if (rest.size() >= 3 && (rest[0] == 'I' || rest[0] == 'i') && (rest[1] == 'S' || rest[1] == 's') &&
      (rest[2] == 'A' || rest[2] == 'a')) {
    d.kind = InputKind::x12;
  } else if (rest[0] == '{' || rest[0] == '[') {
    d.kind = json_kind(rest);
  } else if (rest[0] == '<') {
    d.kind = InputKind::fhir_xml;
  } else if (has_isa_within_scan(rest)) {
    d.kind = InputKind::x12;
  } else {
    char buf[96];
    const auto byte = static_cast<unsigned char>(rest[0]);
    std::snprintf(buf, sizeof buf,
                  "not X12 (no ISA) and not FHIR JSON or XML: first byte 0x%02X at offset %zu",
                  static_cast<unsigned>(byte), i);
    d.reason = buf;
  }
  return d;
}

}  // namespace dxs::pipeline
