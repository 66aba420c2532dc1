#include "adapters/fhir/claim_mapper.hpp"

#include <gtest/gtest.h>

#include "adapters/fhir/document.hpp"
#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

struct Mapped {
  Document document;
  MappedDocument result;
};

std::unique_ptr<Mapped> map_json(const std::string& text, Limits limits = {}) {
  auto mapped = std::make_unique<Mapped>();
  const auto error = parse_json(text, limits, mapped->document);
  EXPECT_FALSE(error.has_value()) << (error ? error->message : "");
  MapSettings settings;
  settings.body_sites = &test::project_body_sites();
  settings.limits = limits;
  mapped->result = map_document(mapped->document.tree, text, settings);
  return mapped;
}

TEST(ClaimMapper, ClaimHeaderFields) {
  const auto m = map_json(R"({"resourceType":"Claim","identifier":[{"system":"s"},{"value":"ID-7"}],
      "type":{"coding":[{"code":"institutional"}]},
      "billablePeriod":{"start":"2026-01-03T10:00:00-05:00","end":"2026-01-09"},
      "supportingInfo":[{"sequence":1,"category":{"coding":[{"code":"hospitalized"}]},"timingPeriod":{"start":"2026-01-03","end":"2026-01-08"}},
                        {"sequence":2,"category":{"coding":[{"code":"discharge"}]},"timingDate":"2026-01-09"}]})");
  ASSERT_EQ(m->result.claims.size(), 1U);
  const Claim& claim = m->result.claims[0].claim;
  EXPECT_EQ(claim.id, "ID-7");  // no Claim.id: first identifier with a value
  EXPECT_EQ(claim.kind, ClaimKind::institutional);
  EXPECT_EQ(claim.format, InputFormat::fhir_json);
  EXPECT_EQ(claim.location, "Claim");
  EXPECT_EQ(claim.service_from.iso(), "2026-01-03");
  EXPECT_EQ(claim.service_to.iso(), "2026-01-09");
  EXPECT_EQ(claim.statement_to.iso(), "2026-01-09");
  EXPECT_EQ(claim.discharge.iso(), "2026-01-09");  // the discharge entry wins over the stay end
}

TEST(ClaimMapper, DischargeFallsBackToTheEndOfTheStay) {
  const auto m = map_json(R"({"resourceType":"Claim","id":"x",
      "supportingInfo":[{"sequence":1,"category":{"coding":[{"code":"discharge"}]},"code":{"coding":[{"code":"01"}]}},
                        {"sequence":2,"category":{"coding":[{"code":"hospitalized"}]},"timingPeriod":{"start":"2015-10-01T00:00:00-07:00","end":"2015-10-05T00:00:00-07:00"}}]})");
  EXPECT_EQ(m->result.claims[0].claim.discharge.iso(), "2015-10-05");
}

TEST(ClaimMapper, DiagnosesCodesRolesPointersAndPaths) {
  const auto m = map_json(R"({"resourceType":"Claim","id":"c",
      "diagnosis":[
        {"sequence":2,"diagnosisCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"1"},{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R53.1"}]},
         "onAdmission":{"coding":[{"code":"n"}]}},
        {"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M62.81"}]}}],
      "item":[{"sequence":1,"diagnosisSequence":[1,2,9],"servicedPeriod":{"start":"2026-02-01","end":"2026-02-03"},
               "productOrService":{"coding":[{"code":"97110"}]}}]})");
  const MappedClaim& mapped = m->result.claims[0];
  const Claim& claim = mapped.claim;
  ASSERT_EQ(claim.diagnoses.size(), 2U);
  EXPECT_EQ(claim.diagnoses[0].code_text, "R53.1");
  EXPECT_EQ(claim.diagnoses[0].location, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[1].code");
  EXPECT_EQ(claim.diagnoses[0].qualifier, "http://hl7.org/fhir/sid/icd-10-cm");
  EXPECT_EQ(claim.diagnoses[0].poa, 'N');
  EXPECT_EQ(claim.diagnoses[0].role, DiagnosisRole::other);
  // No type "principal": the lowest sequence becomes the principal.
  EXPECT_EQ(claim.diagnoses[1].role, DiagnosisRole::principal);
  EXPECT_EQ(claim.diagnoses[1].sequence, 1);
  ASSERT_EQ(claim.lines.size(), 1U);
  EXPECT_EQ(claim.lines[0].pointers, (std::vector<int>{1, 2, 9}));
  EXPECT_EQ(claim.lines[0].location, "Claim.item[0].diagnosisSequence");
  EXPECT_EQ(claim.lines[0].service_from.iso(), "2026-02-01");
  EXPECT_EQ(claim.lines[0].service_to.iso(), "2026-02-03");
  EXPECT_EQ(claim.lines[0].procedure, "97110");
  EXPECT_TRUE(mapped.errors.empty());
}

