#include "adapters/fhir/conditions.hpp"

#include "adapters/fhir/body_sites.hpp"
#include "adapters/fhir/codings.hpp"

namespace dxs::fhir {
namespace {

void set_code(Diagnosis& diagnosis, std::string_view raw_code, CodeSystem system,
              std::string_view qualifier) {
  diagnosis.code_text = std::string(trim(raw_code));
  diagnosis.system = system;
  diagnosis.qualifier = std::string(qualifier);
  diagnosis.spelling = CodeSpelling{};
  diagnosis.code.reset();
  if (system != CodeSystem::other) diagnosis.code = Icd10Code::parse(raw_code, &diagnosis.spelling);
  diagnosis.not_screenable = system == CodeSystem::other;
}

std::string join_path(std::string_view base, std::string_view relative) {
  std::string path(base);
  if (!relative.empty()) {
    path += '.';
    path += relative;
  }
  return path;
}

}  // namespace

ConditionFacts condition_facts(const Tree& tree, NodeId condition, const BodySiteMap* map) {
  ConditionFacts facts;
  const NodeId code = tree.child(condition, "code");
  if (code != no_node) {
    const CodingChoice choice = choose_coding(tree, code);
    if (choice.coding != no_node) {
      facts.has_code = true;
      facts.code_text = std::string(choice.code);
      facts.system = choice.system;
      facts.qualifier = std::string(choice.system_text);
      facts.code_path = "code.coding[" + std::to_string(choice.index) + "].code";
    } else {
      facts.code_path = "code";
    }
  }
  facts.body_sites = documented_body_sites(tree, condition, map);
  const NodeId verification = tree.child(condition, "verificationStatus");
  const NodeId coding = tree.child(verification, "coding");
  facts.verification_status = std::string(trim(tree.value(coding, "code")));
  return facts;
}

void apply_condition(Diagnosis& diagnosis, const ConditionFacts& facts,
                     std::string_view condition_path) {
  if (facts.has_code) {
    set_code(diagnosis, facts.code_text, facts.system, facts.qualifier);
  } else {
    diagnosis.code_text.clear();
    diagnosis.code.reset();
    diagnosis.system = CodeSystem::missing;
    diagnosis.qualifier.clear();
    diagnosis.not_screenable = true;
  }
  diagnosis.location = join_path(condition_path, facts.code_path);
  diagnosis.body_sites = facts.body_sites;
  for (BodySite& site : diagnosis.body_sites) site.location = join_path(condition_path, site.location);
  diagnosis.verification_status = facts.verification_status;
  diagnosis.reference_unresolved = false;
}

void apply_codeable_concept(Diagnosis& diagnosis, const Tree& tree, NodeId codeable_concept,
                            const std::string& concept_path) {
  const CodingChoice choice = choose_coding(tree, codeable_concept);
  if (choice.coding == no_node) {
    diagnosis.code_text.clear();
    diagnosis.code.reset();
    diagnosis.system = CodeSystem::missing;
    diagnosis.qualifier.clear();
    diagnosis.not_screenable = true;
    diagnosis.location = concept_path;
    return;
  }
  set_code(diagnosis, choice.code, choice.system, choice.system_text);
  diagnosis.location = concept_path + ".coding[" + std::to_string(choice.index) + "].code";
}

}  // namespace dxs::fhir
