#include "adapters/x12/ack277ca.hpp"

#include <gtest/gtest.h>

#include "ack_checker.hpp"
#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

using namespace testing;
using Strings = std::vector<std::string>;

const std::filesystem::path kSynthetic = shared_dir() / "corpus/x12-responses/synthetic";

const std::vector<std::string> kClaim = {
    "HI*ABK:M6281*ABF:M624*ABF:R531",
    "LX*1",
    "SV1*HC:97110*75*UN*1***1",
    "DTP*472*D8*20250110",
    "REF*6R*LINE0001",
    "LX*2",
    "SV1*HC:97140*75*UN*1***2:5",
    "DTP*472*D8*20250110",
};

Parsed12 ack_for(const std::vector<Finding>& findings, Options options = fixed_options(),
                 const std::vector<std::string>& claim = kClaim) {
  const auto out = screen(make_837(professional_claim(claim)), with_findings(findings), ResultSink{}, options);
  EXPECT_EQ(check_ack_interchanges(out.ack277ca, "277"), "") << out.ack277ca;
  return split_x12(out.ack277ca);
}

// The 2200D claim STCs (those with STC02 and STC04 after the patient HL).
std::vector<Strings> claim_stcs(const Parsed12& p) {
  std::vector<Strings> out;
  bool in_patient = false;
  for (const auto& s : p.segments) {
    if (s[0] == "HL") in_patient = s.size() > 3 && s[3] == "PT";
    if (s[0] == "SVC") in_patient = false;
    if (in_patient && s[0] == "STC") out.push_back(s);
  }
  return out;
}

TEST(Ack277ca, CheckerAcceptsTheValidatedSyntheticFilesAndRejectsTheBrokenOnes) {
  for (const char* name :
       {"277ca_accept_A1-20.x12", "277ca_reject_excludes1_A8-255_A8-732.x12", "277ca_reject_invalid_other_A7-255.x12",
        "277ca_reject_invalid_principal_A7-254.x12", "277ca_reject_line_level_A7-255.x12",
        "277ca_reject_nonbillable_A7-255_A7-772.x12", "277ca_reject_syntax_after_999E_A3-684.x12"}) {
    const std::string text = read_file(kSynthetic / name);
    if (text.empty()) GTEST_SKIP() << "shared corpus not present";
    EXPECT_EQ(check_ack_interchanges(text, "277"), "") << name;
  }
  // imsweb's 277CAs lack the mandatory 2200C STC (pyx12 fails them too).
  const std::string broken = read_file(shared_dir() / "corpus/x12-responses/imsweb_277CA_accepted.x12");
  EXPECT_NE(check_ack_interchanges(broken, "277"), "");
}

TEST(Ack277ca, AcceptedClaimHasTheSyntheticStructure) {
  Options o = fixed_options();
  o.ack.emit_ref_d9 = true;
  const auto p = ack_for({}, o);
  const auto expected = split_x12(read_file(kSynthetic / "277ca_accept_A1-20.x12")).ids();
  if (!expected.empty()) {
    EXPECT_EQ(p.ids(), expected);
  }
  EXPECT_EQ(p.all("BHT")[0], (Strings{"BHT", "0085", "08", "BATCH0001", "20250115", "1200", "TH"}));
  EXPECT_EQ(p.all("TRN")[1], (Strings{"TRN", "2", "BATCH0001"}));
  EXPECT_EQ(p.all("STC")[0], (Strings{"STC", "A1:20", "20250115", "WQ", "150"}));
  EXPECT_EQ(p.all("QTY")[0], (Strings{"QTY", "90", "1"}));
  EXPECT_EQ(p.all("AMT")[0], (Strings{"AMT", "YU", "150"}));
  EXPECT_EQ(p.all("NM1")[2], (Strings{"NM1", "85", "2", "BILLING PROVIDER", "", "", "", "", "XX", "1234567893"}));
  EXPECT_EQ(p.all("STC")[1], (Strings{"STC", "A1:20", "", "WQ", "150"}));
  EXPECT_EQ(p.all("NM1")[3], (Strings{"NM1", "QC", "1", "DOE", "JANE", "", "", "", "MI", "W000000001"}));
  EXPECT_EQ(p.all("TRN")[3], (Strings{"TRN", "2", "PCN0001"}));
  EXPECT_EQ(claim_stcs(p), (std::vector<Strings>{{"STC", "A1:20", "20250115", "WQ", "150"}}));
  EXPECT_EQ(p.all("DTP").back(), (Strings{"DTP", "472", "D8", "20250110"}));
}

TEST(Ack277ca, PayerFrontEndAcceptsWithA2) {
  Options o = fixed_options();
  o.ack.payer_front_end = true;
  const auto p = ack_for({}, o);
  EXPECT_EQ(claim_stcs(p)[0][1], "A2:20");
}

