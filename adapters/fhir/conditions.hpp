#pragma once
// What a referenced Condition contributes to a claim diagnosis, independent of where the
// Condition sits (contained, Bundle entry, NDJSON line), so every path maps it the same way.
#include <string>
#include <string_view>
#include <vector>

#include "adapters/fhir/tree.hpp"
#include "core/body_site.hpp"
#include "core/claim.hpp"

namespace dxs::fhir {

struct ConditionFacts {
  std::string code_text;                // chosen coding's code as written; "" when none
  CodeSystem system = CodeSystem::missing;
  std::string qualifier;                // the coding's system URI
  bool has_code = false;                // some coding with a code exists
  std::string code_path;                // relative to the Condition: "code.coding[1].code" | "code" | ""
  std::vector<BodySite> body_sites;     // locations relative to the Condition
  std::string verification_status;      // first verificationStatus coding code
};

ConditionFacts condition_facts(const Tree& tree, NodeId condition, const BodySiteMap* map);

// Fills the diagnosis from the facts; `condition_path` is the FHIRPath of the Condition
// ("Bundle.entry[3].resource", "Claim.contained[0]", "Condition").
void apply_condition(Diagnosis& diagnosis, const ConditionFacts& facts,
                     std::string_view condition_path);

// Fills code_text/code/spelling/system/qualifier/location/not_screenable from a
// CodeableConcept at `concept_path`.
void apply_codeable_concept(Diagnosis& diagnosis, const Tree& tree, NodeId codeable_concept,
                            const std::string& concept_path);

}  // namespace dxs::fhir
