// Bad input through dxs::pipeline::screen over the shipped mappings: for every case the exact
// input errors (rule, severity, location, message), the response the caller gets (TA1 / 999 /
// OperationOutcome), the verdict and the exit code. Small cases are files in cases/; the big
// ones (10 MB segment, 100k-deep nesting, 1,000 diagnoses, binary noise) are generated here.
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "badinput_support.hpp"

namespace dxs::badinput {
namespace {

using pipeline::InputReport;
using pipeline::ResponseKind;
using pipeline::Verdict;

struct Expected {
  std::string rule;
  Severity severity;
  std::string location;
  std::string message;
};

void expect_errors(const InputReport& report, const std::vector<Expected>& expected) {
  ASSERT_EQ(report.errors.size(), expected.size()) << [&] {
    std::string all;
    for (const auto& e : report.errors) all += e.rule + " " + to_string(e.severity) + " [" + e.location + "] " + e.message + "\n";
    return all;
  }();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(report.errors[i].rule, expected[i].rule) << "error " << i;
    EXPECT_EQ(report.errors[i].severity, expected[i].severity) << "error " << i;
    EXPECT_EQ(report.errors[i].location, expected[i].location) << "error " << i;
    EXPECT_EQ(report.errors[i].message, expected[i].message) << "error " << i;
  }
}

void expect_outcome(const InputReport& report, Verdict verdict, int exit_code) {
  EXPECT_EQ(report.verdict, verdict) << to_string(report.verdict);
  EXPECT_EQ(pipeline::exit_code(report), exit_code);
  EXPECT_EQ(report.unreadable, exit_code == pipeline::exit_unreadable);
}

// The single fatal/structure issue of an OperationOutcome and its text.
void expect_fatal_structure_outcome(const InputReport& report, const std::string& text) {
  EXPECT_EQ(report.media_type.rfind("application/fhir+json", 0), 0u) << report.media_type;
  rapidjson::Document doc;
  doc.Parse(report.response.data(), report.response.size());
  ASSERT_FALSE(doc.HasParseError()) << report.response;
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc.HasMember("resourceType") && doc["resourceType"].IsString());
  EXPECT_STREQ(doc["resourceType"].GetString(), "OperationOutcome");
  ASSERT_TRUE(doc.HasMember("issue") && doc["issue"].IsArray());
  ASSERT_EQ(doc["issue"].Size(), 1u) << report.response;
  const auto& issue = doc["issue"][0];
  EXPECT_STREQ(issue["severity"].GetString(), "fatal");
  EXPECT_STREQ(issue["code"].GetString(), "structure");
  EXPECT_STREQ(issue["details"]["coding"][0]["code"].GetString(), "fhir-structure");
  EXPECT_EQ(std::string(issue["details"]["text"].GetString()), text);
}

std::string segment_text(const std::vector<std::string>& elements) {
  std::string out;
  for (std::size_t i = 0; i < elements.size(); ++i) out += (i ? "*" : "") + elements[i];
  return out;
}

std::vector<std::string> all_named(std::string_view x12, std::string_view id) {
  std::vector<std::string> out;
  for (const auto& s : segments_named(x12, id)) out.push_back(segment_text(s));
  return out;
}

std::string clean_837() { return read_file(source_dir() / "samples" / "x12" / "837p-clean.x12"); }

// ---------------------------------------------------------------------------------------------
// X12

TEST(BadInputX12, TruncatedInsideAClaimIsAnsweredWithTa1Code023) {
  const InputReport report = screen(case_bytes("x12-truncated.x12"), ResponseKind::x12);
  EXPECT_EQ(report.format, "x12-837P");
  expect_errors(report, {{"x12-syntax", Severity::error, "ST 0001", "transaction set has no SE trailer"},
                         {"x12-syntax", Severity::error, "ST 0001", "transaction set rejected (999 IK5 R)"},
                         {"x12-syntax", Severity::error, "GS 101", "functional group has no GE trailer"},
                         {"x12-syntax", Severity::fatal, "ISA 1", "interchange has no IEA trailer"}});
  EXPECT_EQ(all_named(report.response, "TA1"), std::vector<std::string>{"TA1*000000101*251104*0930*R*023"});
  EXPECT_EQ(report.response, report.ta1) << "an envelope rejected by TA1 gets no 999/277CA";
  expect_outcome(report, Verdict::rejected, pipeline::exit_rejected);
}

