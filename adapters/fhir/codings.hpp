#pragma once
// Reading codes out of CodeableConcepts: which coding carries the diagnosis (by system, never
// by position), diagnosis roles, claim kinds.
#include <cstddef>
#include <optional>
#include <string_view>

#include "adapters/fhir/tree.hpp"
#include "core/claim.hpp"

namespace dxs::fhir {

namespace system_uri {
inline constexpr std::string_view icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view icd10_who = "http://hl7.org/fhir/sid/icd-10";
inline constexpr std::string_view icd9cm = "http://hl7.org/fhir/sid/icd-9-cm";
inline constexpr std::string_view icd9cm_tho = "http://terminology.hl7.org/CodeSystem/icd9cm";
inline constexpr std::string_view snomed = "http://snomed.info/sct";
}  // namespace system_uri

// The system a coding declares; "" = missing. Case-sensitive, as FHIR URIs are.
CodeSystem classify_system(std::string_view uri) noexcept;

struct CodingChoice {
  NodeId coding = no_node;     // no_node when the concept has no coding with a code
  std::size_t index = 0;       // position among the concept's codings (FHIRPath index)
  CodeSystem system = CodeSystem::missing;
  std::string_view system_text;
  std::string_view code;
};

// Preference: ICD-10-CM, then WHO ICD-10, then ICD-9-CM, then a coding without system, then
// anything else; the first coding wins within a rank. Codings without a code are ignored.
CodingChoice choose_coding(const Tree& tree, NodeId codeable_concept);

// The strongest role among the diagnosis.type codes (ex-diagnosistype, CARIN BB, PAS):
// principal > admitting > patient reason for visit > external cause > other.
DiagnosisRole diagnosis_role(const Tree& tree, NodeId diagnosis);

// Claim.type codes of http://terminology.hl7.org/CodeSystem/claim-type: professional,
// institutional, oral -> dental, vision -> professional (billed on the professional form);
// pharmacy and anything else -> unknown.
ClaimKind claim_kind(const Tree& tree, NodeId claim);

// Present-on-admission letter from diagnosis.onAdmission (y/n/u/w/1), 0 when absent.
char present_on_admission(const Tree& tree, NodeId diagnosis);

// A positiveInt / unsignedInt as written ("3"); nullopt when it is not a plain number.
std::optional<int> parse_positive_int(std::string_view text) noexcept;

// Whitespace trimmed at both ends.
std::string_view trim(std::string_view text) noexcept;

}  // namespace dxs::fhir