TEST(ClaimMapper, SequenceProblemsAreClaimLevelErrors) {
  const auto m = map_json(R"({"resourceType":"Claim","id":"c","diagnosis":[
      {"sequence":1,"diagnosisCodeableConcept":{"coding":[{"code":"A"}]}},
      {"sequence":1,"diagnosisCodeableConcept":{"coding":[{"code":"B"}]}},
      {"diagnosisCodeableConcept":{"coding":[{"code":"C"}]}},
      {"sequence":4}],
      "item":[{"sequence":1,"diagnosisSequence":["x"]}]})");
  const MappedClaim& mapped = m->result.claims[0];
  ASSERT_EQ(mapped.errors.size(), 4U);
  EXPECT_EQ(mapped.errors[0].location, "Claim.diagnosis[3]");
  EXPECT_NE(mapped.errors[0].message.find("neither diagnosisCodeableConcept"), std::string::npos);
  EXPECT_EQ(mapped.errors[1].location, "Claim.diagnosis[1].sequence");
  EXPECT_NE(mapped.errors[1].message.find("used by more than one"), std::string::npos);
  EXPECT_EQ(mapped.errors[2].location, "Claim.diagnosis[2].sequence");
  EXPECT_EQ(mapped.errors[3].location, "Claim.item[0].diagnosisSequence[0]");
  for (const InputError& error : mapped.errors) {
    EXPECT_EQ(error.severity, Severity::error);
    EXPECT_GT(error.line, 0U);
  }
  EXPECT_EQ(mapped.claim.lines[0].pointers, (std::vector<int>{0}));
  EXPECT_TRUE(mapped.claim.diagnoses[3].not_screenable);
  EXPECT_EQ(mapped.claim.diagnoses[2].system, CodeSystem::missing);
}

TEST(ClaimMapper, ContainedConditionReference) {
  const std::string text = test::read_file(test::samples_dir() / "m62-laterality-mismatch.json");
  const auto m = map_json(text);
  const Claim& claim = m->result.claims[0].claim;
  ASSERT_EQ(claim.diagnoses.size(), 1U);
  const Diagnosis& d = claim.diagnoses[0];
  EXPECT_EQ(d.code_text, "M62.412");
  EXPECT_EQ(d.reference, "#contracture");
  EXPECT_FALSE(d.reference_unresolved);
  EXPECT_EQ(d.location, "Claim.contained[0].code.coding[1].code");
  EXPECT_EQ(d.role, DiagnosisRole::principal);
  EXPECT_EQ(d.verification_status, "confirmed");
  ASSERT_EQ(d.body_sites.size(), 1U);
  EXPECT_EQ(d.body_sites[0].site, "shoulder");
  EXPECT_EQ(d.body_sites[0].side, Laterality::right);
  EXPECT_EQ(d.body_sites[0].location, "Claim.contained[0].bodySite[0]");
}