TEST(BadInputX12, TruncatedInsideTheIsaIsUnreadable) {
  const InputReport report = screen(case_bytes("x12-isa-truncated.x12"), ResponseKind::x12);
  expect_errors(report, {{"x12-syntax", Severity::fatal, "ISA",
                          "ISA does not have 16 elements (element separator unusable)"}});
  EXPECT_TRUE(report.response.empty()) << "no TA1 can be built from 60 bytes of ISA";
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputX12, DelimitersOtherThanTheIsaAnnouncesAreRejectedWithTa1Code024) {
  const InputReport report = screen(case_bytes("x12-wrong-delimiters.x12"), ResponseKind::x12);
  expect_errors(report, {{"x12-syntax", Severity::fatal, "ISA 1", "segment outside a transaction set"},
                         {"x12-syntax", Severity::fatal, "ISA 1", "interchange has no IEA trailer"}});
  EXPECT_EQ(all_named(report.response, "TA1"), std::vector<std::string>{"TA1*000000101*251104*0930*R*024"});
  EXPECT_TRUE(report.ack999.empty());
  EXPECT_TRUE(report.ack277ca.empty());
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputX12, BinaryNoiseIsNotRecognised) {
  const std::string bytes = noise(64 * 1024, 0x5EED);
  const InputReport report = screen(bytes, ResponseKind::x12);
  EXPECT_EQ(report.kind, pipeline::InputKind::unknown);
  char first[8];
  std::snprintf(first, sizeof first, "0x%02X", static_cast<unsigned char>(bytes[0]));
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].severity, Severity::fatal);
  EXPECT_EQ(report.errors[0].location, "offset 0");
  EXPECT_EQ(report.errors[0].message,
            std::string("not X12 (no ISA) and not FHIR JSON or XML: first byte ") + first + " at offset 0");
  EXPECT_TRUE(report.response.empty());
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputX12, BinaryNoiseAfterAValidHeaderIsRejectedSegmentBySegment) {
  const std::string clean = clean_837();
  const std::string bytes = clean.substr(0, clean.find("NM1*41")) + noise(64 * 1024, 0xB0B);
  const InputReport report = screen(bytes, ResponseKind::x12);
  EXPECT_EQ(report.format, "x12-837P");
  ASSERT_FALSE(report.errors.empty());
  EXPECT_LE(report.errors.size(), 1001u) << "limits.max_errors bounds the list";
  for (const auto& e : report.errors) EXPECT_EQ(e.rule, "x12-syntax") << e.message;
  EXPECT_EQ(report.errors.front().message, "unrecognized segment id");
  EXPECT_EQ(report.counts.claims, 0u);
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputX12, TenMegabyteSegmentIsSkippedAndTheTransactionRejected) {
  std::string clean = clean_837();
  const std::size_t at = clean.find("HL*1**20*1");
  const std::string bytes =
      clean.substr(0, at) + "NTE*ADD*" + std::string(10u << 20, 'A') + "~\n" + clean.substr(at);
  const InputReport report = screen(bytes, ResponseKind::x12);
  expect_errors(report,
                {{"x12-syntax", Severity::error, "ST 0001 segment 6 ?",
                  "segment longer than 65536 bytes (segment terminator missing?)"},
                 {"x12-syntax", Severity::error, "ST 0001",
                  "SE01 segment count does not match the 36 segments of the transaction set"},
                 {"x12-syntax", Severity::error, "ST 0001", "transaction set rejected (999 IK5 R)"}});
  EXPECT_EQ(all_named(report.ack999, "IK5"), std::vector<std::string>{"IK5*R*5*4"});
  EXPECT_EQ(all_named(report.ack999, "AK9"), std::vector<std::string>{"AK9*R*1*1*0"});
  EXPECT_TRUE(report.ack277ca.empty()) << "no 277CA for a rejected transaction set";
  EXPECT_TRUE(report.ta1.empty());
  expect_outcome(report, Verdict::rejected, pipeline::exit_rejected);
}

