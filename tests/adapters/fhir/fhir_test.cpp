#include "adapters/fhir/fhir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <rapidjson/document.h>

#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

// A stand-in screener with two real rules, so the writer has findings to render.
ClaimResult toy_screen(const Claim& claim) {
  ClaimResult result;
  result.claim_id = claim.id;
  result.format = to_string(claim.format);
  result.code_set = "icd10cm-2026";
  int weakness = -1;
  int generalized = -1;
  for (std::size_t i = 0; i < claim.diagnoses.size(); ++i) {
    const Diagnosis& d = claim.diagnoses[i];
    if (d.code_text == "R53.1") weakness = static_cast<int>(i);
    if (d.code_text == "M62.81") generalized = static_cast<int>(i);
    if (d.reference_unresolved) {
      Finding f;
      f.rule = "reference-unresolved";
      f.severity = Severity::error;
      f.diagnosis_indexes = {static_cast<int>(i)};
      f.location = d.location;
      f.message = "diagnosisReference resolves to nothing";
      result.findings.push_back(f);
    }
  }
  if (weakness >= 0 && generalized >= 0) {
    Finding f;
    f.rule = "excludes1";
    f.severity = Severity::error;
    f.codes = {"M62.81", "R53.1"};
    f.diagnosis_indexes = {std::min(weakness, generalized), std::max(weakness, generalized)};
    f.message = "R53.1 Excludes1 M62.81";
    result.findings.push_back(f);
  }
  for (const Finding& f : result.findings) result.rejected = result.rejected || f.severity == Severity::error;
  return result;
}

void expect_same_claim(const Claim& a, const Claim& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.service_from, b.service_from);
  EXPECT_EQ(a.service_to, b.service_to);
  EXPECT_EQ(a.statement_from, b.statement_from);
  EXPECT_EQ(a.statement_to, b.statement_to);
  EXPECT_EQ(a.discharge, b.discharge);
  EXPECT_EQ(a.location, b.location);
  ASSERT_EQ(a.diagnoses.size(), b.diagnoses.size());
  for (std::size_t i = 0; i < a.diagnoses.size(); ++i) {
    const Diagnosis& x = a.diagnoses[i];
    const Diagnosis& y = b.diagnoses[i];
    EXPECT_EQ(x.code_text, y.code_text);
    EXPECT_EQ(x.code.has_value(), y.code.has_value());
    EXPECT_EQ(x.system, y.system);
    EXPECT_EQ(x.qualifier, y.qualifier);
    EXPECT_EQ(x.role, y.role);
    EXPECT_EQ(x.sequence, y.sequence);
    EXPECT_EQ(x.poa, y.poa);
    EXPECT_EQ(x.location, y.location);
    EXPECT_EQ(x.reference, y.reference);
    EXPECT_EQ(x.reference_unresolved, y.reference_unresolved);
    EXPECT_EQ(x.not_screenable, y.not_screenable);
    EXPECT_EQ(x.verification_status, y.verification_status);
    ASSERT_EQ(x.body_sites.size(), y.body_sites.size());
    for (std::size_t k = 0; k < x.body_sites.size(); ++k) {
      EXPECT_EQ(x.body_sites[k].site, y.body_sites[k].site);
      EXPECT_EQ(x.body_sites[k].side, y.body_sites[k].side);
      EXPECT_EQ(x.body_sites[k].source, y.body_sites[k].source);
      EXPECT_EQ(x.body_sites[k].location, y.body_sites[k].location);
    }
  }
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    EXPECT_EQ(a.lines[i].sequence, b.lines[i].sequence);
    EXPECT_EQ(a.lines[i].procedure, b.lines[i].procedure);
    EXPECT_EQ(a.lines[i].service_from, b.lines[i].service_from);
    EXPECT_EQ(a.lines[i].service_to, b.lines[i].service_to);
    EXPECT_EQ(a.lines[i].pointers, b.lines[i].pointers);
    EXPECT_EQ(a.lines[i].location, b.lines[i].location);
  }
}