TEST(Ack277ca, InvalidPrincipalAndOtherCodes) {
  auto p = ack_for({finding("code-unknown", {"M62.81"}, {0})});
  EXPECT_EQ(claim_stcs(p), (std::vector<Strings>{{"STC", "A7:254", "20250115", "U", "150", "", "", "", "", "", "", "",
                                                  "ICD-10-CM M6281 rule code-unknown"}}));
  EXPECT_EQ(p.all("QTY")[0], (Strings{"QTY", "AA", "1"}));
  EXPECT_EQ(p.all("AMT")[0], (Strings{"AMT", "YY", "150"}));
  p = ack_for({finding("code-unknown", {"R53.1"}, {2})});
  EXPECT_EQ(claim_stcs(p)[0][1], "A7:255");
}

TEST(Ack277ca, NonBillableAddsSpecificityStatus) {
  auto p = ack_for({finding("code-not-billable", {"M62.4"}, {1})});
  EXPECT_EQ(claim_stcs(p), (std::vector<Strings>{{"STC", "A7:255", "20250115", "U", "150", "", "", "", "", "",
                                                  "A7:772", "", "ICD-10-CM M624 rule code-not-billable"}}));
  Options o = fixed_options();
  o.ack.nonbillable_secondary = "";
  p = ack_for({finding("code-not-billable", {"M62.4"}, {1})}, o);
  EXPECT_EQ(claim_stcs(p)[0].size(), 13u);
  EXPECT_EQ(claim_stcs(p)[0][10], "");
}

TEST(Ack277ca, Excludes1AndManifestation) {
  auto p = ack_for({finding("excludes1", {"M62.81", "R53.1"}, {0, 2})});
  const auto stc = claim_stcs(p)[0];
  EXPECT_EQ(stc[1], "A8:255");
  EXPECT_EQ(stc[10], "A8:732");
  EXPECT_EQ(stc[12], "ICD-10-CM M6281 R531 rule excludes1");
  p = ack_for({finding("manifestation-principal", {"M62.81"}, {0})});
  EXPECT_EQ(claim_stcs(p)[0][1], "A7:254");
  EXPECT_EQ(claim_stcs(p)[0][10], "A7:732");
}

TEST(Ack277ca, OneStcPerErrorFindingAndWarningsDoNotReject) {
  auto p = ack_for({finding("code-unknown", {"M62.81"}, {0}), finding("duplicate-code", {"R53.1"}, {2}, Severity::warning),
                    finding("code-not-billable", {"M62.4"}, {1})});
  const auto stcs = claim_stcs(p);
  ASSERT_EQ(stcs.size(), 2u);
  EXPECT_EQ(stcs[0][1], "A7:254");
  EXPECT_EQ(stcs[1][1], "A7:255");
  p = ack_for({finding("unspecified-with-specified", {"M62.40", "M62.411"}, {0, 1}, Severity::warning)});
  EXPECT_EQ(claim_stcs(p)[0][1], "A1:20");
  EXPECT_EQ(claim_stcs(p)[0][3], "WQ");
}

TEST(Ack277ca, PointerInvalidRejectsTheLineIn2220D) {
  const auto p = ack_for({finding("pointer-invalid", {}, {}, Severity::error, 0)});
  const auto expected = split_x12(read_file(kSynthetic / "277ca_reject_line_level_A7-255.x12")).ids();
  auto ids = p.ids();
  // The synthetic example also carries QTY*90/AMT*YU for other claims in its batch.
  if (!expected.empty()) {
    auto trimmed = expected;
    trimmed.erase(std::find(trimmed.begin(), trimmed.end(), "QTY"));
    trimmed.erase(std::find(trimmed.begin(), trimmed.end(), "AMT"));
    trimmed.erase(std::find(trimmed.begin(), trimmed.end(), "REF"));  // REF*D9 not configured here
    EXPECT_EQ(ids, trimmed);
  }
  EXPECT_EQ(p.all("SVC")[0], (Strings{"SVC", "HC:97110", "75", "", "", "", "", "1"}));
  const auto stcs = p.all("STC");
  EXPECT_EQ(stcs.back(), (Strings{"STC", "A7:255", "20250115", "U"}));
  EXPECT_EQ(p.all("REF").back(), (Strings{"REF", "FJ", "LINE0001"}));
  EXPECT_EQ(claim_stcs(p)[0][12], "ICD-10-CM claim rule pointer-invalid");
}

TEST(Ack277ca, SyntaxErrorClaimGetsA3_684) {
  const auto out = screen(make_837(professional_claim({"HI*ABK:J209*ABF:"})), accept_all(), ResultSink{},
                          fixed_options());
  ASSERT_EQ(check_ack_interchanges(out.ack277ca, "277"), "") << out.ack277ca;
  const auto p = split_x12(out.ack277ca);
  EXPECT_EQ(claim_stcs(p), (std::vector<Strings>{{"STC", "A3:684", "20250115", "U", "150"}}));
  EXPECT_NE(out.ack999.find("IK5*E*5"), std::string::npos);
}

