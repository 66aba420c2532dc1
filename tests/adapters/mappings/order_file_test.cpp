#include "adapters/mappings/order_file.hpp"

#include <gtest/gtest.h>

#include "core/code_set.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

// One order-file line in the CDC layout (columns 1-5, 7-13, 15, 17-76, 78-).
std::string order_line(int number, std::string code, char flag, std::string short_title, std::string long_title) {
  std::string n = std::to_string(number);
  std::string line = std::string(5 - n.size(), '0') + n + " ";
  code.resize(7, ' ');
  short_title.resize(60, ' ');
  return line + code + " " + flag + " " + short_title + " " + long_title + "\r\n";
}

TEST(OrderFile, ParsesFixedWidthLines) {
  std::string text = order_line(1, "M624", '0', "Contracture of muscle", "Contracture of muscle") +
                     order_line(2, "M6240", '1', "Contracture of muscle, unsp site", "Contracture of muscle, unspecified site");
  auto parsed = parse_order_file(text, "t.txt");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->entries.size(), 2u);
  EXPECT_EQ(parsed->entries[0].code, "M624");
  EXPECT_FALSE(parsed->entries[0].billable);
  EXPECT_EQ(parsed->entries[1].code, "M6240");
  EXPECT_TRUE(parsed->entries[1].billable);
  EXPECT_EQ(parsed->entries[1].short_title, "Contracture of muscle, unsp site");
  EXPECT_EQ(parsed->entries[1].long_title, "Contracture of muscle, unspecified site");
  EXPECT_EQ(parsed->billable, 1u);
  EXPECT_EQ(parsed->headers, 1u);
}

TEST(OrderFile, ShortLineNamesTheLine) {
  std::string text = order_line(1, "M624", '0', "Contracture of muscle", "Contracture of muscle") +
                     "00002 M6240   1 Contracture of muscle\r\n";
  auto parsed = parse_order_file(text, "order.txt");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().line, 2u);
  EXPECT_NE(parsed.error().message.find("order.txt:2"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("short line"), std::string::npos) << parsed.error().message;
}

TEST(OrderFile, BadFlagNamesLineAndColumn) {
  std::string text = order_line(1, "M624", '0', "a", "a") + order_line(2, "M6240", '2', "b", "b");
  auto parsed = parse_order_file(text, "order.txt");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().line, 2u);
  EXPECT_EQ(parsed.error().column, 15u);
  EXPECT_NE(parsed.error().message.find("bad flag '2'"), std::string::npos) << parsed.error().message;
}

TEST(OrderFile, NonAsciiNamesLineAndColumn) {
  std::string text = order_line(1, "M350", '0', "Sjogren", "Sj\xC3\xB6gren syndrome");
  auto parsed = parse_order_file(text, "order.txt");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().line, 1u);
  EXPECT_EQ(parsed.error().column, 80u);
  EXPECT_NE(parsed.error().message.find("non-ASCII"), std::string::npos) << parsed.error().message;
}

TEST(OrderFile, DuplicateCodeNamesBothLines) {
  std::string text = order_line(1, "R531", '1', "Weakness", "Weakness") + order_line(2, "R54", '1', "x", "x") +
                     order_line(3, "R531", '1', "Weakness", "Weakness");
  auto parsed = parse_order_file(text, "order.txt");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().line, 3u);
  EXPECT_NE(parsed.error().message.find("duplicate code R531 (first at line 1)"), std::string::npos)
      << parsed.error().message;
}

TEST(OrderFile, BadCodeAndTabsAreRejected) {
  auto lower = parse_order_file(order_line(1, "m624", '0', "a", "a"), "o.txt");
  ASSERT_FALSE(lower);
  EXPECT_NE(lower.error().message.find("bad code"), std::string::npos);
  std::string tab = order_line(1, "M624", '0', "a", "a\tb");
  auto tabbed = parse_order_file(tab, "o.txt");
  ASSERT_FALSE(tabbed);
  EXPECT_NE(tabbed.error().message.find("control character"), std::string::npos);
}

TEST(OrderFile, CodeSetTsvRoundTripsThroughCore) {
  std::string text = order_line(1, "QA0", '0', "Neurodev disord", "Neurodevelopmental disorders") +
                     order_line(2, "M6240", '1', "Contracture", "Contracture of muscle, unspecified site");
  auto parsed = parse_order_file(text, "icd10cm-order-2026.txt");
  ASSERT_TRUE(parsed) << parsed.error().message;
  std::string tsv = write_code_set_tsv(*parsed, {2026, "icd10cm-order-2026.txt", "abc"});
  EXPECT_NE(tsv.find("# effective_from\t2025-10-01\n# effective_to\t2026-09-30\n"), std::string::npos);
  auto set = CodeSet::parse(tsv, "icd10cm-2026.tsv");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ((*set)->fiscal_year(), 2026);
  EXPECT_EQ((*set)->size(), 2u);
  ASSERT_NE((*set)->find("QA0"), nullptr);
  EXPECT_EQ((*set)->find("M6240")->long_title, "Contracture of muscle, unspecified site");
}

struct YearCounts {
  int fy;
  std::size_t billable, headers;
};

class RealOrderFiles : public ::testing::TestWithParam<YearCounts> {};

TEST_P(RealOrderFiles, CountsMatchTheRelease) {
  DXS_REQUIRE_SHARED();
  const YearCounts c = GetParam();
  const OrderFile& file = test::order_file(c.fy);
  EXPECT_EQ(file.billable, c.billable);
  EXPECT_EQ(file.headers, c.headers);
  EXPECT_EQ(file.entries.size(), c.billable + c.headers);
}

INSTANTIATE_TEST_SUITE_P(Cdc, RealOrderFiles,
                         ::testing::Values(YearCounts{2025, 74260, 23324}, YearCounts{2026, 74719, 23467},
                                           YearCounts{2027, 74879, 23524}),
                         [](const auto& param_info) { return "FY" + std::to_string(param_info.param.fy); });

}  // namespace
}  // namespace dxs::mappings
