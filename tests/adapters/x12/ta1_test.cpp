#include "adapters/x12/ta1.hpp"

#include <gtest/gtest.h>

#include "ack_checker.hpp"
#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

using namespace testing;
using Strings = std::vector<std::string>;

Outcome run(const std::string& text) { return screen(text, accept_all(), ResultSink{}, fixed_options()); }

std::string good() { return make_837(professional_claim({"HI*ABK:J209"})); }

TEST(Ta1, CheckerAcceptsTheValidatedSyntheticFile) {
  const std::string text = read_file(shared_dir() / "corpus/x12-responses/synthetic/ta1_reject_022_invalid_control_structure.x12");
  if (text.empty()) GTEST_SKIP() << "shared corpus not present";
  EXPECT_EQ(check_ack_interchanges(text, ""), "");
}

TEST(Ta1, IeaControlNumberMismatchRejectsTheEnvelope) {
  std::string text = good();
  text.replace(text.find("IEA*1*000000077"), 15, "IEA*1*000000078");
  const auto out = run(text);
  ASSERT_EQ(check_ack_interchanges(out.ta1, ""), "") << out.ta1;
  const auto p = split_x12(out.ta1);
  EXPECT_EQ(p.ids(), (Strings{"ISA", "TA1", "IEA"}));
  EXPECT_EQ(p.all("TA1")[0], (Strings{"TA1", "000000077", "250110", "0900", "R", "001"}));
  EXPECT_EQ(p.all("IEA")[0][1], "0");
  EXPECT_TRUE(out.ack999.empty()) << "no 999 after a rejected envelope";
  EXPECT_TRUE(out.ack277ca.empty());
  EXPECT_EQ(out.claims, 1u) << "the claim was still read and screened";
}

TEST(Ta1, MissingIeaIsPrematureEndOfFile) {
  std::string text = good();
  text.erase(text.find("IEA*"));
  const auto out = run(text);
  EXPECT_NE(out.ta1.find("TA1*000000077*250110*0900*R*023"), std::string::npos) << out.ta1;
  EXPECT_TRUE(out.ack999.empty());
}

TEST(Ta1, GroupCountAndIsaFields) {
  std::string text = good();
  text.replace(text.find("IEA*1*"), 6, "IEA*2*");
  EXPECT_NE(run(text).ta1.find("*R*021"), std::string::npos);
  std::string bad_control = good();
  bad_control.replace(bad_control.find("*000000077*0*P"), 14, "*00000A077*0*P");
  EXPECT_NE(run(bad_control).ta1.find("*R*018"), std::string::npos);
  std::string bad_usage = good();
  bad_usage.replace(bad_usage.find("*0*P*:~"), 7, "*0*X*:~");
  EXPECT_NE(run(bad_usage).ta1.find("*R*020"), std::string::npos);
}

TEST(Ta1, SegmentsOutsideAGroupAreAnInvalidControlStructure) {
  std::string text = good();
  text.replace(text.find("GS*"), 3, "XS*");
  const auto out = run(text);
  EXPECT_NE(out.ta1.find("*R*024"), std::string::npos) << out.ta1;
}

TEST(Ta1, UnusableSeparatorsAreAnsweredFromTheFixedIsaPositions) {
  std::string text = good();
  text[104] = 'A';  // ISA16 component separator alphanumeric
  const auto out = run(text);
  EXPECT_TRUE(out.unreadable);
  ASSERT_EQ(check_ack_interchanges(out.ta1, ""), "") << out.ta1;
  const auto p = split_x12(out.ta1);
  EXPECT_EQ(p.all("TA1")[0], (Strings{"TA1", "000000077", "250110", "0900", "R", "027"}));
  EXPECT_EQ(p.segments[0][8], "SUBMITTER01    ");
  EXPECT_TRUE(out.ack999.empty());
  std::string bad_terminator = good();
  bad_terminator[105] = 'B';
  EXPECT_NE(run(bad_terminator).ta1.find("*R*004"), std::string::npos);
}

TEST(Ta1, AcceptedEnvelopeGivesNoTa1) {
  const auto out = run(good());
  EXPECT_TRUE(out.ta1.empty());
  EXPECT_FALSE(out.ack999.empty());
}

TEST(Ta1, RequestedInterchangeAcknowledgmentRidesInThe999) {
  std::string text = good();
  text.replace(text.find("*000000077*0*P"), 14, "*000000077*1*P");
  const auto out = run(text);
  EXPECT_TRUE(out.ta1.empty());
  ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << out.ack999;
  const auto p = split_x12(out.ack999);
  ASSERT_GE(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[1], (Strings{"TA1", "000000077", "250110", "0900", "A", "000"}));
}

TEST(Ta1, OnlyTheBadInterchangeOfSeveralIsRejected) {
  std::string second = good();
  second.replace(second.find("IEA*1*000000077"), 15, "IEA*1*000000099");
  const auto out = run(good() + second);
  EXPECT_EQ(split_x12(out.ta1).all("TA1").size(), 1u);
  EXPECT_EQ(split_x12(out.ack999).all("ISA").size(), 1u);
  EXPECT_EQ(out.claims, 2u);
}

}  // namespace
}  // namespace dxs::x12
