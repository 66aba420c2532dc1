#include "adapters/mappings/code_catalog.hpp"

#include <gtest/gtest.h>

namespace dxs::mappings {
namespace {

TEST(CodeCatalog, PrefixAndRangeQueries) {
  CodeCatalog c({"M624", "M6240", "M6241", "M62411", "M245", "M2450", "E08", "E0842", "E09", "E0942", "E11", "E1142"});
  EXPECT_TRUE(c.contains("M6240"));
  EXPECT_FALSE(c.contains("M624X"));
  EXPECT_TRUE(c.has_prefix("M6241"));
  EXPECT_TRUE(c.has_prefix("M624"));
  EXPECT_FALSE(c.has_prefix("M625"));
  EXPECT_EQ(c.with_prefix("M6241").size(), 2u);
  auto range = c.in_range("E08", "E10");
  ASSERT_EQ(range.size(), 4u);
  EXPECT_EQ(range.front(), "E08");
  EXPECT_EQ(range.back(), "E0942");
}

}  // namespace
}  // namespace dxs::mappings
