#include "adapters/x12/segment_writer.hpp"

#include <gtest/gtest.h>

namespace dxs::x12 {
namespace {

TEST(SegmentWriter, DropsTrailingEmptiesAndCountsSegments) {
  Delimiters d;
  SegmentWriter w(d, false);
  w.segment("STC", {w.composite({"A7", "255", ""}), "20250115", "U", "150", "", "", ""});
  w.segment("HL", {"1", "", "20", "1"});
  EXPECT_EQ(w.out(), "STC*A7:255*20250115*U*150~HL*1**20*1~");
  EXPECT_EQ(w.count(), 2u);
}

TEST(SegmentWriter, SanitizesDelimitersInValues) {
  Delimiters d;
  d.repetition = '^';
  SegmentWriter w(d, true);
  EXPECT_EQ(w.sanitize("A*B:C~D^E"), "A B C D E");
  w.segment("NTE", {w.sanitize("X*Y")});
  EXPECT_EQ(w.out(), "NTE*X Y~\n");
}

TEST(SegmentWriter, AckDelimitersPickAFreeRepetitionSeparator) {
  Delimiters d;
  d.element = '^';
  d.component = ':';
  d.segment = '~';
  d.repetition = 0;
  const Delimiters out = ack_delimiters(d);
  EXPECT_NE(out.repetition, 0);
  EXPECT_NE(out.repetition, '^');
  EXPECT_NE(out.repetition, ':');
  EXPECT_NE(out.repetition, '~');
}

TEST(SegmentWriter, Amounts) {
  std::int64_t cents = 0;
  ASSERT_TRUE(parse_cents("12.25", cents));
  EXPECT_EQ(cents, 1225);
  ASSERT_TRUE(parse_cents("500", cents));
  EXPECT_EQ(format_cents(cents), "500");
  ASSERT_TRUE(parse_cents(".5", cents));
  EXPECT_EQ(format_cents(cents), "0.5");
  ASSERT_TRUE(parse_cents("-3.10", cents));
  EXPECT_EQ(format_cents(cents), "-3.1");
  EXPECT_FALSE(parse_cents("12a", cents));
  EXPECT_FALSE(parse_cents("", cents));
  EXPECT_EQ(nine_digits(123), "000000123");
}

}  // namespace
}  // namespace dxs::x12
