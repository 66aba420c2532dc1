#include "adapters/x12/reader837.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

using testing::make_837;
using testing::professional_claim;

Parsed read(const std::string& text) { return read_837(text, Limits{}); }

bool has_error_containing(const Parsed& p, const std::string& text) {
  for (const auto& e : p.errors) {
    if (e.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Reader837, ProfessionalClaimDiagnosesLinesAndPointers) {
  const auto p = read(make_837(professional_claim({
      "DTP*431*D8*20241201",
      "HI*ABK:M6281*ABF:M62411*ABF:R531",
      "LX*1",
      "SV1*HC:97110:GP*75*UN*1***1:2",
      "DTP*472*D8*20250110",
      "LX*2",
      "SV1*HC:97140*75*UN*1***3:4",
      "DTP*472*RD8*20250111-20250112",
  })));
  ASSERT_TRUE(p.errors.empty()) << p.errors.front().message;
  ASSERT_EQ(p.claims.size(), 1u);
  const Claim& c = p.claims[0];
  EXPECT_EQ(c.id, "PCN0001");
  EXPECT_EQ(c.kind, ClaimKind::professional);
  EXPECT_EQ(c.format, InputFormat::x12_837p);
  EXPECT_EQ(p.format, "x12-837P");
  ASSERT_EQ(c.diagnoses.size(), 3u);
  EXPECT_EQ(c.diagnoses[0].code_text, "M6281");
  EXPECT_EQ(c.diagnoses[0].role, DiagnosisRole::principal);
  EXPECT_EQ(c.diagnoses[0].system, CodeSystem::icd10cm);
  EXPECT_EQ(c.diagnoses[0].qualifier, "ABK");
  EXPECT_EQ(c.diagnoses[0].sequence, 1);
  EXPECT_EQ(c.diagnoses[0].location, "2300 HI01-2");
  ASSERT_TRUE(c.diagnoses[0].code.has_value());
  EXPECT_EQ(c.diagnoses[0].code->dotted(), "M62.81");
  EXPECT_EQ(c.diagnoses[2].role, DiagnosisRole::other);
  EXPECT_EQ(c.diagnoses[2].sequence, 3);
  EXPECT_EQ(c.diagnoses[2].location, "2300 HI03-2");
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].procedure, "HC:97110:GP");
  EXPECT_EQ(c.lines[0].pointers, (std::vector<int>{1, 2}));
  EXPECT_EQ(c.lines[0].location, "2400 SV1-07");
  EXPECT_EQ(c.lines[0].service_from, Date::from_ymd(2025, 1, 10));
  EXPECT_EQ(c.lines[1].pointers, (std::vector<int>{3, 4})) << "pointers kept as received";
  EXPECT_EQ(c.lines[1].service_from, Date::from_ymd(2025, 1, 11));
  EXPECT_EQ(c.lines[1].service_to, Date::from_ymd(2025, 1, 12));
  EXPECT_FALSE(c.service_from.known()) << "DTP*431 (onset) is not a service date";
}

