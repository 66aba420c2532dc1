// Every file of ../shared/corpus/fhir through the FHIR adapter: nothing crashes, every response
// parses, and the ICD-10-CM carrying files give the codes, systems, roles and locations that
// were checked by hand against the files (listed below).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <rapidjson/document.h>
#include <sstream>

#include "adapters/fhir/conditions.hpp"
#include "adapters/fhir/document.hpp"
#include "adapters/fhir/fhir.hpp"

namespace dxs::fhir {
namespace {

namespace fs = std::filesystem;

fs::path corpus() { return fs::path(DXS_SHARED_DIR) / "corpus" / "fhir"; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FileSource : public ByteSource {
 public:
  explicit FileSource(const fs::path& path) : in_(path, std::ios::binary) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    in_.read(buffer, static_cast<std::streamsize>(capacity));
    return static_cast<std::size_t>(in_.gcount());
  }

 private:
  std::ifstream in_;
};

ClaimResult no_findings(const Claim& claim) {
  ClaimResult result;
  result.claim_id = claim.id;
  return result;
}

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  if (!fs::exists(corpus())) return files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus())) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".json" || ext == ".xml" || ext == ".ndjson")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FhirCorpus, EveryFileIsHandledAndEveryResponseParses) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "shared corpus not present";
  EXPECT_EQ(files.size(), 59U);
  std::size_t screened_files = 0;
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.string());
    const std::string ext = path.extension().string();
    Options options;
    if (ext == ".ndjson") {
      FileSource source(path);
      const Outcome outcome = screen_ndjson(source, no_findings, {}, options);
      std::istringstream lines(outcome.operation_outcome);
      for (std::string line; std::getline(lines, line);) {
        rapidjson::Document document;
        document.Parse(line.c_str());
        EXPECT_FALSE(document.HasParseError());
      }
      continue;
    }
    const Encoding encoding = ext == ".xml" ? Encoding::xml : Encoding::json;
    options.response_encoding = encoding;
    const std::string text = slurp(path);
    const Outcome outcome = screen(text, encoding, no_findings, {}, options);
    const Parsed parsed = read(text, encoding, options);
    EXPECT_EQ(outcome.unreadable, parsed.unreadable);
    EXPECT_EQ(outcome.claims, parsed.claims.size());
    if (outcome.unreadable) {
      ASSERT_FALSE(outcome.errors.empty());
      EXPECT_EQ(outcome.errors[0].severity, Severity::fatal);
      EXPECT_EQ(outcome.errors[0].rule, "fhir-structure");
      EXPECT_GT(outcome.errors[0].line, 0U);
    } else {
      ++screened_files;
    }
    if (encoding == Encoding::json) {
      rapidjson::Document document;
      document.Parse(outcome.operation_outcome.c_str());
      EXPECT_FALSE(document.HasParseError());
    } else {
      pugi::xml_document document;
      EXPECT_TRUE(document.load_string(outcome.operation_outcome.c_str()));
    }
  }
  // 17 files hold a Claim or ExplanationOfBenefit (alone or in a Bundle); the rest are
  // Conditions, OperationOutcomes, other Bundles and the Firely plain-text lists.
  EXPECT_EQ(screened_files, 17U);
}

struct ExpectedDiagnosis {
  const char* code;
  CodeSystem system;
  DiagnosisRole role;
  const char* location;
};

struct ExpectedClaim {
  const char* file;
  const char* id;
  std::vector<ExpectedDiagnosis> diagnoses;
  std::vector<int> first_line_pointers;
};

constexpr auto cm = CodeSystem::icd10cm;
constexpr auto who = CodeSystem::icd10_who;
constexpr auto none = CodeSystem::missing;
constexpr auto principal = DiagnosisRole::principal;
constexpr auto other = DiagnosisRole::other;
constexpr auto admitting = DiagnosisRole::admitting;

