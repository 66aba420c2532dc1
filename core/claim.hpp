#pragma once
// The common claim model every adapter produces and the screener consumes. Adapters describe
// what the input says (codes as written, roles, sequences, pointers, documented sites, where
// each thing was in the input); the screener alone decides what is wrong with it.
#include <optional>
#include <string>
#include <vector>

#include "date.hpp"
#include "finding.hpp"
#include "icd10cm_code.hpp"

namespace dxs {

enum class ClaimKind { professional, institutional, dental, unknown };
enum class InputFormat { x12_837p, x12_837i, x12_837d, fhir_json, fhir_xml };
const char* to_string(ClaimKind kind) noexcept;
const char* to_string(InputFormat format) noexcept;  // "x12-837P", ..., "fhir-json", "fhir-xml"

enum class DiagnosisRole { principal, admitting, reason_for_visit, external_cause, other };
const char* to_string(DiagnosisRole role) noexcept;

// How the code's system was declared in the input.
enum class CodeSystem {
  icd10cm,     // X12 ABK/ABF/ABJ/APR/ABN, FHIR http://hl7.org/fhir/sid/icd-10-cm
  icd9cm,      // X12 BK/BF/BJ/PR/BN, FHIR icd-9-cm URIs
  icd10_who,   // FHIR http://hl7.org/fhir/sid/icd-10 (WHO)
  missing,     // FHIR coding without a system
  other,       // any other system (SNOMED only, local codes, ...)
};

enum class Laterality { unknown, right, left, bilateral };
const char* to_string(Laterality side) noexcept;

// A body site documented for a diagnosis (FHIR Condition.bodySite), already mapped to the
// canonical site keys of mappings/body-sites (e.g. "shoulder", "upper_arm", "knee").
struct BodySite {
  std::string site;            // canonical key; empty if the text/code could not be mapped
  Laterality side = Laterality::unknown;
  std::string source;          // "snomed:91775009" or "text:right shoulder" (no PHI)
  std::string location;        // FHIRPath of the bodySite element
};

struct Diagnosis {
  std::string code_text;            // exactly as received (trimmed), "" when none
  std::optional<Icd10Code> code;    // parsed shape, if code-shaped
  CodeSpelling spelling;
  CodeSystem system = CodeSystem::icd10cm;
  std::string qualifier;            // X12 HIxx-1 (ABK, BF, ...) or FHIR system URI
  DiagnosisRole role = DiagnosisRole::other;
  int sequence = 0;                 // X12: 1-based position among diagnosis composites; FHIR: diagnosis.sequence
  char poa = 0;                     // present-on-admission Y/N/U/W/1, 0 when absent
  std::string location;             // FHIRPath / X12 "2300 HI01-2" of the code element
  std::vector<BodySite> body_sites; // FHIR only
  bool reference_unresolved = false;  // FHIR diagnosisReference that resolved to nothing
  bool not_screenable = false;        // resolved Condition without any ICD-10-CM coding
  std::string reference;              // the diagnosisReference text when one was used (no PHI in logs)
  std::string verification_status;    // Condition.verificationStatus code if any
};

struct ServiceLine {
  int sequence = 0;                // LX01 / item.sequence
  std::string procedure;           // "HC:99213" or CPT/HCPCS code
  Date service_from;               // DTP*472 / item.servicedDate / servicedPeriod.start
  Date service_to;
  std::vector<int> pointers;       // SV1-07 / SV3-11 / item.diagnosisSequence (as received)
  std::string location;            // "2400 SV1-07" / "Claim.item[0].diagnosisSequence"
};

struct Claim {
  std::string id;                  // CLM01 / Claim.id (first identifier.value when no id)
  ClaimKind kind = ClaimKind::unknown;
  InputFormat format = InputFormat::x12_837p;
  Date service_from;               // claim-level DTP*472 / billablePeriod.start
  Date service_to;
  Date statement_from;             // 837I DTP*434
  Date statement_to;
  Date discharge;                  // 837I DTP*096 / FHIR discharge supportingInfo
  std::vector<Diagnosis> diagnoses;  // in input order
  std::vector<ServiceLine> lines;
  std::string location;            // "ST 0001 / 2300 CLM" or "Bundle.entry[2].resource"
  // Findings only an adapter can know (e.g. a refuted Condition); the screener adds its own.
  std::vector<Finding> adapter_findings;

  // The date that selects the code set: institutional = discharge, else statement-through;
  // otherwise the earliest line date of service, else the claim service date. Unknown if none.
  [[nodiscard]] Date screening_date() const;
};

}  // namespace dxs