TEST(ClaimMapper, BundleReferencesResolveAgainstEntriesWithBundlePaths) {
  const std::string text = test::read_file(test::samples_dir() / "bundle-two-claims.json");
  const auto m = map_json(text);
  ASSERT_FALSE(m->result.unreadable);
  EXPECT_TRUE(m->result.from_bundle);
  ASSERT_EQ(m->result.claims.size(), 2U);
  const MappedClaim& first = m->result.claims[0];
  EXPECT_EQ(first.claim.location, "Bundle.entry[0].resource");
  ASSERT_EQ(first.claim.diagnoses.size(), 3U);
  EXPECT_EQ(first.claim.diagnoses[0].code_text, "M62.49");
  EXPECT_EQ(first.claim.diagnoses[0].location, "Bundle.entry[1].resource.code.coding[0].code");
  EXPECT_EQ(first.claim.diagnoses[1].code_text, "M62.411");
  ASSERT_EQ(first.claim.diagnoses[1].body_sites.size(), 1U);
  EXPECT_EQ(first.claim.diagnoses[1].body_sites[0].site, "shoulder");
  EXPECT_EQ(first.claim.diagnoses[1].body_sites[0].side, Laterality::left);  // mCODE qualifier
  EXPECT_EQ(first.claim.diagnoses[1].body_sites[0].location, "Bundle.entry[2].resource.bodySite[0]");
  const Diagnosis& dangling = first.claim.diagnoses[2];
  EXPECT_TRUE(dangling.reference_unresolved);
  EXPECT_EQ(dangling.location, "Bundle.entry[0].resource.diagnosis[2].diagnosisReference");
  EXPECT_EQ(first.reference_notes[2], "no Bundle entry matches the reference");
  const MappedClaim& second = m->result.claims[1];
  EXPECT_EQ(second.claim.location, "Bundle.entry[3].resource");
  EXPECT_EQ(second.claim.diagnoses[0].location,
            "Bundle.entry[3].resource.diagnosis[0].diagnosisCodeableConcept.coding[1].code");
}

TEST(ClaimMapper, RelativeReferenceResolvesAgainstTheRestfulBase) {
  const auto m = map_json(test::read_file(test::samples_dir() / "m62-unspecified-documented-site.json"));
  const Diagnosis& d = m->result.claims[0].claim.diagnoses[0];
  EXPECT_EQ(d.code_text, "M62.40");
  EXPECT_EQ(d.location, "Bundle.entry[1].resource.code.coding[0].code");
  ASSERT_EQ(d.body_sites.size(), 1U);
  EXPECT_EQ(d.body_sites[0].site, "knee");
  EXPECT_EQ(d.body_sites[0].side, Laterality::right);
}

TEST(ClaimMapper, ReferenceToANonConditionIsUnresolvedWithAReason) {
  const auto m = map_json(R"({"resourceType":"Bundle","type":"collection","entry":[
      {"fullUrl":"http://x/fhir/Claim/1","resource":{"resourceType":"Claim","id":"1","diagnosis":[
        {"sequence":1,"diagnosisReference":{"reference":"Patient/2"}},
        {"sequence":2,"diagnosisReference":{"identifier":{"value":"abc"}}}]}},
      {"fullUrl":"http://x/fhir/Patient/2","resource":{"resourceType":"Patient","id":"2"}}]})");
  const MappedClaim& claim = m->result.claims[0];
  EXPECT_TRUE(claim.claim.diagnoses[0].reference_unresolved);
  EXPECT_EQ(claim.reference_notes[0], "the reference points to a Patient, not a Condition");
  EXPECT_TRUE(claim.claim.diagnoses[1].reference_unresolved);
  EXPECT_NE(claim.reference_notes[1].find("identifier-only"), std::string::npos);
}

