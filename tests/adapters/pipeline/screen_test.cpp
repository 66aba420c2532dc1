// screen() / screen_stream() over a small in-test Knowledge and the real X12/FHIR adapters.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "adapters/pipeline/pipeline.hpp"
#include "core/code_set.hpp"
#include "core/notes.hpp"

namespace dxs::pipeline {
namespace {

std::shared_ptr<const Knowledge> small_knowledge() {
  auto k = std::make_shared<Knowledge>();
  auto codes = CodeSet::parse(
      "# fiscal_year\t2026\n"
      "M24\t0\tOther specific joint derangements\tOther specific joint derangements\n"
      "M245\t0\tContracture of joint\tContracture of joint\n"
      "M2456\t0\tContracture, knee\tContracture, knee\n"
      "M24561\t1\tContracture, right knee\tContracture, right knee\n"
      "M62\t0\tOther disorders of muscle\tOther disorders of muscle\n"
      "M624\t0\tContracture of muscle\tContracture of muscle\n"
      "M6240\t1\tContracture of muscle, unsp site\tContracture of muscle, unspecified site\n"
      "M6245\t0\tContracture of muscle, thigh\tContracture of muscle, thigh\n"
      "M62451\t1\tContracture of muscle, right thigh\tContracture of muscle, right thigh\n"
      "M6281\t1\tMuscle weakness (generalized)\tMuscle weakness (generalized)\n",
      "test-codes-2026.tsv");
  EXPECT_TRUE(codes.ok()) << codes.error().message;
  k->code_sets.push_back(codes.value());
  auto notes = NoteIndex::parse("# fiscal_year\t2026\nexcludes1\tM62.4\tM24.5-\tcontracture of joint (M24.5-)\n",
                                "test-notes-2026.tsv");
  EXPECT_TRUE(notes.ok()) << notes.error().message;
  k->notes_by_fy[2026] = notes.value();
  k->version = "test-knowledge";
  return k;
}

std::string x12_claim(const std::string& hi, const std::string& pointers = "1:2") {
  std::vector<std::string> segs = {
      "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *251104*0930*^*00501*000000101*0*P*:",
      "GS*HC*SUBMITTER01*DXSCREEN*20251104*0930*101*X*005010X222A1",
      "ST*837*0001*005010X222A1",
      "BHT*0019*00*BATCH0101*20251104*0930*CH",
      "NM1*41*2*BILLING*****46*SUBMITTER01",
      "PER*IC*OFFICE*TE*5555550100",
      "NM1*40*2*PAYER*****46*PAYER01",
      "HL*1**20*1",
      "NM1*85*2*CLINIC*****XX*1234567893",
      "N3*100 MAIN STREET",
      "N4*SPRINGFIELD*IL*627010001",
      "REF*EI*123456789",
      "HL*2*1*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*TESTPATIENT*ALPHA****MI*MEMBER0101",
      "NM1*PR*2*PAYER*****PI*PAYER01",
      "CLM*PCN-1*150***11:B:1*Y*A*Y*Y",
      "HI*" + hi,
      "LX*1",
      "SV1*HC:97110*150*UN*1***" + pointers,
      "DTP*472*D8*20251103"};
  segs.push_back("SE*" + std::to_string(segs.size() - 1) + "*0001");
  segs.push_back("GE*1*101");
  segs.push_back("IEA*1*000000101");
  std::string out;
  for (const auto& s : segs) out += s + "~\n";
  return out;
}

std::string fhir_claim(const std::string& id, const std::string& code1, const std::string& code2) {
  return R"({"resourceType":"Claim","id":")" + id + R"(","status":"active",)"
         R"("type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},)"
         R"("use":"claim","patient":{"reference":"Patient/p1"},"created":"2025-11-04",)"
         R"("billablePeriod":{"start":"2025-11-03","end":"2025-11-03"},)"
         R"("provider":{"reference":"Organization/o1"},"priority":{"coding":[{"code":"normal"}]},)"
         R"("insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/c1"}}],)"
         R"("diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":")" +
         code1 + R"("}]}},{"sequence":2,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":")" +
         code2 + R"("}]}}],)"
         R"("item":[{"sequence":1,"diagnosisSequence":[1,2],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"97110"}]},"servicedDate":"2025-11-03"}]})";
}