TEST(Ack277ca, Icd9QualifierInTheIcd10EraIsI12InThe999AndTheScreenersVerdictInThe277ca) {
  const auto out = screen(make_837(professional_claim({"HI*BK:M545", "LX*1", "SV1*HC:99213*150*UN*1***1",
                                                        "DTP*472*D8*20250110"})),
                          with_findings({finding("code-format", {"M54.5"}, {0})}), ResultSink{}, fixed_options());
  EXPECT_NE(out.ack999.find("IK4*1:1*1270*I12*BK"), std::string::npos) << out.ack999;
  EXPECT_NE(out.ack999.find("IK5*E*5"), std::string::npos);
  const auto p = split_x12(out.ack277ca);
  const auto stc = claim_stcs(p);
  ASSERT_EQ(stc.size(), 1u);
  EXPECT_EQ(stc[0][1], "A7:255");
  EXPECT_EQ(stc[0][10], "A7:732");
}

TEST(Ack277ca, ClaimIdEchoedExactlyAndTextWithoutDelimiters) {
  std::vector<std::string> body = professional_claim({"HI*ABK:J209", "DTP*472*RD8*20250101-20250103"}, "PCN 0001-A/7");
  const auto out = screen(make_837(body), with_findings({finding("code-unknown", {"J20.9:*~"}, {0})}), ResultSink{},
                          fixed_options());
  ASSERT_EQ(check_ack_interchanges(out.ack277ca, "277"), "") << out.ack277ca;
  const auto p = split_x12(out.ack277ca);
  EXPECT_EQ(p.all("TRN")[3], (Strings{"TRN", "2", "PCN 0001-A/7"}));
  const auto text = claim_stcs(p)[0][12];
  EXPECT_EQ(text.find_first_of("*:~^"), std::string::npos) << text;
  EXPECT_EQ(p.all("DTP").back(), (Strings{"DTP", "472", "RD8", "20250101-20250103"}));
}

TEST(Ack277ca, PatientLoopNamesThePatientWithTheSubscribersMemberId) {
  const std::vector<std::string> body = {
      "BHT*0019*00*B1*20250110*0900*CH",
      "NM1*41*2*SUB*****46*S1",
      "HL*1**20*1",
      "NM1*85*1*DOCTOR*DANA****XX*1234567893",
      "HL*2*1*22*1",
      "SBR*S*********CI",
      "NM1*IL*1*SUBSCRIBER*SAM****MI*MEMBER1",
      "HL*3*2*23*0",
      "PAT*19",
      "NM1*QC*1*PATIENT*PAT",
      "CLM*CLAIM-A*100***13:A:1*Y*A*Y*Y",
      "DTP*434*RD8*20250101-20250102",
      "HI*ABK:J209",
      "LX*1",
      "SV2*0450*HC:99283*100*UN*1",
      "HL*4*1*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*SECOND*SUE****MI*MEMBER2",
      "CLM*CLAIM-B*50.5***13:A:1*Y*A*Y*Y",
      "DTP*434*D8*20250103",
      "HI*ABK:R05",
      "HL*5**20*1",
      "NM1*85*2*SECOND PROVIDER*****XX*1234567890",
      "HL*6*5*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*THIRD*TOM****MI*MEMBER3",
      "CLM*CLAIM-C*10***13:A:1*Y*A*Y*Y",
      "DTP*434*D8*20250104",
      "HI*ABK:R05",
  };
  const auto out = screen(make_837(body, "005010X223A2"), accept_all(), ResultSink{}, fixed_options());
  ASSERT_EQ(check_ack_interchanges(out.ack277ca, "277"), "") << out.ack277ca;
  const auto p = split_x12(out.ack277ca);
  const auto nm1 = p.all("NM1");
  ASSERT_EQ(nm1.size(), 7u);
  EXPECT_EQ(nm1[2], (Strings{"NM1", "85", "1", "DOCTOR", "DANA", "", "", "", "XX", "1234567893"}));
  EXPECT_EQ(nm1[3], (Strings{"NM1", "QC", "1", "PATIENT", "PAT", "", "", "", "MI", "MEMBER1"}));
  EXPECT_EQ(nm1[4], (Strings{"NM1", "QC", "1", "SECOND", "SUE", "", "", "", "MI", "MEMBER2"}));
  EXPECT_EQ(nm1[5][3], "SECOND PROVIDER");
  EXPECT_EQ(nm1[6][9], "MEMBER3");
  const auto hl = p.all("HL");
  ASSERT_EQ(hl.size(), 7u);
  EXPECT_EQ(hl[6], (Strings{"HL", "7", "6", "PT"}));
  EXPECT_EQ(p.all("REF")[0], (Strings{"REF", "BLT", "131"}));
  EXPECT_EQ(p.all("STC")[0][4], "160.5") << "batch total of all claims";
  EXPECT_EQ(p.all("DTP")[2], (Strings{"DTP", "472", "RD8", "20250101-20250102"}));
}

TEST(Ack277ca, StatusText) {
  Finding f = finding("excludes1", {"M24.561", "M62.451"}, {0, 1});
  EXPECT_EQ(status_text(f), "ICD-10-CM M24561 M62451 rule excludes1");
  f.codes.assign(100, "M62.451");
  EXPECT_LE(status_text(f).size(), 264u);
}

}  // namespace
}  // namespace dxs::x12
