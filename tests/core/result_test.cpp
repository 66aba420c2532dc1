#include "core/result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dxs {
namespace {

TEST(ErrorCodeTest, NamesEveryCode) {
  EXPECT_STREQ(to_string(ErrorCode::ok), "ok");
  EXPECT_STREQ(to_string(ErrorCode::syntax), "syntax");
  EXPECT_STREQ(to_string(ErrorCode::limit_exceeded), "limit-exceeded");
  EXPECT_STREQ(to_string(ErrorCode::invalid_data), "invalid-data");
  EXPECT_STREQ(to_string(ErrorCode::internal), "internal");
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = make_error(ErrorCode::invalid_data, "bad flag", "codes.tsv:7", 120);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_data);
  EXPECT_EQ(bad.error().location, "codes.tsv:7");
  EXPECT_EQ(bad.error().offset, 120u);
  Result<std::string> moved = std::string("M62.81");
  std::string taken = std::move(moved).value();
  EXPECT_EQ(taken, "M62.81");
  EXPECT_TRUE(ok_status().ok());
}

}  // namespace
}  // namespace dxs