TEST(BadInputX12, AThousandDiagnosesAreCutAtTheConfiguredLimit) {
  // 84 HI segments of 12 composites on the first claim of the clean sample.
  const char* codes[] = {"M62411", "M62412", "M6281", "R531", "M62830", "M25511", "M5450", "I10", "E119", "Z96651"};
  std::string his;
  for (int n = 0; n < 1000;) {
    his += "HI";
    for (int k = 0; k < 12 && n < 1000; ++k, ++n) his += std::string(n == 0 ? "*ABK:" : "*ABF:") + codes[n % 10];
    his += "~\n";
  }
  std::string x12 = clean_837();
  const std::string original_hi = "HI*ABK:M62411*ABF:M62462~\n";
  x12.replace(x12.find(original_hi), original_hi.size(), his);
  x12.replace(x12.find("SE*35*0001"), 10, "SE*" + std::to_string(35 - 1 + 84) + "*0001");
  const InputReport report = screen(x12, ResponseKind::x12);

  // 256 codes are kept (limits.max_diagnoses): HI segments 22..84 of the claim each get an error.
  ASSERT_EQ(report.errors.size(), 63u);
  for (std::size_t i = 0; i < report.errors.size(); ++i) {
    EXPECT_EQ(report.errors[i].rule, "x12-syntax");
    EXPECT_EQ(report.errors[i].severity, Severity::error);
    EXPECT_EQ(report.errors[i].location, "ST 0001 segment " + std::to_string(40 + i) + " HI");
    EXPECT_EQ(report.errors[i].message, "too many diagnosis codes on one claim");
  }
  EXPECT_EQ(all_named(report.ack999, "IK5"), std::vector<std::string>{"IK5*E*5"});
  EXPECT_EQ(all_named(report.ack999, "IK3").size(), 63u);
  ASSERT_EQ(report.results.size(), 2u);
  const ClaimResult& big = report.results[0];
  EXPECT_TRUE(big.rejected);
  std::vector<std::string> rules;
  for (const auto& f : big.findings) rules.push_back(f.rule);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "duplicate-code"), 10) << "one finding per repeated code";
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "excludes1"), 1) << "M62.81 with R53.1, once";
  expect_outcome(report, Verdict::rejected, pipeline::exit_rejected);
}

TEST(BadInputX12, Utf16LittleEndianIsDecodedAndScreened) {
  const InputReport report = screen(case_bytes("x12-utf16le.x12"), ResponseKind::x12);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.format, "x12-837P");
  EXPECT_EQ(report.counts.claims, 2u);
  EXPECT_EQ(all_named(report.ack999, "AK9"), std::vector<std::string>{"AK9*A*1*1*1"});
  EXPECT_EQ(all_named(report.ack277ca, "STC").size(), 4u);
  EXPECT_EQ(report.ack999, screen(clean_837(), ResponseKind::x12).ack999) << "same answer as the UTF-8 file";
  expect_outcome(report, Verdict::accepted, pipeline::exit_accepted);
}

TEST(BadInputX12, InvalidUtf8InANameIsPassedThroughAsBytes) {
  const InputReport report = screen(case_bytes("x12-invalid-utf8.x12"), ResponseKind::json_report);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.counts.claims, 2u);
  rapidjson::Document doc;
  doc.Parse(report.response.data(), report.response.size());
  EXPECT_FALSE(doc.HasParseError()) << "the JSON report stays valid JSON";
  expect_outcome(report, Verdict::accepted, pipeline::exit_accepted);
}

TEST(BadInputX12, NulBytesInAClaimIdAreAnInvalidCharacterAndNeverEchoed) {
  const InputReport json = screen(case_bytes("x12-nul-bytes.x12"), ResponseKind::json_report);
  EXPECT_EQ(json.format, "x12-837P");
  expect_errors(json, {{"x12-syntax", Severity::error, "ST 0001 segment 18 CLM",
                        "element 01 contains a control character"}});
  rapidjson::Document doc;
  doc.Parse(json.response.data(), json.response.size());
  ASSERT_FALSE(doc.HasParseError()) << json.response;
  EXPECT_EQ(json.response.find('\0'), std::string::npos) << "escaped in the JSON report";

  const InputReport x12 = screen(case_bytes("x12-nul-bytes.x12"), ResponseKind::x12);
  EXPECT_EQ(all_named(x12.ack999, "IK3"), std::vector<std::string>{"IK3*CLM*18*2300*8"});
  EXPECT_EQ(all_named(x12.ack999, "IK4"), std::vector<std::string>{"IK4*1**6"}) << "IK403 6, no IK404 copy";
  EXPECT_EQ(all_named(x12.ack999, "IK5"), std::vector<std::string>{"IK5*E*5"});
  EXPECT_EQ(x12.ack999.find('\0'), std::string::npos);
  EXPECT_EQ(x12.ack277ca.find('\0'), std::string::npos) << "TRN02 without the NULs";
  const auto trn = all_named(x12.ack277ca, "TRN");
  EXPECT_NE(std::find(trn.begin(), trn.end(), "TRN*2*PCN P 0101"), trn.end());
  const auto stc = all_named(x12.ack277ca, "STC");
  EXPECT_EQ(std::count_if(stc.begin(), stc.end(), [](const std::string& s) { return s.rfind("STC*A3:684*", 0) == 0; }), 1)
      << "the claim named in the 999 is A3:684";
}

