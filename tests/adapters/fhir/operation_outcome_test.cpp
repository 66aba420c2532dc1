#include "adapters/fhir/operation_outcome.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <rapidjson/document.h>

namespace dxs::fhir {
namespace {

Claim two_diagnosis_claim() {
  Claim claim;
  claim.id = "C-1";
  claim.location = "Claim";
  Diagnosis principal;
  principal.code_text = "M62.81";
  principal.role = DiagnosisRole::principal;
  principal.location = "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code";
  Diagnosis other;
  other.code_text = "R53.1";
  other.location = "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code";
  BodySite site;
  site.site = "shoulder";
  site.location = "Claim.contained[0].bodySite[0]";
  other.body_sites.push_back(site);
  claim.diagnoses = {principal, other};
  ServiceLine line;
  line.location = "Claim.item[0].diagnosisSequence";
  claim.lines.push_back(line);
  return claim;
}

Finding finding(std::string rule_id, Severity severity, std::vector<int> indexes) {
  Finding f;
  f.rule = std::move(rule_id);
  f.severity = severity;
  f.diagnosis_indexes = std::move(indexes);
  f.message = "message for " + f.rule;
  return f;
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  EXPECT_FALSE(document.HasParseError()) << text;
  return document;
}

std::string write_one(const Claim& claim, const ClaimResult& result, Options options = {}) {
  options.rulepack_version = "core@1.2.3";
  return write_claim_outcomes({ClaimOutcome{&claim, &result, nullptr, nullptr}}, options, false);
}

TEST(OperationOutcome, IssueTypesFollowTheTable) {
  EXPECT_EQ(issue_type_for("code-unknown", Severity::error), "code-invalid");
  EXPECT_EQ(issue_type_for("code-not-billable", Severity::error), "code-invalid");
  EXPECT_EQ(issue_type_for("code-format", Severity::warning), "code-invalid");
  EXPECT_EQ(issue_type_for("excludes1", Severity::error), "business-rule");
  EXPECT_EQ(issue_type_for("site-specificity", Severity::warning), "business-rule");
  EXPECT_EQ(issue_type_for("code-set-stale", Severity::warning), "business-rule");
  EXPECT_EQ(issue_type_for("reference-unresolved", Severity::error), "not-found");
  EXPECT_EQ(issue_type_for("pointer-invalid", Severity::error), "not-found");
  EXPECT_EQ(issue_type_for("not-screenable", Severity::information), "not-supported");
  EXPECT_EQ(issue_type_for("fhir-structure", Severity::fatal), "structure");
  EXPECT_EQ(issue_type_for("some-future-rule", Severity::information), "informational");
}

TEST(OperationOutcome, X12EquivalentsOnlyForRejections) {
  EXPECT_TRUE(x12_equivalent("code-not-billable", Severity::warning, false).category.empty());
  const X12Equivalent header = x12_equivalent("code-not-billable", Severity::error, false);
  EXPECT_EQ(header.category, "A7");
  EXPECT_EQ(header.statuses, (std::vector<std::string_view>{"255", "772"}));
  EXPECT_EQ(x12_equivalent("code-unknown", Severity::error, true).statuses.front(), "254");
  const X12Equivalent pair = x12_equivalent("excludes1", Severity::error, false);
  EXPECT_EQ(pair.category, "A8");
  EXPECT_EQ(pair.statuses, (std::vector<std::string_view>{"255", "732"}));
}

TEST(OperationOutcome, PairFindingHasOneExpressionPerDiagnosisAndFullDetails) {
  const Claim claim = two_diagnosis_claim();
  ClaimResult result;
  result.code_set = "icd10cm-2026";
  Finding pair = finding("excludes1", Severity::error, {0, 1});
  pair.location = claim.diagnoses[0].location;
  pair.suggestions = {"M62.81 Muscle weakness (generalized)", "R53.1 Weakness"};
  result.findings.push_back(pair);
  const rapidjson::Document outcome = parse(write_one(claim, result));
  EXPECT_STREQ(outcome["resourceType"].GetString(), "OperationOutcome");
  const auto& extensions = outcome["extension"];
  ASSERT_EQ(extensions.Size(), 4U);
  EXPECT_STREQ(extensions[0]["url"].GetString(), "https://dxscreen.dev/fhir/StructureDefinition/rulepack-version");
  EXPECT_STREQ(extensions[0]["valueString"].GetString(), "core@1.2.3");
  EXPECT_STREQ(extensions[1]["valueString"].GetString(), "icd10cm-2026");
  EXPECT_STREQ(extensions[3]["valueString"].GetString(), "C-1");
  const auto& issues = outcome["issue"];
  ASSERT_EQ(issues.Size(), 1U);
  const auto& issue = issues[0];
  EXPECT_STREQ(issue["severity"].GetString(), "error");
  EXPECT_STREQ(issue["code"].GetString(), "business-rule");
  const auto& codings = issue["details"]["coding"];
  ASSERT_EQ(codings.Size(), 4U);
  EXPECT_STREQ(codings[0]["system"].GetString(), "https://dxscreen.dev/fhir/CodeSystem/dxscreen-rule");
  EXPECT_STREQ(codings[0]["code"].GetString(), "excludes1");
  EXPECT_STREQ(codings[1]["system"].GetString(), "https://x12.org/codes/claim-status-category-codes");
  EXPECT_STREQ(codings[1]["code"].GetString(), "A8");
  EXPECT_STREQ(codings[2]["code"].GetString(), "255");  // relational: 255 even with the principal
  EXPECT_STREQ(codings[3]["code"].GetString(), "732");
  EXPECT_STREQ(issue["details"]["text"].GetString(), "message for excludes1");
  EXPECT_STREQ(issue["diagnostics"].GetString(),
               "Suggestions: M62.81 Muscle weakness (generalized); R53.1 Weakness");
  const auto& expressions = issue["expression"];
  ASSERT_EQ(expressions.Size(), 2U);
  EXPECT_STREQ(expressions[0].GetString(), "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code");
  EXPECT_STREQ(expressions[1].GetString(), "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code");
}

TEST(OperationOutcome, InvalidPointersAreSelectedOneByOne) {
  Claim claim = two_diagnosis_claim();
  claim.format = InputFormat::fhir_json;
  claim.diagnoses[0].sequence = 1;
  claim.diagnoses[1].sequence = 2;
  claim.lines[0].pointers = {2, 7, 1, 9};
  ClaimResult result;
  for (int i = 0; i < 2; ++i) {
    Finding pointer = finding("pointer-invalid", Severity::error, {});
    pointer.line_index = 0;
    pointer.location = claim.lines[0].location;
    result.findings.push_back(pointer);
  }
  const rapidjson::Document outcome = parse(write_one(claim, result));
  EXPECT_STREQ(outcome["issue"][0]["expression"][0].GetString(), "Claim.item[0].diagnosisSequence[1]");
  EXPECT_STREQ(outcome["issue"][1]["expression"][0].GetString(), "Claim.item[0].diagnosisSequence[3]");
  // Counts that disagree with the pointers fall back to the whole list.
  result.findings.pop_back();
  const rapidjson::Document fallback = parse(write_one(claim, result));
  EXPECT_STREQ(fallback["issue"][0]["expression"][0].GetString(), "Claim.item[0].diagnosisSequence");
}

TEST(OperationOutcome, SiteRulesAlsoPointAtTheBodySiteAndLineRulesAtTheLine) {
  const Claim claim = two_diagnosis_claim();
  ClaimResult result;
  result.findings.push_back(finding("laterality-mismatch", Severity::error, {1}));
  Finding pointer = finding("pointer-invalid", Severity::error, {});
  pointer.line_index = 0;
  result.findings.push_back(pointer);
  Finding warning = finding("site-specificity", Severity::warning, {0});
  result.findings.push_back(warning);
  const rapidjson::Document outcome = parse(write_one(claim, result));
  const auto& issues = outcome["issue"];
  ASSERT_EQ(issues.Size(), 3U);
  ASSERT_EQ(issues[0]["expression"].Size(), 2U);
  EXPECT_STREQ(issues[0]["expression"][1].GetString(), "Claim.contained[0].bodySite[0]");
  EXPECT_STREQ(issues[1]["code"].GetString(), "not-found");
  EXPECT_STREQ(issues[1]["expression"][0].GetString(), "Claim.item[0].diagnosisSequence");
  EXPECT_STREQ(issues[1]["details"]["coding"][2]["code"].GetString(), "488");
  EXPECT_STREQ(issues[2]["severity"].GetString(), "warning");
  EXPECT_EQ(issues[2]["details"]["coding"].Size(), 1U);  // no X12 code for a warning
}

TEST(OperationOutcome, ReferenceNotesGoToDiagnostics) {
  Claim claim = two_diagnosis_claim();
  claim.diagnoses[1].reference_unresolved = true;
  ClaimResult result;
  result.findings.push_back(finding("reference-unresolved", Severity::error, {1}));
  const std::vector<std::string> notes = {"", "ambiguous: 2 Bundle entries match the reference"};
  Options options;
  const rapidjson::Document outcome =
      parse(write_claim_outcomes({ClaimOutcome{&claim, &result, nullptr, &notes}}, options, false));
  EXPECT_STREQ(outcome["issue"][0]["diagnostics"].GetString(),
               "Reference: ambiguous: 2 Bundle entries match the reference.");
  // No rule-pack version and no code set: only the screened resource and the claim id.
  ASSERT_EQ(outcome["extension"].Size(), 2U);
  EXPECT_STREQ(outcome["extension"][0]["valueString"].GetString(), "Claim");
}

TEST(OperationOutcome, CleanClaimGetsOneInformationalIssue) {
  const Claim claim = two_diagnosis_claim();
  const ClaimResult result;
  const rapidjson::Document outcome = parse(write_one(claim, result));
  ASSERT_EQ(outcome["issue"].Size(), 1U);
  EXPECT_STREQ(outcome["issue"][0]["severity"].GetString(), "information");
  EXPECT_STREQ(outcome["issue"][0]["code"].GetString(), "informational");
  EXPECT_STREQ(outcome["issue"][0]["details"]["text"].GetString(), "No problems found");
}

TEST(OperationOutcome, SeveralClaimsMakeABundleOrOneMergedOutcome) {
  Claim first = two_diagnosis_claim();
  first.location = "Bundle.entry[0].resource";
  Claim second = two_diagnosis_claim();
  second.location = "Bundle.entry[3].resource";
  ClaimResult dirty;
  dirty.findings.push_back(finding("code-unknown", Severity::error, {1}));
  const ClaimResult clean;
  const std::vector<ClaimOutcome> claims = {{&first, &dirty, nullptr, nullptr},
                                            {&second, &clean, nullptr, nullptr}};
  Options options;
  const rapidjson::Document bundle = parse(write_claim_outcomes(claims, options, true));
  EXPECT_STREQ(bundle["resourceType"].GetString(), "Bundle");
  EXPECT_STREQ(bundle["type"].GetString(), "collection");
  ASSERT_EQ(bundle["entry"].Size(), 2U);
  const auto& second_outcome = bundle["entry"][1]["resource"];
  EXPECT_STREQ(second_outcome["resourceType"].GetString(), "OperationOutcome");
  EXPECT_STREQ(second_outcome["issue"][0]["expression"][0].GetString(), "Bundle.entry[3].resource");

  options.response_bundle = false;
  const rapidjson::Document merged = parse(write_claim_outcomes(claims, options, true));
  EXPECT_STREQ(merged["resourceType"].GetString(), "OperationOutcome");
  EXPECT_EQ(merged["issue"].Size(), 1U);  // clean claims add nothing to a merged outcome
}

TEST(OperationOutcome, StructureOutcomeCarriesLineAndColumn) {
  InputError error;
  error.rule = "fhir-structure";
  error.severity = Severity::fatal;
  error.line = 3;
  error.column = 14;
  error.location = "line 3, column 14";
  error.message = "malformed JSON: Missing a comma or '}' after an object member.";
  const rapidjson::Document outcome = parse(write_structure_outcome({error}, Options{}));
  const auto& issue = outcome["issue"][0];
  EXPECT_STREQ(issue["severity"].GetString(), "fatal");
  EXPECT_STREQ(issue["code"].GetString(), "structure");
  EXPECT_STREQ(issue["extension"][0]["url"].GetString(),
               "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line");
  EXPECT_EQ(issue["extension"][0]["valueInteger"].GetInt(), 3);
  EXPECT_EQ(issue["extension"][1]["valueInteger"].GetInt(), 14);
  EXPECT_STREQ(issue["diagnostics"].GetString(),
               "line 3, column 14: malformed JSON: Missing a comma or '}' after an object member.");
  EXPECT_FALSE(issue.HasMember("expression"));  // "line 3, column 14" is not a FHIRPath
}

TEST(OperationOutcome, JsonStringsAreEscapedAndInvalidUtf8Replaced) {
  InputError error;
  error.rule = "fhir-structure";
  error.severity = Severity::error;
  error.message = std::string("q\"b\\s\nn\rr\tt\x01\x08\x0c\x1f \x7f \xC3\xA9 \xFF end");
  const std::string json = write_structure_outcome({error}, Options{}, true);
  EXPECT_NE(json.find(R"(q\"b\\s\nn\rr\tt\u0001\u0008\u000c\u001f )"), std::string::npos) << json;
  const rapidjson::Document outcome = parse(json);
  const auto& text = outcome["issue"][0]["details"]["text"];
  EXPECT_EQ(std::string(text.GetString(), text.GetStringLength()),
            std::string("q\"b\\s\nn\rr\tt\x01\x08\x0c\x1f \x7f \xC3\xA9 \xEF\xBF\xBD end"));
}

TEST(OperationOutcome, XmlIsWellFormedWithElementsInFhirOrder) {
  Claim claim = two_diagnosis_claim();
  claim.id = "a<b&\"c\"\x01";
  ClaimResult result;
  result.findings.push_back(finding("excludes1", Severity::error, {0, 1}));
  Options options;
  options.response_encoding = Encoding::xml;
  options.rulepack_version = "core@1";
  const std::string xml = write_claim_outcomes({ClaimOutcome{&claim, &result, nullptr, nullptr}}, options, false);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  const pugi::xml_node root = document.child("OperationOutcome");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://hl7.org/fhir");
  EXPECT_STREQ(root.child("extension").attribute("url").value(),
               "https://dxscreen.dev/fhir/StructureDefinition/rulepack-version");
  EXPECT_STREQ(root.child("extension").child("valueString").attribute("value").value(), "core@1");
  const pugi::xml_node issue = root.child("issue");
  std::vector<std::string> order;
  for (pugi::xml_node child = issue.first_child(); child; child = child.next_sibling()) {
    order.emplace_back(child.name());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"severity", "code", "details", "expression", "expression"}));
  // The claim id extension keeps the text, with the control character replaced.
  bool found = false;
  for (pugi::xml_node extension : root.children("extension")) {
    if (std::string_view(extension.attribute("url").value()).ends_with("claim-id")) {
      EXPECT_STREQ(extension.child("valueString").attribute("value").value(), "a<b&\"c\"\xEF\xBF\xBD");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(OperationOutcome, OutputIsDeterministicAndSingleLineWhenAsked) {
  const Claim claim = two_diagnosis_claim();
  ClaimResult result;
  result.findings.push_back(finding("duplicate-code", Severity::warning, {0}));
  const std::vector<ClaimOutcome> claims = {{&claim, &result, nullptr, nullptr}};
  const std::string a = write_claim_outcomes(claims, Options{}, false);
  EXPECT_EQ(a, write_claim_outcomes(claims, Options{}, false));
  const std::string line = write_claim_outcomes(claims, Options{}, false, true);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const rapidjson::Document reparsed = parse(line);
  EXPECT_STREQ(reparsed["issue"][0]["code"].GetString(), "business-rule");
}

}  // namespace
}  // namespace dxs::fhir