TEST(Reader837, InstitutionalRolesPoaSequenceAndNonDiagnosisQualifiers) {
  const auto p = read(make_837(professional_claim({
                                   "DTP*096*TM*1130",
                                   "DTP*434*RD8*20250101-20250105",
                                   "HI*ABK:M24562:::::::N",
                                   "HI*ABJ:R531",
                                   "HI*APR:R529",
                                   "HI*ABN:W010XXA:::::::Y",
                                   "HI*ABF:M6281:::::::Y*ABF:E119:::::::U",
                                   "HI*BE:A2:::15.31*BG:09",
                                   "HI*BH:A1:D8:20250101",
                                   "LX*1",
                                   "SV2*0420*HC:97110*300*UN*4",
                               }),
                               "005010X223A2"));
  ASSERT_TRUE(p.errors.empty()) << p.errors.front().message;
  ASSERT_EQ(p.claims.size(), 1u);
  const Claim& c = p.claims[0];
  EXPECT_EQ(c.kind, ClaimKind::institutional);
  EXPECT_EQ(p.format, "x12-837I");
  ASSERT_EQ(c.diagnoses.size(), 6u) << "BE/BG/BH composites are not diagnoses";
  EXPECT_EQ(c.diagnoses[0].role, DiagnosisRole::principal);
  EXPECT_EQ(c.diagnoses[0].poa, 'N');
  EXPECT_EQ(c.diagnoses[1].role, DiagnosisRole::admitting);
  EXPECT_EQ(c.diagnoses[2].role, DiagnosisRole::reason_for_visit);
  EXPECT_EQ(c.diagnoses[3].role, DiagnosisRole::external_cause);
  EXPECT_EQ(c.diagnoses[3].poa, 'Y');
  EXPECT_EQ(c.diagnoses[5].poa, 'U');
  EXPECT_EQ(c.diagnoses[5].sequence, 6);
  EXPECT_EQ(c.diagnoses[0].location, "2300 HI[1]01-2");
  EXPECT_EQ(c.diagnoses[5].location, "2300 HI[5]02-2");
  EXPECT_EQ(c.statement_from, Date::from_ymd(2025, 1, 1));
  EXPECT_EQ(c.statement_to, Date::from_ymd(2025, 1, 5));
  EXPECT_FALSE(c.discharge.known()) << "DTP*096 TM is an hour, not a date";
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_TRUE(c.lines[0].pointers.empty()) << "SV2 has no pointers";
  EXPECT_EQ(c.lines[0].location, "2400 SV2");
  EXPECT_EQ(p.stats.hi_qualifiers.at("BE"), 1u);
  EXPECT_EQ(p.stats.hi_qualifiers.at("ABF"), 2u);
  EXPECT_EQ(p.stats.hi_segments, 7u);
}

TEST(Reader837, Icd9QualifiersAndDottedCodesKeptAsReceived) {
  const auto p = read(make_837(professional_claim({"HI*BK:M545*BF:366.9", "LX*1", "SV1*HC:99213*50*UN*1***1"})));
  ASSERT_EQ(p.claims.size(), 1u);
  const auto& d = p.claims[0].diagnoses;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].system, CodeSystem::icd9cm);
  EXPECT_EQ(d[0].role, DiagnosisRole::principal);
  EXPECT_EQ(d[1].code_text, "366.9");
  EXPECT_FALSE(d[1].code.has_value()) << "ICD-9 366.9 is not ICD-10 shaped";
}

TEST(Reader837, PatientLoopAndRepeatedCobLoopsDoNotConfuseTheClaim) {
  std::vector<std::string> body = {
      "BHT*0019*00*B1*20250110*0900*CH",
      "NM1*41*2*SUB*****46*S1",
      "HL*1**20*1",
      "NM1*85*2*BILLING*****XX*1234567893",
      "HL*2*1*22*1",
      "SBR*S*********CI",
      "NM1*IL*1*SUBSCRIBER*SAM****MI*MEMBER1",
      "HL*3*2*23*0",
      "PAT*19",
      "NM1*QC*1*PATIENT*PAT",
      "CLM*CLAIM-A*100***11:B:1*Y*A*Y*Y",
      "HI*ABK:J209",
      "SBR*P*01*******MB",
      "NM1*IL*1*OTHER*INSURED****MI*OTHER1",
      "NM1*PR*2*OTHER PAYER*****PI*999",
      "SBR*T*01*******CI",
      "NM1*IL*1*THIRD*INSURED****MI*OTHER2",
      "DTP*472*D8*20240101",
      "HI*ABF:R05",
      "LX*1",
      "SV1*HC:99213*100*UN*1***1",
      "DTP*472*D8*20250102",
      "CLM*CLAIM-B*50***11:B:1*Y*A*Y*Y",
      "HI*ABK:R05",
  };
  const auto p = read(make_837(body));
  ASSERT_EQ(p.claims.size(), 2u);
  EXPECT_EQ(p.claims[0].id, "CLAIM-A");
  EXPECT_FALSE(p.claims[0].service_from.known()) << "a DTP inside 2320 is not the claim date";
  ASSERT_EQ(p.claims[0].lines.size(), 1u);
  EXPECT_EQ(p.claims[0].lines[0].service_from, Date::from_ymd(2025, 1, 2));
  EXPECT_EQ(p.claims[1].id, "CLAIM-B");
  EXPECT_EQ(p.claims[1].diagnoses.size(), 1u);
}