TEST(BadInputX12, HugeNumbersAreElementErrorsNotOverflows) {
  const InputReport report = screen(case_bytes("x12-huge-numbers.x12"), ResponseKind::x12);
  expect_errors(report, {{"x12-syntax", Severity::error, "ST 0001 segment 18 CLM",
                          "CLM02 total claim charge is not a number"}});
  EXPECT_EQ(all_named(report.ack999, "IK3"), std::vector<std::string>{"IK3*CLM*18*2300*8"});
  const auto ik4 = segments_named(report.ack999, "IK4");
  ASSERT_EQ(ik4.size(), 1u);
  EXPECT_EQ(ik4[0][1], "2");
  EXPECT_EQ(ik4[0][2], "782");
  EXPECT_EQ(ik4[0][3], "6");
  ASSERT_EQ(ik4[0].size(), 5u);
  EXPECT_EQ(ik4[0][4], std::string(99, '9')) << "IK404 is AN 1..99: the copy is cut";
  EXPECT_EQ(all_named(report.ack999, "IK5"), std::vector<std::string>{"IK5*E*5"});
  ASSERT_EQ(report.results.size(), 2u);
  ASSERT_EQ(report.results[0].findings.size(), 1u);
  EXPECT_EQ(report.results[0].findings[0].rule, "pointer-invalid") << "pointer 99999999999999999999";
  expect_outcome(report, Verdict::rejected, pipeline::exit_rejected);
}

// ---------------------------------------------------------------------------------------------
// FHIR

TEST(BadInputFhir, HundredThousandNestedObjectsStopAtTheDepthLimit) {
  std::string json = R"({"resourceType":"Claim","id":"deep","text":)";
  for (int i = 0; i < 100000; ++i) json += R"({"div":)";
  json += "1" + std::string(100000, '}') + "}";
  const InputReport report = screen(json, ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 1, column 485", "nesting deeper than 64 levels"}});
  expect_fatal_structure_outcome(report, "nesting deeper than 64 levels");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, HundredThousandNestedArraysAreNotFhirJson) {
  const std::string json = R"({"resourceType":"Claim","id":"deep","extension":)" + std::string(100000, '[') +
                           std::string(100000, ']') + "}";
  const InputReport report = screen(json, ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 1, column 50",
                          "an array directly inside an array is not FHIR JSON"}});
  expect_fatal_structure_outcome(report, "an array directly inside an array is not FHIR JSON");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, HundredThousandNestedXmlElementsStopAtTheDepthLimit) {
  std::string xml = R"(<Claim xmlns="http://hl7.org/fhir">)";
  for (int i = 0; i < 100000; ++i) xml += "<extension>";
  for (int i = 0; i < 100000; ++i) xml += "</extension>";
  xml += "</Claim>";
  const InputReport report = screen(xml, ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 1, column 729", "nesting deeper than 64 levels"}});
  EXPECT_EQ(report.media_type.rfind("application/fhir+xml", 0), 0u);
  EXPECT_NE(report.response.find(R"(<severity value="fatal"/>)"), std::string::npos) << report.response;
  EXPECT_NE(report.response.find(R"(<code value="structure"/>)"), std::string::npos);
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, BillionLaughsIsRefusedBeforeAnyEntityIsExpanded) {
  const InputReport report = screen(case_bytes("xml-billion-laughs.xml"), ResponseKind::fhir_json);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 2, column 1",
                          "DOCTYPE and DTD declarations are not allowed in FHIR XML"}});
  expect_fatal_structure_outcome(report, "DOCTYPE and DTD declarations are not allowed in FHIR XML");
  EXPECT_LT(report.response.size(), 4096u);
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, ExternalEntityIsRefusedAndNothingIsRead) {
  const InputReport report = screen(case_bytes("xml-external-entity.xml"), ResponseKind::fhir_json);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 2, column 1",
                          "DOCTYPE and DTD declarations are not allowed in FHIR XML"}});
  expect_fatal_structure_outcome(report, "DOCTYPE and DTD declarations are not allowed in FHIR XML");
  EXPECT_EQ(report.response.find("root:"), std::string::npos);
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, InvalidUtf8IsAStructureError) {
  const InputReport report = screen(case_bytes("fhir-invalid-utf8.json"), ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 3, column 54", "invalid UTF-8 byte sequence"}});
  expect_fatal_structure_outcome(report, "invalid UTF-8 byte sequence");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, NulByteIsAStructureError) {
  const InputReport report = screen(case_bytes("fhir-nul-byte.json"), ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 3, column 54", "NUL byte in the input"}});
  expect_fatal_structure_outcome(report, "NUL byte in the input");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, HugeNumbersAreAStructureError) {
  const InputReport report = screen(case_bytes("fhir-huge-numbers.json"), ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 6, column 29",
                          "malformed JSON: Number too big to be stored in double."}});
  expect_fatal_structure_outcome(report, "malformed JSON: Number too big to be stored in double.");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, DuplicateKeysAreAStructureError) {
  const InputReport report = screen(case_bytes("fhir-duplicate-keys.json"), ResponseKind::fhir);
  expect_errors(report, {{"fhir-structure", Severity::fatal, "line 1, column 45", "duplicate property \"id\""}});
  expect_fatal_structure_outcome(report, "duplicate property \"id\"");
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, Utf16JsonIsRefusedAsFhirWithAnOperationOutcome) {
  // FHIR requires UTF-8: the UTF-16 Claim is recognised as FHIR and refused as a whole.
  const InputReport json = screen(case_bytes("fhir-utf16le.json"), ResponseKind::json_report);
  EXPECT_EQ(json.format, "fhir-json");
  expect_errors(json, {{"fhir-structure", Severity::fatal, "line 1, column 1", "UTF-16 is not supported, send UTF-8"}});
  EXPECT_EQ(json.counts.claims, 0u);
  expect_outcome(json, Verdict::error, pipeline::exit_unreadable);

  const InputReport fhir = screen(case_bytes("fhir-utf16le.json"), ResponseKind::fhir);
  EXPECT_FALSE(fhir.usage_error) << fhir.usage_message;
  expect_errors(fhir, {{"fhir-structure", Severity::fatal, "line 1, column 1", "UTF-16 is not supported, send UTF-8"}});
  expect_fatal_structure_outcome(fhir, "UTF-16 is not supported, send UTF-8");
  expect_outcome(fhir, Verdict::error, pipeline::exit_unreadable);
}

