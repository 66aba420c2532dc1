#include "core/finding.hpp"

namespace dxs {

const char* to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::fatal: return "fatal";
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::information: return "information";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity* out) noexcept {
  Severity value;
  if (text == "fatal") value = Severity::fatal;
  else if (text == "error") value = Severity::error;
  else if (text == "warning") value = Severity::warning;
  else if (text == "information") value = Severity::information;
  else return false;
  if (out != nullptr) *out = value;
  return true;
}

const std::vector<std::string_view>& all_rule_ids() {
  static const std::vector<std::string_view> ids = {
      rule::code_unknown,          rule::code_not_billable,
      rule::code_format,           rule::excludes1,
      rule::unspecified_with_specified, rule::multiple_sites_with_specific,
      rule::site_specificity,      rule::laterality_mismatch,
      rule::manifestation_principal, rule::code_first_sequence,
      rule::duplicate_code,        rule::pointer_invalid,
      rule::reference_unresolved,  rule::code_set_stale,
      rule::not_screenable,
  };
  return ids;
}

Severity default_severity(std::string_view rule_id) noexcept {
  if (rule_id == rule::code_format || rule_id == rule::unspecified_with_specified ||
      rule_id == rule::multiple_sites_with_specific || rule_id == rule::site_specificity ||
      rule_id == rule::code_first_sequence || rule_id == rule::duplicate_code ||
      rule_id == rule::code_set_stale) {
    return Severity::warning;
  }
  if (rule_id == rule::not_screenable) return Severity::information;
  return Severity::error;
}

bool is_convention_rule(std::string_view rule_id) noexcept {
  return rule_id == rule::unspecified_with_specified ||
         rule_id == rule::multiple_sites_with_specific || rule_id == rule::site_specificity;
}

int rule_rank(std::string_view rule_id) noexcept {
  const auto& ids = all_rule_ids();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == rule_id) return static_cast<int>(i);
  }
  return static_cast<int>(ids.size());
}

}  // namespace dxs