TEST(Fhir, JsonAndXmlFormsOfTheSameClaimGiveTheSameModel) {
  const Options options = test::test_options();
  const Parsed json = read(test::read_file(test::samples_dir() / "m62-laterality-mismatch.json"), Encoding::json, options);
  const Parsed xml = read(test::read_file(test::samples_dir() / "m62-laterality-mismatch.xml"), Encoding::xml, options);
  ASSERT_EQ(json.claims.size(), 1U);
  ASSERT_EQ(xml.claims.size(), 1U);
  EXPECT_EQ(json.format, "fhir-json");
  EXPECT_EQ(xml.format, "fhir-xml");
  EXPECT_EQ(json.claims[0].format, InputFormat::fhir_json);
  EXPECT_EQ(xml.claims[0].format, InputFormat::fhir_xml);
  expect_same_claim(json.claims[0], xml.claims[0]);
  EXPECT_EQ(json.claims[0].diagnoses[0].body_sites[0].site, "shoulder");
}

// The spec's institutional claim 960151 exists as R5 JSON and as the build's XML source.
TEST(Fhir, CorpusJsonAndXmlOfClaim960151Agree) {
  const auto json_path = test::corpus_dir() / "hl7-r5-examples" / "Claim-960151.json";
  const auto xml_path = test::corpus_dir() / "hl7-fhir-build" / "claim-example-institutional-rich.xml";
  if (!std::filesystem::exists(json_path) || !std::filesystem::exists(xml_path)) {
    GTEST_SKIP() << "shared corpus not present";
  }
  const Options options = test::test_options();
  const Parsed json = read(test::read_file(json_path), Encoding::json, options);
  const Parsed xml = read(test::read_file(xml_path), Encoding::xml, options);
  ASSERT_EQ(json.claims.size(), 1U);
  ASSERT_EQ(xml.claims.size(), 1U);
  expect_same_claim(json.claims[0], xml.claims[0]);
  EXPECT_EQ(xml.claims[0].diagnoses[0].role, DiagnosisRole::admitting);
  EXPECT_EQ(xml.claims[0].discharge.iso(), "2014-08-16");
}

TEST(Fhir, ScreenRunsEveryClaimThroughTheScreenerAndSink) {
  std::vector<std::string> seen;
  const Outcome outcome = screen(test::read_file(test::samples_dir() / "m62-81-r53-1.json"), Encoding::json,
                                 toy_screen,
                                 [&](const Claim& claim, const ClaimResult& result) {
                                   seen.push_back(claim.id + (result.rejected ? ":rejected" : ":accepted"));
                                 },
                                 test::test_options());
  EXPECT_EQ(seen, (std::vector<std::string>{"sample-m62-81-r53-1:rejected"}));
  EXPECT_EQ(outcome.claims, 1U);
  EXPECT_FALSE(outcome.unreadable);
  EXPECT_EQ(outcome.format, "fhir-json");
  EXPECT_EQ(outcome.media_type, "application/fhir+json");
  rapidjson::Document document;
  document.Parse(outcome.operation_outcome.c_str());
  ASSERT_FALSE(document.HasParseError());
  const auto& issue = document["issue"][0];
  EXPECT_STREQ(issue["details"]["coding"][0]["code"].GetString(), "excludes1");
  ASSERT_EQ(issue["expression"].Size(), 2U);
  EXPECT_STREQ(issue["expression"][1].GetString(), "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code");
}

TEST(Fhir, BundleWithTwoClaimsAnswersWithABundle) {
  const Outcome outcome = screen(test::read_file(test::samples_dir() / "bundle-two-claims.json"), Encoding::json,
                                 toy_screen, {}, test::test_options());
  EXPECT_EQ(outcome.claims, 2U);
  rapidjson::Document document;
  document.Parse(outcome.operation_outcome.c_str());
  ASSERT_FALSE(document.HasParseError());
  EXPECT_STREQ(document["resourceType"].GetString(), "Bundle");
  ASSERT_EQ(document["entry"].Size(), 2U);
  const auto& first = document["entry"][0]["resource"];
  EXPECT_STREQ(first["issue"][0]["code"].GetString(), "not-found");
  EXPECT_STREQ(first["issue"][0]["expression"][0].GetString(),
               "Bundle.entry[0].resource.diagnosis[2].diagnosisReference");
  EXPECT_STREQ(first["issue"][0]["diagnostics"].GetString(),
               "Reference: no Bundle entry matches the reference.");
  EXPECT_STREQ(document["entry"][1]["resource"]["issue"][0]["code"].GetString(), "informational");
}

