#include "core/claim.hpp"

namespace dxs {

const char* to_string(ClaimKind kind) noexcept {
  switch (kind) {
    case ClaimKind::professional: return "professional";
    case ClaimKind::institutional: return "institutional";
    case ClaimKind::dental: return "dental";
    case ClaimKind::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(InputFormat format) noexcept {
  switch (format) {
    case InputFormat::x12_837p: return "x12-837P";
    case InputFormat::x12_837i: return "x12-837I";
    case InputFormat::x12_837d: return "x12-837D";
    case InputFormat::fhir_json: return "fhir-json";
    case InputFormat::fhir_xml: return "fhir-xml";
  }
  return "x12-837P";
}

const char* to_string(DiagnosisRole role) noexcept {
  switch (role) {
    case DiagnosisRole::principal: return "principal";
    case DiagnosisRole::admitting: return "admitting";
    case DiagnosisRole::reason_for_visit: return "reason-for-visit";
    case DiagnosisRole::external_cause: return "external-cause";
    case DiagnosisRole::other: return "other";
  }
  return "other";
}

const char* to_string(Laterality side) noexcept {
  switch (side) {
    case Laterality::unknown: return "unknown";
    case Laterality::right: return "right";
    case Laterality::left: return "left";
    case Laterality::bilateral: return "bilateral";
  }
  return "unknown";
}

Date Claim::screening_date() const {
  if (kind == ClaimKind::institutional) {
    if (discharge.known()) return discharge;
    if (statement_to.known()) return statement_to;
  }
  Date earliest;
  for (const ServiceLine& line : lines) {
    if (line.service_from.known() && (!earliest.known() || line.service_from < earliest)) {
      earliest = line.service_from;
    }
  }
  if (earliest.known()) return earliest;
  if (service_from.known()) return service_from;
  if (service_to.known()) return service_to;
  if (statement_to.known()) return statement_to;
  if (statement_from.known()) return statement_from;
  return discharge;
}

}  // namespace dxs