class ScreenTest : public ::testing::Test {
 protected:
  Engine engine{Config{}, small_knowledge()};
  Request request(std::string_view bytes, ResponseKind kind = ResponseKind::json_report) {
    Request r;
    r.bytes = bytes;
    r.input_name = "in";
    r.response = kind;
    r.options.default_date = Date::from_ymd(2025, 11, 4);
    return r;
  }
};

TEST_F(ScreenTest, X12Excludes1PairRejectsTheClaim) {
  const std::string input = x12_claim("ABK:M62451*ABF:M24561");
  const InputReport report = screen(engine, request(input));
  EXPECT_EQ(report.kind, InputKind::x12);
  EXPECT_EQ(report.format, "x12-837P");
  ASSERT_EQ(report.results.size(), 1u);
  const ClaimResult& r = report.results[0];
  EXPECT_EQ(r.claim_id, "PCN-1");
  EXPECT_EQ(r.code_set, "icd10cm-2026");
  EXPECT_TRUE(r.rejected);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "excludes1");
  EXPECT_EQ(r.findings[0].codes, (std::vector<std::string>{"M24.561", "M62.451"}));
  EXPECT_EQ(report.verdict, Verdict::rejected);
  EXPECT_EQ(exit_code(report), 1);
  EXPECT_EQ(report.counts.rejected, 1u);
  EXPECT_EQ(report.media_type, "application/json");
  EXPECT_NE(report.response.find("\"rule\": \"excludes1\""), std::string::npos);
  EXPECT_EQ(report.code_set_version, "test-knowledge");
}

TEST_F(ScreenTest, X12CleanClaimIsAccepted) {
  const std::string input = x12_claim("ABK:M62451*ABF:M6281");
  const InputReport report = screen(engine, request(input));
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_FALSE(report.results[0].rejected);
  EXPECT_EQ(report.verdict, Verdict::accepted);
  EXPECT_EQ(exit_code(report), 0);
}

TEST_F(ScreenTest, X12ResponseHolds999And277ca) {
  const std::string input = x12_claim("ABK:M62451*ABF:M24561");
  const InputReport report = screen(engine, request(input, ResponseKind::x12));
  EXPECT_EQ(report.media_type, "application/edi-x12");
  EXPECT_EQ(report.response.rfind("ISA", 0), 0u);
  EXPECT_NE(report.response.find("ST*999*"), std::string::npos);
  EXPECT_NE(report.response.find("ST*277*"), std::string::npos);
  EXPECT_EQ(report.response, report.ta1 + report.ack999 + report.ack277ca);
  const InputReport only999 = screen(engine, request(input, ResponseKind::x12_999));
  EXPECT_EQ(only999.response, report.ack999);
  const InputReport only277 = screen(engine, request(input, ResponseKind::x12_277ca));
  EXPECT_EQ(only277.response, report.ack277ca);
}

TEST_F(ScreenTest, ProcessingTimeReachesTheAcks) {
  const std::string input = x12_claim("ABK:M62451*ABF:M6281");
  Request r = request(input, ResponseKind::x12);
  r.processing_time = "2026-02-03T04:05";
  const InputReport report = screen(engine, r);
  EXPECT_NE(report.response.find("*260203*0405*"), std::string::npos) << report.response;
}

TEST_F(ScreenTest, ResponseKindMustFitTheInput) {
  const std::string x12 = x12_claim("ABK:M62451");
  InputReport report = screen(engine, request(x12, ResponseKind::fhir));
  EXPECT_TRUE(report.usage_error);
  EXPECT_EQ(exit_code(report), 2);
  EXPECT_TRUE(report.response.empty());
  const std::string json = fhir_claim("c1", "M62.451", "M62.81");
  report = screen(engine, request(json, ResponseKind::x12));
  EXPECT_TRUE(report.usage_error);
  EXPECT_NE(report.usage_message.find("needs X12 input"), std::string::npos);
}

TEST_F(ScreenTest, UnknownAndEmptyInputsAreUnreadable) {
  for (std::string_view bytes : {std::string_view(""), std::string_view("hello"), std::string_view("\xEF\xBB\xBF  ")}) {
    const InputReport report = screen(engine, request(bytes));
    EXPECT_EQ(report.verdict, Verdict::error);
    EXPECT_TRUE(report.unreadable);
    EXPECT_EQ(exit_code(report), 2);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].rule, "x12-syntax");
    EXPECT_EQ(report.errors[0].severity, Severity::fatal);
    EXPECT_TRUE(report.results.empty());
  }
}