TEST(Reader837, DentalPointersInSv311) {
  const auto p = read(make_837(professional_claim({"HI*ABK:K0251*ABF:K0252", "LX*1", "SV3*AD:D2391*120****1**1***1:2"}),
                               "005010X224A2"));
  ASSERT_EQ(p.claims.size(), 1u);
  EXPECT_EQ(p.claims[0].kind, ClaimKind::dental);
  ASSERT_EQ(p.claims[0].lines.size(), 1u);
  EXPECT_EQ(p.claims[0].lines[0].pointers, (std::vector<int>{1, 2}));
  EXPECT_EQ(p.claims[0].lines[0].location, "2400 SV3-11");
}

TEST(Reader837, ServiceLinesWinOverADisagreeingGuideWithAWarning) {
  const auto p = read(make_837(professional_claim({"HI*ABK:J209", "LX*1", "SV2*0450*HC:99283*300*UN*1"})));
  ASSERT_EQ(p.claims.size(), 1u);
  EXPECT_EQ(p.claims[0].kind, ClaimKind::institutional);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].severity, Severity::warning);
  EXPECT_NE(p.errors[0].message.find("837P"), std::string::npos);
}

TEST(Reader837, ForeignComponentSeparatorInHiIsReadAndReported) {
  const auto p = read(make_837(professional_claim({"HI*BK>7215*BF>25000", "LX*1", "SV1*HC:99213*50*UN*1***1"})));
  ASSERT_EQ(p.claims.size(), 1u);
  ASSERT_EQ(p.claims[0].diagnoses.size(), 2u);
  EXPECT_EQ(p.claims[0].diagnoses[0].code_text, "7215");
  EXPECT_TRUE(has_error_containing(p, "component separator"));
}

TEST(Reader837, MissingAndMisplacedPrincipalAreReported) {
  const auto none = read(make_837(professional_claim({"LX*1", "SV1*HC:99213*50*UN*1***1"})));
  ASSERT_EQ(none.claims.size(), 1u);
  EXPECT_TRUE(has_error_containing(none, "no HI diagnosis"));
  const auto other_only = read(make_837(professional_claim({"HI*ABF:J209", "LX*1", "SV1*HC:99213*50*UN*1***1"})));
  EXPECT_TRUE(has_error_containing(other_only, "no principal diagnosis"));
  const auto two = read(make_837(professional_claim({"HI*ABK:J209", "HI*ABK:R05"})));
  EXPECT_TRUE(has_error_containing(two, "second principal"));
  for (const auto& e : two.errors) {
    EXPECT_EQ(e.message.find("J209"), std::string::npos) << "no payload in messages";
  }
}

std::vector<std::string> ack_segments(const std::string& ack, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& seg : testing::split_x12(ack).all(id)) {
    std::string joined;
    for (std::size_t i = 0; i < seg.size(); ++i) joined += (i ? "*" : "") + seg[i];
    out.push_back(joined);
  }
  return out;
}

// Regression (fuzz finding 11, heap-use-after-free): element errors of an HI that come after
// its "second principal" IK3 go to that HI's first IK3, whatever the error vector did meanwhile.
TEST(Reader837, ElementErrorsAfterASecondPrincipalStayOnTheirHi) {
  const std::string text = make_837(professional_claim({"HI*ABK", "HI*ABK*ZZZ:1*QQ:2*ABF"}));
  const auto out = screen(text, testing::accept_all(), ResultSink{}, testing::fixed_options());
  EXPECT_EQ(out.claims, 1u);
  EXPECT_EQ(ack_segments(out.ack999, "IK3"),
            (std::vector<std::string>{"IK3*HI*16*2300*8", "IK3*HI*17*2300*8", "IK3*HI*17*2300*5"}));
  EXPECT_EQ(ack_segments(out.ack999, "IK4"),
            (std::vector<std::string>{"IK4*1:2*1271*1", "IK4*1:2*1271*1", "IK4*2:1*1270*7*ZZZ",
                                      "IK4*3:1*1270*7*QQ", "IK4*4:2*1271*1"}));
  // The minimised fuzz input itself.
  const auto tiny = screen(std::string("ISA****************:~ST*837~CLM~HI*BK~HI*BK*1"), testing::accept_all(),
                           ResultSink{}, testing::fixed_options());
  EXPECT_EQ(tiny.claims, 1u);
}

