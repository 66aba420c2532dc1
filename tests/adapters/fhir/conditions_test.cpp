#include "adapters/fhir/conditions.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/fhir/document.hpp"
#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

ConditionFacts facts_of(std::string_view text) {
  Document document;
  const auto error = parse_json(text, Limits{}, document);
  EXPECT_FALSE(error.has_value());
  return condition_facts(document.tree, document.tree.root(), &test::project_body_sites());
}

TEST(Conditions, UsCoreEncounterDiagnosisCarriesIcd10CmBesideSnomed) {
  const auto path = test::corpus_dir() / "us-core" / "condition-encounter-diagnosis-example2.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared corpus not present";
  const ConditionFacts facts = facts_of(test::read_file(path));
  EXPECT_TRUE(facts.has_code);
  EXPECT_EQ(facts.code_text, "Z38.00");
  EXPECT_EQ(facts.system, CodeSystem::icd10cm);
  EXPECT_EQ(facts.code_path, "code.coding[1].code");  // SNOMED is coding[0]
}

TEST(Conditions, SnomedOnlyConditionIsNotScreenable) {
  const ConditionFacts facts = facts_of(R"({"resourceType":"Condition","code":{"coding":[
      {"system":"http://snomed.info/sct","code":"39065001"}]},
      "verificationStatus":{"coding":[{"code":"refuted"}]}})");
  EXPECT_EQ(facts.system, CodeSystem::other);
  EXPECT_EQ(facts.verification_status, "refuted");
  Diagnosis diagnosis;
  diagnosis.reference_unresolved = true;
  apply_condition(diagnosis, facts, "Bundle.entry[2].resource");
  EXPECT_TRUE(diagnosis.not_screenable);
  EXPECT_FALSE(diagnosis.reference_unresolved);
  EXPECT_FALSE(diagnosis.code.has_value());
  EXPECT_EQ(diagnosis.code_text, "39065001");
  EXPECT_EQ(diagnosis.qualifier, "http://snomed.info/sct");
  EXPECT_EQ(diagnosis.location, "Bundle.entry[2].resource.code.coding[0].code");
  EXPECT_EQ(diagnosis.verification_status, "refuted");
}

TEST(Conditions, AppliedConditionPrefixesEveryPath) {
  const ConditionFacts facts = facts_of(R"({"resourceType":"Condition","code":{"coding":[
      {"system":"http://hl7.org/fhir/sid/icd-10-cm","code":" m62.411 "}]},
      "bodySite":[{"text":"right shoulder"}]})");
  Diagnosis diagnosis;
  apply_condition(diagnosis, facts, "Claim.contained[0]");
  EXPECT_EQ(diagnosis.code_text, "m62.411");
  ASSERT_TRUE(diagnosis.code.has_value());
  EXPECT_EQ(diagnosis.code->dotted(), "M62.411");
  EXPECT_TRUE(diagnosis.spelling.had_lowercase);
  EXPECT_TRUE(diagnosis.spelling.had_spaces);
  EXPECT_EQ(diagnosis.system, CodeSystem::icd10cm);
  EXPECT_EQ(diagnosis.location, "Claim.contained[0].code.coding[0].code");
  ASSERT_EQ(diagnosis.body_sites.size(), 1U);
  EXPECT_EQ(diagnosis.body_sites[0].location, "Claim.contained[0].bodySite[0]");
  EXPECT_EQ(diagnosis.body_sites[0].site, "shoulder");
}

TEST(Conditions, ConditionWithoutCodeIsMissingAndNotScreenable) {
  const ConditionFacts facts = facts_of(R"({"resourceType":"Condition","code":{"text":"Asthma"}})");
  EXPECT_FALSE(facts.has_code);
  Diagnosis diagnosis;
  apply_condition(diagnosis, facts, "Condition");
  EXPECT_EQ(diagnosis.system, CodeSystem::missing);
  EXPECT_TRUE(diagnosis.not_screenable);
  EXPECT_EQ(diagnosis.location, "Condition.code");
}

}  // namespace
}  // namespace dxs::fhir
