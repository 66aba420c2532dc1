#include "core/icd10cm_code.hpp"

namespace dxs {
namespace {

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::optional<Icd10Code> Icd10Code::parse(std::string_view text, CodeSpelling* spelling) {
  CodeSpelling seen;
  while (!text.empty() && is_blank(text.front())) { text.remove_prefix(1); seen.had_spaces = true; }
  while (!text.empty() && is_blank(text.back())) { text.remove_suffix(1); seen.had_spaces = true; }

  Icd10Code code;
  std::size_t len = 0;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
      if (len != 3) seen.dot_misplaced = true;
      continue;
    }
    if (is_lower(c)) {
      seen.had_lowercase = true;
      c = static_cast<char>(c - 'a' + 'A');
    } else if (!is_upper(c) && !is_digit(c)) {
      return std::nullopt;
    }
    if (len == 7) return std::nullopt;
    code.chars_[len++] = c;
  }
  if (dots > 1) return std::nullopt;
  if (len < 3) return std::nullopt;
  // Second character: a digit, or 'A' (chapter 17 QA0-/QA1-, FY2026 on).
  if (!is_upper(code.chars_[0]) || !(is_digit(code.chars_[1]) || code.chars_[1] == 'A')) return std::nullopt;
  if (dots == 1 && len == 3 && text.back() == '.') seen.dot_misplaced = true;  // "M62."
  seen.had_dot = dots == 1;
  code.len_ = static_cast<std::uint8_t>(len);
  if (spelling != nullptr) *spelling = seen;
  return code;
}

std::string Icd10Code::dotted() const { return dot_code(undotted()); }

std::string dot_code(std::string_view undotted) {
  if (undotted.size() <= 3) return std::string(undotted);
  std::string out;
  out.reserve(undotted.size() + 1);
  out.append(undotted.substr(0, 3));
  out.push_back('.');
  out.append(undotted.substr(3));
  return out;
}

}  // namespace dxs
