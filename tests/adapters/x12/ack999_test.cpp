#include "adapters/x12/ack999.hpp"

#include <gtest/gtest.h>

#include "ack_checker.hpp"
#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

using namespace testing;

Outcome run(const std::string& text, Options options = fixed_options()) {
  return screen(text, accept_all(), ResultSink{}, options);
}

std::vector<std::string> segment(const Parsed12& p, const std::string& id, std::size_t nth = 0) {
  const auto all = p.all(id);
  return nth < all.size() ? all[nth] : std::vector<std::string>{};
}

std::vector<std::string> ids_of(const std::filesystem::path& file) { return split_x12(read_file(file)).ids(); }

const std::filesystem::path kSynthetic = shared_dir() / "corpus/x12-responses/synthetic";

TEST(Ack999, CheckerAcceptsTheValidatedSyntheticFiles) {
  for (const char* name : {"999_accepted_with_errors_IK5-E_CTX-CLM01.x12", "999_rejected_TS_IK5-R_segment-count.x12"}) {
    const std::string text = read_file(kSynthetic / name);
    if (text.empty()) GTEST_SKIP() << "shared corpus not present";
    EXPECT_EQ(check_ack_interchanges(text, "999"), "") << name;
  }
}

TEST(Ack999, AcceptedTransaction) {
  const auto out = run(make_837(professional_claim({"HI*ABK:J209", "LX*1", "SV1*HC:99213*150*UN*1***1"})));
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  const auto p = split_x12(out.ack999);
  EXPECT_EQ(segment(p, "AK1"), (std::vector<std::string>{"AK1", "HC", "77", "005010X222A1"}));
  EXPECT_EQ(segment(p, "AK2"), (std::vector<std::string>{"AK2", "837", "0001", "005010X222A1"}));
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "A"}));
  EXPECT_EQ(segment(p, "AK9"), (std::vector<std::string>{"AK9", "A", "1", "1", "1"}));
  EXPECT_TRUE(out.ta1.empty());
}

TEST(Ack999, ClaimLevelErrorGivesIk5EWithCtxLikeTheSyntheticExample) {
  const std::string text = make_837(professional_claim({"HI*XX:J209", "LX*1", "SV1*HC:99213*150*UN*1***1"}));
  const auto out = run(text);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  const auto p = split_x12(out.ack999);
  const auto expected_ids = ids_of(kSynthetic / "999_accepted_with_errors_IK5-E_CTX-CLM01.x12");
  if (!expected_ids.empty()) {
    EXPECT_EQ(p.ids(), expected_ids);
  }
  EXPECT_EQ(segment(p, "IK3"), (std::vector<std::string>{"IK3", "HI", "16", "2300", "8"}));
  EXPECT_EQ(segment(p, "CTX"), (std::vector<std::string>{"CTX", "CLM01:PCN0001"}));
  EXPECT_EQ(segment(p, "IK4"), (std::vector<std::string>{"IK4", "1:1", "1270", "7", "XX"}));
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "E", "5"}));
  EXPECT_EQ(segment(p, "AK9"), (std::vector<std::string>{"AK9", "E", "1", "1", "1"}));
}

TEST(Ack999, WrongSegmentCountRejectsTheSetLikeTheSyntheticExample) {
  std::string text = make_837(professional_claim({"HI*ABK:J209"}));
  text.replace(text.find("SE*17*"), 6, "SE*19*");
  const auto out = run(text);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  const auto p = split_x12(out.ack999);
  const auto expected_ids = ids_of(kSynthetic / "999_rejected_TS_IK5-R_segment-count.x12");
  if (!expected_ids.empty()) {
    EXPECT_EQ(p.ids(), expected_ids);
  }
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "4"}));
  EXPECT_EQ(segment(p, "AK9"), (std::vector<std::string>{"AK9", "R", "1", "1", "0"}));
  EXPECT_TRUE(out.ack277ca.empty()) << "a rejected set gets no 277CA";
}

TEST(Ack999, ControlNumberMismatchAndMissingTrailer) {
  std::string text = make_837(professional_claim({"HI*ABK:J209"}));
  std::string mismatch = text;
  mismatch.replace(mismatch.find("SE*17*0001"), 10, "SE*17*0002");
  auto p = split_x12(run(mismatch).ack999);
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "3"}));

  std::string no_se = text;
  no_se.erase(no_se.find("SE*17*0001~\n"), 12);
  const auto out = run(no_se);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  p = split_x12(out.ack999);
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "2"}));
}

