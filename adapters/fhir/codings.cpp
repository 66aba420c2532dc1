#include "adapters/fhir/codings.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace dxs::fhir {

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

CodeSystem classify_system(std::string_view uri) noexcept {
  if (uri.empty()) return CodeSystem::missing;
  if (uri == system_uri::icd10cm || uri == "urn:oid:2.16.840.1.113883.6.90") {
    return CodeSystem::icd10cm;
  }
  if (uri == system_uri::icd10_who || uri == "urn:oid:2.16.840.1.113883.6.3") {
    return CodeSystem::icd10_who;
  }
  if (uri == system_uri::icd9cm || uri == system_uri::icd9cm_tho ||
      uri == "urn:oid:2.16.840.1.113883.6.103") {
    return CodeSystem::icd9cm;
  }
  return CodeSystem::other;
}

namespace {
int rank(CodeSystem system) noexcept {
  switch (system) {
    case CodeSystem::icd10cm: return 0;
    case CodeSystem::icd10_who: return 1;
    case CodeSystem::icd9cm: return 2;
    case CodeSystem::missing: return 3;
    case CodeSystem::other: return 4;
  }
  return 5;
}

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Calls f(code) for every coding code of every CodeableConcept `name` under `parent`.
template <typename F>
void for_each_code(const Tree& tree, NodeId parent, std::string_view name, F f) {
  for (const NodeId concept_node : tree.named(parent, name)) {
    for (const NodeId coding : tree.named(concept_node, "coding")) {
      f(trim(tree.value(coding, "code")));
    }
  }
}
}  // namespace

CodingChoice choose_coding(const Tree& tree, NodeId codeable_concept) {
  CodingChoice best;
  int best_rank = 99;
  std::size_t index = 0;
  for (const NodeId coding : tree.named(codeable_concept, "coding")) {
    const std::string_view code = tree.value(coding, "code");
    const std::string_view system = tree.value(coding, "system");
    if (!trim(code).empty()) {
      const CodeSystem kind = classify_system(system);
      if (rank(kind) < best_rank) {
        best_rank = rank(kind);
        best.coding = coding;
        best.index = index;
        best.system = kind;
        best.system_text = system;
        best.code = code;
      }
    }
    ++index;
  }
  return best;
}

DiagnosisRole diagnosis_role(const Tree& tree, NodeId diagnosis) {
  DiagnosisRole role = DiagnosisRole::other;
  auto strength = [](DiagnosisRole r) {
    switch (r) {
      case DiagnosisRole::principal: return 4;
      case DiagnosisRole::admitting: return 3;
      case DiagnosisRole::reason_for_visit: return 2;
      case DiagnosisRole::external_cause: return 1;
      case DiagnosisRole::other: return 0;
    }
    return 0;
  };
  for_each_code(tree, diagnosis, "type", [&](std::string_view code) {
    DiagnosisRole found = DiagnosisRole::other;
    if (equals_ignore_case(code, "principal")) {
      found = DiagnosisRole::principal;
    } else if (equals_ignore_case(code, "admitting")) {
      found = DiagnosisRole::admitting;
    } else if (equals_ignore_case(code, "patientreasonforvisit") ||
               equals_ignore_case(code, "reasonforvisit")) {
      found = DiagnosisRole::reason_for_visit;
    } else if (equals_ignore_case(code, "externalcauseofinjury") ||
               equals_ignore_case(code, "externalcause")) {
      found = DiagnosisRole::external_cause;
    }
    if (strength(found) > strength(role)) role = found;
  });
  return role;
}

ClaimKind claim_kind(const Tree& tree, NodeId claim) {
  ClaimKind kind = ClaimKind::unknown;
  for_each_code(tree, claim, "type", [&](std::string_view code) {
    if (kind != ClaimKind::unknown) return;
    if (code == "professional" || code == "vision") {
      kind = ClaimKind::professional;
    } else if (code == "institutional") {
      kind = ClaimKind::institutional;
    } else if (code == "oral") {
      kind = ClaimKind::dental;
    }
  });
  return kind;
}

char present_on_admission(const Tree& tree, NodeId diagnosis) {
  char poa = 0;
  for_each_code(tree, diagnosis, "onAdmission", [&](std::string_view code) {
    if (poa != 0 || code.size() != 1) return;
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(code.front())));
    if (c == 'Y' || c == 'N' || c == 'U' || c == 'W' || c == '1') poa = c;
  });
  return poa;
}

std::optional<int> parse_positive_int(std::string_view text) noexcept {
  text = trim(text);
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace dxs::fhir
