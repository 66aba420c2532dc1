#pragma once
// Findings carry the stable rule ids of DESIGN.md. Every writer (JSON, text, OperationOutcome,
// 277CA) renders the same findings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dxs {

enum class Severity { fatal, error, warning, information };
const char* to_string(Severity severity) noexcept;  // "fatal", "error", "warning", "information"
bool parse_severity(std::string_view text, Severity* out) noexcept;

namespace rule {
inline constexpr std::string_view code_unknown = "code-unknown";
inline constexpr std::string_view code_not_billable = "code-not-billable";
inline constexpr std::string_view code_format = "code-format";
inline constexpr std::string_view excludes1 = "excludes1";
inline constexpr std::string_view unspecified_with_specified = "unspecified-with-specified";
inline constexpr std::string_view multiple_sites_with_specific = "multiple-sites-with-specific";
inline constexpr std::string_view site_specificity = "site-specificity";
inline constexpr std::string_view laterality_mismatch = "laterality-mismatch";
inline constexpr std::string_view manifestation_principal = "manifestation-principal";
inline constexpr std::string_view code_first_sequence = "code-first-sequence";
inline constexpr std::string_view duplicate_code = "duplicate-code";
inline constexpr std::string_view pointer_invalid = "pointer-invalid";
inline constexpr std::string_view reference_unresolved = "reference-unresolved";
inline constexpr std::string_view code_set_stale = "code-set-stale";
// information-level extras
inline constexpr std::string_view not_screenable = "not-screenable";
// error: the claim's code set could not be loaded (deferred load failed); not configurable
inline constexpr std::string_view code_set_unavailable = "code-set-unavailable";
}  // namespace rule

// All stable rule ids in DESIGN.md order (used for ordering and validation of rule packs).
const std::vector<std::string_view>& all_rule_ids();
// DESIGN.md default severity of a rule id (error for unknown ids).
Severity default_severity(std::string_view rule_id) noexcept;
// Convention rules (unspecified-with-specified, multiple-sites-with-specific, site-specificity):
// the ones ScreenOptions::strict escalates from warning to error.
bool is_convention_rule(std::string_view rule_id) noexcept;
// Position of a rule id in all_rule_ids() (its size for ids not listed there).
int rule_rank(std::string_view rule_id) noexcept;

struct Finding {
  std::string rule;                     // stable rule id
  Severity severity = Severity::error;
  std::vector<std::string> codes;       // dotted, sorted, unique
  std::string location;                 // FHIRPath or X12 loop/segment/element
  std::string message;                  // human text, names codes but no patient data
  std::vector<std::string> suggestions; // "M62.411 Contracture of muscle, right shoulder"
  std::vector<int> diagnosis_indexes;   // indexes into Claim::diagnoses, in claim order
  int line_index = -1;                  // index into Claim::lines for line-level findings
  std::string basis;                    // tabular note / guideline section the rule rests on
};

struct ClaimResult {
  std::string claim_id;
  std::string format;    // to_string(InputFormat)
  std::string code_set;  // "icd10cm-2026"
  bool rejected = false; // any finding with severity error or fatal
  std::vector<Finding> findings;
};

}  // namespace dxs

namespace dxs {

// A syntax or structure problem with the input itself (not a rule finding). Listed under
// "errors" in the JSON report; X12 also answers it with a 999/TA1, FHIR with a fatal issue.
struct InputError {
  std::string rule;      // "x12-syntax" | "fhir-structure"
  Severity severity = Severity::fatal;  // fatal (input unusable) | error (part rejected)
  std::string location;  // X12 "ST 0001 / 2300 HI" or FHIRPath, or "line 3, column 14"
  std::string message;   // no payload fragments
  std::size_t line = 0, column = 0;
};

}  // namespace dxs