TEST(ClaimMapper, SingleClaimCannotResolveExternalReferences) {
  const auto m = map_json(R"({"resourceType":"Claim","id":"x","diagnosis":[{"sequence":1,"diagnosisReference":{"reference":"Condition/1"}}]})");
  EXPECT_TRUE(m->result.claims[0].claim.diagnoses[0].reference_unresolved);
  EXPECT_NE(m->result.claims[0].reference_notes[0].find("contained"), std::string::npos);
}

TEST(ClaimMapper, ParametersBodyAsSentToValidate) {
  const auto m = map_json(test::read_file(test::samples_dir() / "parameters-validate.json"));
  ASSERT_EQ(m->result.claims.size(), 1U);
  EXPECT_EQ(m->result.resource_type, "Parameters");
  EXPECT_EQ(m->result.claims[0].claim.location, "Parameters.parameter[1].resource");
  EXPECT_EQ(m->result.claims[0].claim.diagnoses[0].location,
            "Parameters.parameter[1].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code");

  const auto bundle = map_json(R"({"resourceType":"Parameters","parameter":[{"name":"resource","resource":
      {"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Claim","id":"a"}}]}}]})");
  ASSERT_EQ(bundle->result.claims.size(), 1U);
  EXPECT_EQ(bundle->result.claims[0].claim.location, "Parameters.parameter[0].resource.entry[0].resource");
}

TEST(ClaimMapper, WrongResourcesAreFatal) {
  const auto condition = map_json(R"({"resourceType":"Condition","id":"x"})");
  EXPECT_TRUE(condition->result.unreadable);
  ASSERT_EQ(condition->result.errors.size(), 1U);
  EXPECT_EQ(condition->result.errors[0].severity, Severity::fatal);
  EXPECT_NE(condition->result.errors[0].message.find("Condition cannot be screened"), std::string::npos);

  const auto empty_bundle = map_json(R"({"resourceType":"Bundle","type":"collection","entry":[]})");
  EXPECT_TRUE(empty_bundle->result.unreadable);
  EXPECT_NE(empty_bundle->result.errors[0].message.find("no Claim"), std::string::npos);

  const auto parameters = map_json(R"({"resourceType":"Parameters","parameter":[{"name":"mode","valueCode":"create"}]})");
  EXPECT_TRUE(parameters->result.unreadable);
  const auto wrong_parameter = map_json(R"({"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Patient"}}]})");
  EXPECT_TRUE(wrong_parameter->result.unreadable);
}

TEST(ClaimMapper, ClaimCountLimit) {
  std::string text = R"({"resourceType":"Bundle","entry":[)";
  for (int i = 0; i < 5; ++i) text += std::string(i ? "," : "") + R"({"resource":{"resourceType":"Claim"}})";
  text += "]}";
  Limits limits;
  limits.max_claims = 3;
  const auto m = map_json(text, limits);
  EXPECT_TRUE(m->result.unreadable);
  EXPECT_NE(m->result.errors.back().message.find("more than 3 claims"), std::string::npos);
  EXPECT_EQ(m->result.errors.back().location, "Bundle.entry[3].resource");
}

TEST(ClaimMapper, ExplanationOfBenefitIsReadLikeAClaim) {
  const auto path = test::corpus_dir() / "carin-bb-testkit" / "c4bb_eob_inpatient_example.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared corpus not present";
  const auto m = map_json(test::read_file(path));
  const Claim& claim = m->result.claims[0].claim;
  EXPECT_EQ(claim.location, "ExplanationOfBenefit");
  ASSERT_EQ(claim.diagnoses.size(), 4U);
  EXPECT_EQ(claim.diagnoses[0].role, DiagnosisRole::principal);
  EXPECT_EQ(claim.diagnoses[3].code_text, "M19.90");
  EXPECT_EQ(claim.diagnoses[3].location,
            "ExplanationOfBenefit.diagnosis[3].diagnosisCodeableConcept.coding[0].code");
}

}  // namespace
}  // namespace dxs::fhir
