#include "adapters/mappings/csv_reader.hpp"

#include <gtest/gtest.h>

namespace dxs::mappings {
namespace {

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndLineBreaks) {
  std::string text =
      "a,b,c\n"
      "1,\"x, y\",z\r\n"
      "2,\"say \"\"hi\"\"\",\"two\nlines\"\n"
      "3,,\n";
  auto records = read_csv(text, "t.csv");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[1].fields[1], "x, y");
  EXPECT_EQ((*records)[2].fields[1], "say \"hi\"");
  EXPECT_EQ((*records)[2].fields[2], "two\nlines");
  EXPECT_EQ((*records)[3].line, 5u);  // the quoted line break counts
  EXPECT_EQ((*records)[3].fields[2], "");
}

TEST(CsvReader, WrongFieldCountNamesTheLine) {
  auto records = read_csv("a,b,c\n1,2,3\n4,5\n", "t.csv");
  ASSERT_FALSE(records);
  EXPECT_EQ(records.error().line, 3u);
  EXPECT_NE(records.error().message.find("t.csv:3: wrong field count: 2 fields, expected 3"), std::string::npos)
      << records.error().message;
}

TEST(CsvReader, UnterminatedQuoteNamesWhereItOpened) {
  auto records = read_csv("a,b\n1,2\n3,\"open\n4,5\n", "t.csv");
  ASSERT_FALSE(records);
  EXPECT_EQ(records.error().line, 3u);
  EXPECT_NE(records.error().message.find("unterminated quoted field"), std::string::npos) << records.error().message;
}

TEST(CsvReader, GarbageAfterClosingQuote) {
  auto records = read_csv("a,b\n\"x\"y,2\n", "t.csv");
  ASSERT_FALSE(records);
  EXPECT_EQ(records.error().line, 2u);
  EXPECT_EQ(records.error().column, 4u);
}

TEST(CsvReader, BomAndBlankLinesAreIgnored) {
  auto records = read_csv("\xEF\xBB\xBF" "a,b\n\n1,2\n", "t.csv");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(records->front().fields[0], "a");
}

}  // namespace
}  // namespace dxs::mappings