TEST(Ack999, UnknownSegmentAndGroupCount) {
  std::string text = make_837(professional_claim({"HI*ABK:J209", "ZZZ*1"}));
  auto out = run(text);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  auto p = split_x12(out.ack999);
  EXPECT_EQ(segment(p, "IK3"), (std::vector<std::string>{"IK3", "ZZZ", "17", "2300", "1"}));
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "5"}));

  std::string bad_ge = make_837(professional_claim({"HI*ABK:J209"}));
  bad_ge.replace(bad_ge.find("GE*1*77"), 7, "GE*3*77");
  out = run(bad_ge);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  p = split_x12(out.ack999);
  EXPECT_EQ(segment(p, "AK9"), (std::vector<std::string>{"AK9", "R", "3", "1", "0", "5"}));
  EXPECT_TRUE(out.ack277ca.empty());
}

TEST(Ack999, PyxExpectationsOnTheImswebSegmentErrorsFile) {
  const std::string text = read_file(shared_dir() / "corpus/x12/imsweb/837_5010/x12_segment_errors.txt");
  if (text.empty()) GTEST_SKIP() << "shared corpus not present";
  const auto out = run(text);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  const auto p = split_x12(out.ack999);
  // pyx12 reports HI missing at position 20 and IK5*R*4*5, AK9*R*1*1*0 (x12-837.md section 8).
  EXPECT_EQ(segment(p, "AK1"), (std::vector<std::string>{"AK1", "HC", "1", "005010X222A1"}));
  EXPECT_EQ(segment(p, "AK2"), (std::vector<std::string>{"AK2", "837", "987654", "005010X222A1"}));
  const auto ik3 = segment(p, "IK3");
  ASSERT_GE(ik3.size(), 5u);
  EXPECT_EQ(ik3[1], "HI");
  EXPECT_EQ(ik3[2], "20");
  EXPECT_EQ(ik3[4], "3");
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "4", "5"}));
  EXPECT_EQ(segment(p, "AK9"), (std::vector<std::string>{"AK9", "R", "1", "1", "0"}));
}

TEST(Ack999, NonClaimGroups) {
  // A 277 sent to the claim screener: answered with IK5 R 1 (transaction set not supported).
  const std::string s277 = read_file(shared_dir() / "corpus/x12-responses/synthetic/277ca_accept_A1-20.x12");
  if (s277.empty()) GTEST_SKIP() << "shared corpus not present";
  auto out = run(s277);
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  auto p = split_x12(out.ack999);
  EXPECT_EQ(segment(p, "AK1")[1], "HN");
  EXPECT_EQ(segment(p, "IK5"), (std::vector<std::string>{"IK5", "R", "1"}));
  EXPECT_TRUE(out.ack277ca.empty());
  EXPECT_EQ(out.claims, 0u);
  // An acknowledgment (GS01 FA) is never acknowledged.
  out = run(read_file(shared_dir() / "corpus/x12-responses/synthetic/999_rejected_TS_IK5-R_segment-count.x12"));
  EXPECT_TRUE(out.ack999.empty());
  EXPECT_FALSE(out.errors.empty());
}

TEST(Ack999, DeterministicAndConfigurableControlNumbers) {
  const std::string text = make_837(professional_claim({"HI*ABK:J209"}));
  const auto a = run(text);
  const auto b = run(text);
  EXPECT_EQ(a.ack999, b.ack999);
  EXPECT_EQ(a.ack277ca, b.ack277ca);
  auto p = split_x12(a.ack999);
  EXPECT_EQ(p.segments[0][13], "000000077") << "derived from the input ISA13";
  Options o = fixed_options();
  o.ack.interchange_control = 4242;
  o.ack.group_control = 17;
  o.ack.sender_id = "SCREENSVC";
  p = split_x12(run(text, o).ack999);
  EXPECT_EQ(p.segments[0][13], "000004242");
  EXPECT_EQ(p.segments[0][6], "SCREENSVC      ");
  EXPECT_EQ(p.segments[0][8], "SUBMITTER01    ") << "answered to the submitter";
  EXPECT_EQ(segment(p, "GS")[6], "17");
  EXPECT_EQ(segment(p, "GS")[4], "20250115");
  EXPECT_EQ(segment(p, "GS")[5], "1200");
}

TEST(Ack999, ReusesTheSubmittersDelimiters) {
  const std::string text = read_file(shared_dir() / "corpus/x12/imsweb/837_5010/x12_valid_different_separators.txt");
  if (text.empty()) GTEST_SKIP() << "shared corpus not present";
  const auto out = run(text);
  ASSERT_FALSE(out.ack999.empty());
  EXPECT_EQ(out.ack999[3], '~');
  const auto p = split_x12(out.ack999);
  EXPECT_EQ(p.segment, '_');
  EXPECT_EQ(p.component, '^');
  EXPECT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
}

}  // namespace
}  // namespace dxs::x12