TEST(Reader837, ControlBytesInElementsAreIk403SixAndNeverEchoed) {
  const std::string clm01("PCN\0P\x01" "01", 8);
  const std::string text = make_837(professional_claim({"HI*ABK:J2\x1B" "09*ABF:R05", "NTE*ADD*A\x07"}, clm01));
  const auto out = screen(text, testing::accept_all(), ResultSink{}, testing::fixed_options());
  ASSERT_EQ(out.claims, 1u);
  EXPECT_EQ(ack_segments(out.ack999, "IK3"),
            (std::vector<std::string>{"IK3*CLM*15*2300*8", "IK3*HI*16*2300*8", "IK3*NTE*17*2300*8"}));
  EXPECT_EQ(ack_segments(out.ack999, "IK4"),
            (std::vector<std::string>{"IK4*1**6", "IK4*1:2**6", "IK4*2**6"}));
  EXPECT_EQ(ack_segments(out.ack999, "IK5"), std::vector<std::string>{"IK5*E*5"});
  std::vector<std::string> messages;
  for (const auto& e : out.errors) messages.push_back(e.location + " " + e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"ST 0001 segment 15 CLM element 01 contains a control character",
                                                "ST 0001 segment 16 HI element 01 contains a control character",
                                                "ST 0001 segment 17 NTE element 02 contains a control character"}));
  EXPECT_EQ(ack_segments(out.ack277ca, "TRN").back(), "TRN*2*PCN P 01") << "blanks instead of the control bytes";
  for (const std::string* ack : {&out.ack999, &out.ack277ca}) {
    for (char c : *ack) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\n') << static_cast<int>(c);
  }
}

TEST(Reader837, Ik404IsAtMost99Characters) {
  std::string text = make_837(professional_claim({"HI*ABK:J209"}));
  text.replace(text.find("CLM*PCN0001*150"), 15, "CLM*PCN0001*" + std::string(400, '9') + "X");
  const auto out = screen(text, testing::accept_all(), ResultSink{}, testing::fixed_options());
  const auto ik4 = testing::split_x12(out.ack999).all("IK4");
  ASSERT_EQ(ik4.size(), 1u);
  EXPECT_EQ(ik4[0][3], "6");
  EXPECT_EQ(ik4[0][4], std::string(99, '9'));
}

TEST(Reader837, PointersKeepTheirNumberUpToNineDigits) {
  const auto p = read(make_837(professional_claim(
      {"HI*ABK:J209", "LX*1", "SV1*HC:99213*50*UN*1***0003:12345:99999999999999999999:A:000000000000000002"})));
  ASSERT_EQ(p.claims.size(), 1u);
  ASSERT_EQ(p.claims[0].lines.size(), 1u);
  EXPECT_EQ(p.claims[0].lines[0].pointers,
            (std::vector<int>{3, 12345, std::numeric_limits<int>::max(), 0, 2}));
}

TEST(Reader837, ClmAndDateChecks) {
  const auto p = read(make_837(professional_claim({"HI*ABK:J209", "DTP*472*D8*20251345"},
                                                  std::string(40, 'X'))));
  EXPECT_TRUE(has_error_containing(p, "CLM01 is longer than 38"));
  EXPECT_TRUE(has_error_containing(p, "DTP*472 date is invalid"));
  ASSERT_EQ(p.claims.size(), 1u) << "a claim with element errors is still read";
}

TEST(Reader837, EnvelopeCountsAndControlNumbers) {
  std::string text = make_837(professional_claim({"HI*ABK:J209"}));
  const auto good = read(text);
  EXPECT_TRUE(good.errors.empty());
  std::string bad_count = text;
  bad_count.replace(bad_count.find("SE*17*"), 6, "SE*25*");
  EXPECT_TRUE(has_error_containing(read(bad_count), "SE01"));
  std::string bad_iea = text;
  bad_iea.replace(bad_iea.find("IEA*1*000000077"), 15, "IEA*1*000000078");
  EXPECT_TRUE(has_error_containing(read(bad_iea), "IEA02"));
  std::string no_iea = text.substr(0, text.find("IEA*"));
  EXPECT_TRUE(has_error_containing(read(no_iea), "no IEA"));
  std::string bad_ge = text;
  bad_ge.replace(bad_ge.find("GE*1*77"), 7, "GE*2*77");
  EXPECT_TRUE(has_error_containing(read(bad_ge), "GE01"));
}