TEST(BadInputFhir, AThousandDiagnosesAreScreenedWithOneFindingPerRepeatedCode) {
  const char* codes[] = {"M62.411", "M62.412", "M62.81", "R53.1", "M62.830", "M25.511", "M54.50", "I10", "E11.9", "Z96.651"};
  std::string dx;
  for (int i = 0; i < 1000; ++i) {
    if (i) dx += ",";
    dx += R"({"sequence":)" + std::to_string(i + 1) +
          R"(,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":")" +
          codes[i % 10] + R"("}]}})";
  }
  const std::string json =
      R"({"resourceType":"Claim","id":"thousand","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/example"},"billablePeriod":{"start":"2025-11-03","end":"2025-11-03"},"created":"2025-11-04","provider":{"reference":"Organization/example"},"priority":{"coding":[{"code":"normal"}]},"diagnosis":[)" +
      dx +
      R"(],"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/example"}}],"item":[{"sequence":1,"diagnosisSequence":[1,2],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"97110"}]},"servicedDate":"2025-11-03"}]})";
  const InputReport report = screen(json, ResponseKind::fhir);
  EXPECT_TRUE(report.errors.empty());
  ASSERT_EQ(report.results.size(), 1u);
  std::vector<std::string> rules;
  for (const auto& f : report.results[0].findings) rules.push_back(f.rule);
  EXPECT_EQ(rules.size(), 11u);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "duplicate-code"), 10);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "excludes1"), 1);
  EXPECT_EQ(report.results[0].findings[0].location, "Claim.diagnosis[10].diagnosisCodeableConcept.coding[0].code");
  expect_outcome(report, Verdict::rejected, pipeline::exit_rejected);
}

TEST(BadInputFhir, BinaryNoiseBehindABraceIsMalformedJson) {
  const std::string bytes = "{" + noise(4096, 0xF00D);
  const InputReport report = screen(bytes, ResponseKind::fhir);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].rule, "fhir-structure");
  EXPECT_EQ(report.errors[0].severity, Severity::fatal);
  expect_outcome(report, Verdict::error, pipeline::exit_unreadable);
}

}  // namespace
}  // namespace dxs::badinput