// Checked by hand against the files. Roles marked principal on claims without a diagnosis.type
// come from the lowest-sequence fallback.
const std::vector<ExpectedClaim>& hand_checked() {
  static const std::vector<ExpectedClaim> claims = {
      {"carin-bb-testkit/c4bb_eob_inpatient_example.json", "c4bb-EOBInpatient",
       {{"I21.4", cm, principal, "ExplanationOfBenefit.diagnosis[0].diagnosisCodeableConcept.coding[0].code"},
        {"I25.118", cm, other, "ExplanationOfBenefit.diagnosis[1].diagnosisCodeableConcept.coding[0].code"},
        {"E78.5", cm, other, "ExplanationOfBenefit.diagnosis[2].diagnosisCodeableConcept.coding[0].code"},
        {"M19.90", cm, other, "ExplanationOfBenefit.diagnosis[3].diagnosisCodeableConcept.coding[0].code"}},
       {}},
      {"davinci-pas-testkit/conformant_pas_bundle_v110.json", "ReferralAuthorizationExample",
       {{"G89.4", cm, principal, "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {1}},
      {"davinci-pas-testkit/conformant_pas_bundle_v110_uuid.json", "75832284-6c15-488c-8237-0290624d5b98",
       {{"G89.4", cm, principal, "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {1}},
      {"davinci-pas-testkit/missing_referenced_resource_request_bundle.json", "ReferralAuthorizationExample",
       {{"G89.4", cm, principal, "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {1}},
      {"davinci-pas-testkit/pas_claim.json", "ReferralAuthorizationExample",
       {{"G89.4", cm, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {1}},
      // R4 writes these ICD-10-CM codes under the WHO ICD-10 URI; R4B and R5 fixed the system.
      {"hl7-r4-examples/Claim-MED-00050.json", "MED-00050",
       {{"M96.1", who, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"},
        {"G89.4", who, other, "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code"},
        {"M53.88", who, other, "Claim.diagnosis[2].diagnosisCodeableConcept.coding[0].code"},
        {"M47.816", who, other, "Claim.diagnosis[3].diagnosisCodeableConcept.coding[0].code"}},
       {2, 4}},
      {"hl7-r4b-examples/Claim-MED-00050.json", "MED-00050",
       {{"M96.1", cm, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"},
        {"G89.4", cm, other, "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code"},
        {"M53.88", cm, other, "Claim.diagnosis[2].diagnosisCodeableConcept.coding[0].code"},
        {"M47.816", cm, other, "Claim.diagnosis[3].diagnosisCodeableConcept.coding[0].code"}},
       {2, 4}},
      {"hl7-r5-examples/Claim-MED-00050.json", "MED-00050",
       {{"M96.1", cm, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"},
        {"G89.4", cm, other, "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code"},
        {"M53.88", cm, other, "Claim.diagnosis[2].diagnosisCodeableConcept.coding[0].code"},
        {"M47.816", cm, other, "Claim.diagnosis[3].diagnosisCodeableConcept.coding[0].code"}},
       {2, 4}},
      // Not ICD codes at all: "123457" under the WHO URI, "654456"/"123456" without a system.
      {"hl7-r4-examples/Claim-100153.json", "100153",
       {{"123457", who, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {1}},
      {"hl7-r4-examples/Claim-100152.json", "100152",
       {{"123456", none, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {}},
      {"hl7-r4-examples/Claim-860150.json", "860150",
       {{"654456", none, principal, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {}},
      {"hl7-r4-examples/Claim-960151.json", "960151",
       {{"654456", none, admitting, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {}},
      {"hl7-fhir-build/claim-example-institutional-rich.xml", "960151",
       {{"654456", none, admitting, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"}},
       {}},
      {"hl7-r4-examples/Claim-100156.json", "100156", {}, {}},
  };
  return claims;
}

TEST(FhirCorpus, HandCheckedClaims) {
  if (!fs::exists(corpus())) GTEST_SKIP() << "shared corpus not present";
  for (const ExpectedClaim& expected : hand_checked()) {
    SCOPED_TRACE(expected.file);
    const fs::path path = corpus() / expected.file;
    const Encoding encoding = path.extension() == ".xml" ? Encoding::xml : Encoding::json;
    const Parsed parsed = read(slurp(path), encoding, Options{});
    ASSERT_EQ(parsed.claims.size(), 1U);
    const Claim& claim = parsed.claims[0];
    EXPECT_EQ(claim.id, expected.id);
    ASSERT_EQ(claim.diagnoses.size(), expected.diagnoses.size());
    for (std::size_t i = 0; i < expected.diagnoses.size(); ++i) {
      EXPECT_EQ(claim.diagnoses[i].code_text, expected.diagnoses[i].code);
      EXPECT_EQ(claim.diagnoses[i].system, expected.diagnoses[i].system);
      EXPECT_EQ(claim.diagnoses[i].role, expected.diagnoses[i].role);
      EXPECT_EQ(claim.diagnoses[i].location, expected.diagnoses[i].location);
      EXPECT_EQ(claim.diagnoses[i].sequence, static_cast<int>(i) + 1);
    }
    if (!expected.first_line_pointers.empty()) {
      ASSERT_FALSE(claim.lines.empty());
      EXPECT_EQ(claim.lines[0].pointers, expected.first_line_pointers);
    }
  }
}

TEST(FhirCorpus, MedicalClaimDatesAndDischarge) {
  if (!fs::exists(corpus())) GTEST_SKIP() << "shared corpus not present";
  const Parsed r4 = read(slurp(corpus() / "hl7-r4-examples/Claim-MED-00050.json"), Encoding::json, Options{});
  ASSERT_EQ(r4.claims.size(), 1U);
  EXPECT_EQ(r4.claims[0].kind, ClaimKind::institutional);
  EXPECT_EQ(r4.claims[0].lines[0].service_from.iso(), "2015-10-13");
  EXPECT_EQ(r4.claims[0].discharge.iso(), "2015-10-05");  // supportingInfo "hospitalized" end
  const Parsed eob = read(slurp(corpus() / "carin-bb-testkit/c4bb_eob_inpatient_example.json"), Encoding::json, Options{});
  EXPECT_EQ(eob.claims[0].service_from.iso(), "2017-05-23");
}

// Conditions are not screened on their own, but their codes are what diagnosisReference
// brings in: the chosen coding must be the ICD-10-CM one wherever there is one.
TEST(FhirCorpus, ConditionCodesAsAReferenceWouldUseThem) {
  if (!fs::exists(corpus())) GTEST_SKIP() << "shared corpus not present";
  struct ExpectedCondition {
    const char* file;
    int entry;  // -1: the file is the Condition
    const char* code;
    CodeSystem system;
    const char* code_path;
  };
  // US Core's encounter diagnosis carries SNOMED first and ICD-10-CM Z38.00 second (the
  // T20.21 US Core example named in the brief is not part of this corpus).
  const std::vector<ExpectedCondition> expected = {
      {"us-core/condition-encounter-diagnosis-example2.json", -1, "Z38.00", cm, "code.coding[1].code"},
      {"fhir-test-cases/validator/bundle-enrl.json", 8, "E10.3211+TT1.2", cm, "code.coding[0].code"},
      {"hl7-r4-examples/Condition-example.json", -1, "39065001", CodeSystem::other, "code.coding[0].code"},
      {"hl7-r4-examples/Condition-example2.json", -1, "", none, "code"},
  };
  for (const ExpectedCondition& e : expected) {
    SCOPED_TRACE(e.file);
    Document document;
    ASSERT_FALSE(parse_json(slurp(corpus() / e.file), Limits{}, document).has_value());
    NodeId condition = document.tree.root();
    if (e.entry >= 0) {
      condition = document.tree.child(document.tree.children(condition, "entry")[static_cast<std::size_t>(e.entry)],
                                      "resource");
    }
    ASSERT_EQ(document.tree[condition].resource_type, "Condition");
    const ConditionFacts facts = condition_facts(document.tree, condition, nullptr);
    EXPECT_EQ(facts.code_text, e.code);
    EXPECT_EQ(facts.system, e.system);
    EXPECT_EQ(facts.code_path, e.code_path);
  }
}

TEST(FhirCorpus, SyntheaClaimsAloneLeaveEveryReferenceUnresolved) {
  const fs::path path = corpus() / "synthea-ndjson" / "Claim.ndjson";
  if (!fs::exists(path)) GTEST_SKIP() << "shared corpus not present";
  FileSource source(path);
  std::size_t unresolved = 0;
  const Outcome outcome = screen_ndjson(
      source, no_findings,
      [&](const Claim& claim, const ClaimResult&) {
        for (const Diagnosis& d : claim.diagnoses) unresolved += d.reference_unresolved ? 1 : 0;
      },
      Options{});
  EXPECT_EQ(outcome.claims, 192U);
  EXPECT_EQ(unresolved, 68U);
  EXPECT_TRUE(outcome.errors.empty());

  FileSource conditions(corpus() / "synthea-ndjson" / "Condition.ndjson");
  const Outcome only_conditions = screen_ndjson(conditions, no_findings, {}, Options{});
  EXPECT_TRUE(only_conditions.unreadable);
  ASSERT_EQ(only_conditions.errors.size(), 1U);
  EXPECT_EQ(only_conditions.errors[0].message, "no Claim or ExplanationOfBenefit to screen");
}

}  // namespace
}  // namespace dxs::fhir
