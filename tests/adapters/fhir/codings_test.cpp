#include "adapters/fhir/codings.hpp"

#include <gtest/gtest.h>

#include "adapters/fhir/document.hpp"

namespace dxs::fhir {
namespace {

struct Parsed {
  Document document;
  NodeId root = no_node;
};

std::unique_ptr<Parsed> json(std::string_view text) {
  auto parsed = std::make_unique<Parsed>();
  const auto error = parse_json(text, Limits{}, parsed->document);
  EXPECT_FALSE(error.has_value()) << (error ? error->message : "");
  parsed->root = parsed->document.tree.root();
  return parsed;
}

TEST(Codings, SystemsAreClassifiedExactly) {
  EXPECT_EQ(classify_system("http://hl7.org/fhir/sid/icd-10-cm"), CodeSystem::icd10cm);
  EXPECT_EQ(classify_system("urn:oid:2.16.840.1.113883.6.90"), CodeSystem::icd10cm);
  EXPECT_EQ(classify_system("http://hl7.org/fhir/sid/icd-10"), CodeSystem::icd10_who);
  EXPECT_EQ(classify_system("http://hl7.org/fhir/sid/icd-9-cm"), CodeSystem::icd9cm);
  EXPECT_EQ(classify_system("http://terminology.hl7.org/CodeSystem/icd9cm"), CodeSystem::icd9cm);
  EXPECT_EQ(classify_system(""), CodeSystem::missing);
  EXPECT_EQ(classify_system("http://snomed.info/sct"), CodeSystem::other);
  EXPECT_EQ(classify_system("HTTP://HL7.ORG/FHIR/SID/ICD-10-CM"), CodeSystem::other);  // URIs are case-sensitive
}

TEST(Codings, ChoosesTheIcd10CmCodingNotTheFirst) {
  const auto p = json(R"({"resourceType":"Condition","code":{"coding":[
      {"system":"http://snomed.info/sct","code":"442311008"},
      {"system":"http://hl7.org/fhir/sid/icd-10","code":"Z38.0"},
      {"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z38.00"}]}})");
  const CodingChoice choice = choose_coding(p->document.tree, p->document.tree.child(p->root, "code"));
  EXPECT_EQ(choice.index, 2U);
  EXPECT_EQ(choice.code, "Z38.00");
  EXPECT_EQ(choice.system, CodeSystem::icd10cm);
}

TEST(Codings, FallsBackThroughWhoIcd9MissingAndOther) {
  const auto p = json(R"({"resourceType":"Claim","a":{"coding":[{"system":"http://snomed.info/sct","code":"1"},
      {"code":"654456"},{"system":"http://terminology.hl7.org/CodeSystem/icd9cm","code":"250.00"}]},
      "b":{"coding":[{"system":"http://snomed.info/sct","code":"38341003"},{"code":"  "}]},
      "c":{"text":"only text"},
      "d":{"coding":[{"system":"http://snomed.info/sct","code":"1"},{"code":"654456"}]}})");
  const Tree& tree = p->document.tree;
  const CodingChoice a = choose_coding(tree, tree.child(p->root, "a"));
  EXPECT_EQ(a.system, CodeSystem::icd9cm);
  EXPECT_EQ(a.index, 2U);
  const CodingChoice b = choose_coding(tree, tree.child(p->root, "b"));
  EXPECT_EQ(b.system, CodeSystem::other);  // the blank code is ignored
  EXPECT_EQ(b.index, 0U);
  EXPECT_EQ(choose_coding(tree, tree.child(p->root, "c")).coding, no_node);
  const CodingChoice d = choose_coding(tree, tree.child(p->root, "d"));
  EXPECT_EQ(d.system, CodeSystem::missing);
  EXPECT_EQ(d.index, 1U);
}

TEST(Codings, DiagnosisRolesFromEveryKnownCodeSystem) {
  const auto p = json(R"({"resourceType":"Claim","diagnosis":[
      {"type":[{"coding":[{"code":"principal"}]}]},
      {"type":[{"coding":[{"code":"admitting"}]}]},
      {"type":[{"coding":[{"code":"patientreasonforvisit"}]}]},
      {"type":[{"coding":[{"system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType","code":"externalcauseofinjury"}]}]},
      {"type":[{"coding":[{"code":"other"}]}]},
      {"type":[{"coding":[{"code":"clinical"}]},{"coding":[{"code":"Principal"}]}]},
      {}]})");
  const auto diagnoses = p->document.tree.children(p->root, "diagnosis");
  const Tree& tree = p->document.tree;
  EXPECT_EQ(diagnosis_role(tree, diagnoses[0]), DiagnosisRole::principal);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[1]), DiagnosisRole::admitting);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[2]), DiagnosisRole::reason_for_visit);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[3]), DiagnosisRole::external_cause);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[4]), DiagnosisRole::other);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[5]), DiagnosisRole::principal);
  EXPECT_EQ(diagnosis_role(tree, diagnoses[6]), DiagnosisRole::other);
}

TEST(Codings, ClaimKindsAndPresentOnAdmission) {
  auto kind = [](const char* code) {
    const auto p = json(std::string(R"({"resourceType":"Claim","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":")") +
                        code + "\"}]}}");
    return claim_kind(p->document.tree, p->root);
  };
  EXPECT_EQ(kind("professional"), ClaimKind::professional);
  EXPECT_EQ(kind("institutional"), ClaimKind::institutional);
  EXPECT_EQ(kind("oral"), ClaimKind::dental);
  EXPECT_EQ(kind("vision"), ClaimKind::professional);
  EXPECT_EQ(kind("pharmacy"), ClaimKind::unknown);

  const auto p = json(R"({"resourceType":"Claim","diagnosis":[{"onAdmission":{"coding":[{"code":"y"}]}},
      {"onAdmission":{"coding":[{"code":"W"}]}},{"onAdmission":{"coding":[{"code":"maybe"}]}},{}]})");
  const auto d = p->document.tree.children(p->root, "diagnosis");
  EXPECT_EQ(present_on_admission(p->document.tree, d[0]), 'Y');
  EXPECT_EQ(present_on_admission(p->document.tree, d[1]), 'W');
  EXPECT_EQ(present_on_admission(p->document.tree, d[2]), 0);
  EXPECT_EQ(present_on_admission(p->document.tree, d[3]), 0);
}

TEST(Codings, PositiveIntegersAndTrim) {
  EXPECT_EQ(parse_positive_int("3"), 3);
  EXPECT_EQ(parse_positive_int(" 12 "), 12);
  EXPECT_FALSE(parse_positive_int("-1").has_value());
  EXPECT_FALSE(parse_positive_int("1.0").has_value());
  EXPECT_FALSE(parse_positive_int("").has_value());
  EXPECT_FALSE(parse_positive_int("99999999999").has_value());
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim(" \t"), "");
}

}  // namespace
}  // namespace dxs::fhir