TEST(Reader837, SingleDateUnderRd8IsReportedButStillDatesTheClaim) {
  const auto p = read(make_837(professional_claim({"DTP*434*RD8*19960911", "HI*ABK:J209"})));
  EXPECT_TRUE(has_error_containing(p, "DTP*434 date is invalid"));
  ASSERT_EQ(p.claims.size(), 1u);
  EXPECT_EQ(p.claims[0].statement_from, Date::from_ymd(1996, 9, 11));
}

TEST(Reader837, TextBeforeTheIsaIsSkippedWithAWarning) {
  const auto p = read("Example 1 - a claim\n\nsome prose with VISA * in it\n" +
                      make_837(professional_claim({"HI*ABK:J209"})));
  EXPECT_FALSE(p.unreadable);
  ASSERT_EQ(p.claims.size(), 1u);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].severity, Severity::warning);
}

TEST(Reader837, StrictModeReportsDottedCodes) {
  const std::string text = make_837(professional_claim({"HI*ABK:J20.9"}));
  Options strict = testing::fixed_options();
  strict.ack.strict = true;
  const auto tolerant = screen(text, testing::accept_all(), ResultSink{}, testing::fixed_options());
  const auto reported = screen(text, testing::accept_all(), ResultSink{}, strict);
  EXPECT_TRUE(tolerant.errors.empty());
  ASSERT_FALSE(reported.errors.empty());
  EXPECT_NE(reported.ack999.find("IK4*1:2*1271*6"), std::string::npos) << reported.ack999;
}

TEST(Reader837, UnknownSegmentIdIsReported) {
  const auto p = read(make_837(professional_claim({"HI*ABK:J209", "NM31*IL*1"})));
  EXPECT_TRUE(has_error_containing(p, "unrecognized segment"));
}

TEST(Reader837, MaxClaimsStopsReading) {
  std::vector<std::string> claims = {"HI*ABK:J209", "CLM*B*1***11:B:1", "HI*ABK:J209", "CLM*C*1***11:B:1", "HI*ABK:J209"};
  Limits limits;
  limits.max_claims = 2;
  const auto p = read_837(make_837(professional_claim(claims)), limits);
  EXPECT_EQ(p.claims.size(), 2u);
  EXPECT_TRUE(has_error_containing(p, "more than 2 claims"));
}

TEST(Reader837, NoIsaIsUnreadable) {
  const auto p = read("GS*HC*A*B*20250101*1200*1*X*005010X222A1~ST*837*0001~");
  EXPECT_TRUE(p.unreadable);
  EXPECT_TRUE(p.claims.empty());
}

TEST(Reader837, KindFromVersionIds) {
  EXPECT_EQ(kind_from_version("005010X222A1"), ClaimKind::professional);
  EXPECT_EQ(kind_from_version("004010X098A1"), ClaimKind::professional);
  EXPECT_EQ(kind_from_version("005010X223A2"), ClaimKind::institutional);
  EXPECT_EQ(kind_from_version("004010X096A1"), ClaimKind::institutional);
  EXPECT_EQ(kind_from_version("005010X224A2"), ClaimKind::dental);
  EXPECT_EQ(kind_from_version("004010X097A1"), ClaimKind::dental);
  EXPECT_EQ(kind_from_version("005010"), ClaimKind::unknown);
}

TEST(Reader837, CorpusFileWithPatientLoopAndIcd10) {
  const std::string text = testing::read_file(testing::shared_dir() / "corpus/x12/zx12/samples/837i_example.x12");
  if (text.empty()) GTEST_SKIP() << "shared corpus not present";
  const auto p = read(text);
  ASSERT_EQ(p.claims.size(), 1u);
  const Claim& c = p.claims[0];
  EXPECT_EQ(c.kind, ClaimKind::institutional) << "GS08 says X222 but the lines are SV2";
  ASSERT_FALSE(c.diagnoses.empty());
  EXPECT_EQ(c.diagnoses[0].qualifier, "ABK");
  EXPECT_EQ(c.diagnoses[0].poa, 'N');
}

}  // namespace
}  // namespace dxs::x12