TEST(Fhir, XmlResponseForXmlInput) {
  Options options = test::test_options();
  options.response_encoding = Encoding::xml;
  const Outcome outcome = screen(test::read_file(test::samples_dir() / "m62-laterality-mismatch.xml"), Encoding::xml,
                                 toy_screen, {}, options);
  EXPECT_EQ(outcome.format, "fhir-xml");
  EXPECT_EQ(outcome.media_type, "application/fhir+xml");
  EXPECT_EQ(outcome.operation_outcome.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OperationOutcome xmlns=\"http://hl7.org/fhir\">", 0), 0U);
}

TEST(Fhir, MalformedInputGivesAFatalStructureOutcome) {
  const Outcome outcome = screen(test::read_file(test::samples_dir() / "malformed.json"), Encoding::json, toy_screen,
                                 {}, test::test_options());
  EXPECT_TRUE(outcome.unreadable);
  EXPECT_EQ(outcome.claims, 0U);
  ASSERT_EQ(outcome.errors.size(), 1U);
  EXPECT_EQ(outcome.errors[0].rule, "fhir-structure");
  EXPECT_EQ(outcome.errors[0].line, 2U);
  EXPECT_EQ(outcome.errors[0].column, 90U);
  rapidjson::Document document;
  document.Parse(outcome.operation_outcome.c_str());
  ASSERT_FALSE(document.HasParseError());
  EXPECT_STREQ(document["issue"][0]["severity"].GetString(), "fatal");
  EXPECT_STREQ(document["issue"][0]["code"].GetString(), "structure");
  EXPECT_EQ(document["issue"][0]["extension"][0]["valueInteger"].GetInt(), 2);
}

TEST(Fhir, ResponseWriterReceivesTheBytesInstead) {
  Options options = test::test_options();
  std::string received;
  options.response_writer = [&](std::string_view text) { received += text; };
  const Outcome outcome = screen(test::read_file(test::samples_dir() / "parameters-validate.json"), Encoding::json,
                                 toy_screen, {}, options);
  EXPECT_TRUE(outcome.operation_outcome.empty());
  EXPECT_NE(received.find("\"OperationOutcome\""), std::string::npos);
  EXPECT_NE(received.find("Parameters.parameter[1].resource"), std::string::npos);
}

TEST(Fhir, WithoutResponsesOnlyResultsAndErrorsComeBack) {
  Options options = test::test_options();
  options.build_responses = false;
  std::size_t written = 0;
  options.response_writer = [&](std::string_view) { ++written; };
  std::size_t sunk = 0;
  const Outcome bundle = screen(test::read_file(test::samples_dir() / "bundle-two-claims.json"), Encoding::json,
                                toy_screen, [&](const Claim&, const ClaimResult&) { ++sunk; }, options);
  EXPECT_EQ(bundle.claims, 2U);
  EXPECT_EQ(sunk, 2U);
  EXPECT_TRUE(bundle.operation_outcome.empty());
  const Outcome malformed = screen(test::read_file(test::samples_dir() / "malformed.json"), Encoding::json,
                                   toy_screen, {}, options);
  EXPECT_TRUE(malformed.unreadable);
  ASSERT_EQ(malformed.errors.size(), 1U);
  EXPECT_TRUE(malformed.operation_outcome.empty());
  EXPECT_EQ(written, 0U);
}

TEST(Fhir, SameInputSameBytes) {
  const std::string input = test::read_file(test::samples_dir() / "bundle-two-claims.json");
  const Options options = test::test_options();
  EXPECT_EQ(screen(input, Encoding::json, toy_screen, {}, options).operation_outcome,
            screen(input, Encoding::json, toy_screen, {}, options).operation_outcome);
}

TEST(Fhir, PublicWritersMatchScreen) {
  const Options options = test::test_options();
  const std::string input = test::read_file(test::samples_dir() / "m62-81-r53-1.json");
  const Parsed parsed = read(input, Encoding::json, options);
  ASSERT_EQ(parsed.claims.size(), 1U);
  EXPECT_EQ(operation_outcome_for(parsed.claims[0], toy_screen(parsed.claims[0]), options),
            screen(input, Encoding::json, toy_screen, {}, options).operation_outcome);
  InputError error;
  error.rule = "fhir-structure";
  error.message = "x";
  EXPECT_NE(structure_outcome({error}, options).find("\"structure\""), std::string::npos);
  EXPECT_STREQ(media_type(Encoding::xml), "application/fhir+xml");
}

}  // namespace
}  // namespace dxs::fhir
