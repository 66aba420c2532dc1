#pragma once
// OperationOutcome writer (JSON and XML from one element model, elements in FHIR order so the
// XML is schema-valid). Deterministic: no ids, timestamps or map ordering in the output.
#include <string>
#include <string_view>
#include <vector>

#include "adapters/fhir/fhir.hpp"
#include "core/claim.hpp"
#include "core/finding.hpp"

namespace dxs::fhir {

inline constexpr std::string_view kRuleSystem = "https://dxscreen.dev/fhir/CodeSystem/dxscreen-rule";
inline constexpr std::string_view kX12CategorySystem = "https://x12.org/codes/claim-status-category-codes";
inline constexpr std::string_view kX12StatusSystem = "https://x12.org/codes/claim-status-codes";
inline constexpr std::string_view kRulePackExtension =
    "https://dxscreen.dev/fhir/StructureDefinition/rulepack-version";
inline constexpr std::string_view kCodeSetExtension =
    "https://dxscreen.dev/fhir/StructureDefinition/code-set";
inline constexpr std::string_view kScreenedResourceExtension =
    "https://dxscreen.dev/fhir/StructureDefinition/screened-resource";
inline constexpr std::string_view kClaimIdExtension =
    "https://dxscreen.dev/fhir/StructureDefinition/claim-id";
inline constexpr std::string_view kIssueLineExtension =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
inline constexpr std::string_view kIssueColumnExtension =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";

// IssueType code for a rule id (fhir.md 4.2; the choices are listed in README.md).
std::string_view issue_type_for(std::string_view rule, Severity severity) noexcept;

// X12 claim status category and status codes of a rejecting finding (responses.md section 5);
// empty for warnings and information. `principal` selects 254 instead of 255.
struct X12Equivalent {
  std::string_view category;
  std::vector<std::string_view> statuses;
};
X12Equivalent x12_equivalent(std::string_view rule, Severity severity, bool principal);

// Everything one OperationOutcome needs about one screened claim.
struct ClaimOutcome {
  const Claim* claim = nullptr;
  const ClaimResult* result = nullptr;
  const std::vector<InputError>* errors = nullptr;            // claim-level structure problems
  const std::vector<std::string>* reference_notes = nullptr;  // per diagnosis, may be nullptr
};

// One OperationOutcome per claim, or (several claims, options.response_bundle) a Bundle of
// type collection with one OperationOutcome entry per claim; with response_bundle false, one
// OperationOutcome holding every claim's issues.
// `single_line`: compact JSON on one line (NDJSON responses); XML ignores it.
std::string write_claim_outcomes(const std::vector<ClaimOutcome>& claims, const Options& options,
                                 bool several_as_bundle, bool single_line = false);

// One OperationOutcome with a fatal/error structure issue per error.
std::string write_structure_outcome(const std::vector<InputError>& errors, const Options& options,
                                    bool single_line = false);

}  // namespace dxs::fhir