TEST_F(ScreenTest, InputLargerThanTheLimitIsRefused) {
  Config config;
  config.limits.max_input_bytes = 100;
  Engine small(config, small_knowledge());
  const std::string input = x12_claim("ABK:M62451");
  const InputReport report = screen(small, request(input));
  EXPECT_TRUE(report.unreadable);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].message.find("limits.max_input_bytes"), std::string::npos);
}

TEST_F(ScreenTest, RuleOverrideFromTheConfigChangesTheVerdict) {
  Config config = parse_config(R"({"rules": {"excludes1": {"severity": "warning"}}})", "t.json");
  Engine relaxed(config, small_knowledge());
  const std::string input = x12_claim("ABK:M62451*ABF:M24561");
  const InputReport report = screen(relaxed, request(input));
  ASSERT_EQ(report.results.size(), 1u);
  ASSERT_FALSE(report.results[0].findings.empty());
  EXPECT_EQ(report.results[0].findings[0].rule, "excludes1");
  EXPECT_EQ(report.results[0].findings[0].severity, Severity::warning);
  EXPECT_EQ(report.verdict, Verdict::accepted);
  // The engine's own knowledge is untouched by another engine's overrides.
  EXPECT_EQ(screen(engine, request(input)).verdict, Verdict::rejected);
}

TEST_F(ScreenTest, FhirJsonClaim) {
  const std::string json = fhir_claim("claim-1", "M62.451", "M24.561");
  const InputReport report = screen(engine, request(json, ResponseKind::fhir));
  EXPECT_EQ(report.kind, InputKind::fhir_json);
  EXPECT_EQ(report.format, "fhir-json");
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_EQ(report.results[0].claim_id, "claim-1");
  EXPECT_TRUE(report.results[0].rejected);
  EXPECT_EQ(report.media_type, "application/fhir+json");
  EXPECT_NE(report.response.find("OperationOutcome"), std::string::npos);
  EXPECT_NE(report.response.find("excludes1"), std::string::npos);
}

TEST_F(ScreenTest, FhirNdjsonOneClaimPerLine) {
  const std::string ndjson = fhir_claim("a", "M62.451", "M24.561") + "\n" + fhir_claim("b", "M62.451", "M62.81") + "\n";
  const InputReport report = screen(engine, request(ndjson));
  EXPECT_EQ(report.kind, InputKind::fhir_ndjson);
  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.counts.rejected, 1u);
  EXPECT_EQ(report.counts.accepted, 1u);
  EXPECT_EQ(report.verdict, Verdict::rejected);
}

class ChunkSource : public ByteSource {
 public:
  explicit ChunkSource(std::string text, std::size_t chunk) : text_(std::move(text)), chunk_(chunk) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, chunk_, text_.size() - pos_});
    std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string text_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

TEST_F(ScreenTest, StreamGivesTheSameResultsAsInMemory) {
  const std::string input = x12_claim("ABK:M62451*ABF:M24561");
  const InputReport whole = screen(engine, request(input, ResponseKind::x12));
  ChunkSource source(input, 7);
  std::vector<ClaimResult> streamed;
  const InputReport report = screen_stream(*engine.state(), source, request("", ResponseKind::x12),
                                           [&](const ClaimResult& r) { streamed.push_back(r); });
  EXPECT_TRUE(report.results.empty());
  ASSERT_EQ(streamed.size(), 1u);
  EXPECT_EQ(streamed[0].findings.size(), whole.results[0].findings.size());
  EXPECT_EQ(report.verdict, Verdict::rejected);
  EXPECT_EQ(report.response, whole.response);
  EXPECT_EQ(report.counts.claims, 1u);
}

TEST_F(ScreenTest, StreamReadsAWholeFhirDocument) {
  const std::string json = fhir_claim("claim-1", "M62.451", "M24.561");
  ChunkSource source(json, 5);
  std::size_t results = 0;
  const InputReport report = screen_stream(*engine.state(), source, request("", ResponseKind::fhir),
                                           [&](const ClaimResult&) { ++results; });
  EXPECT_EQ(results, 1u);
  EXPECT_EQ(report.kind, InputKind::fhir_json);
  EXPECT_NE(report.response.find("OperationOutcome"), std::string::npos);
}

}  // namespace
}  // namespace dxs::pipeline
