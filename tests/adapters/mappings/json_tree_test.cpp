#include "adapters/mappings/json_tree.hpp"

#include <gtest/gtest.h>

namespace dxs::mappings {
namespace {

TEST(JsonTree, RecordsOffsetsOfValuesAndKeys) {
  std::string json = "{\n  \"a\": [1, \"x\\\"y\", true, null],\n  \"b\": {\"c\": -2.5}\n}\n";
  auto tree = parse_json_tree(json, "t.json");
  ASSERT_TRUE(tree) << tree.error().message;
  ASSERT_EQ(tree->keys.size(), 2u);
  EXPECT_EQ(json_location(json, "t.json", tree->keys[0].second), "t.json:2:3");
  const JsonValue& a = tree->members[0];
  ASSERT_EQ(a.items.size(), 4u);
  EXPECT_EQ(json_location(json, "t.json", a.items[0].offset), "t.json:2:9");
  EXPECT_EQ(a.items[1].text, "x\"y");
  EXPECT_EQ(json_location(json, "t.json", a.items[1].offset), "t.json:2:12");
  EXPECT_EQ(json_location(json, "t.json", a.items[2].offset), "t.json:2:20");
  EXPECT_EQ(json_location(json, "t.json", a.items[3].offset), "t.json:2:26");
  const JsonValue& c = tree->members[1].members[0];
  EXPECT_EQ(c.number, -2.5);
  EXPECT_EQ(json_location(json, "t.json", c.offset), "t.json:3:14");
}

TEST(JsonTree, SyntaxErrorsNameLineAndColumn) {
  auto tree = parse_json_tree("{\n  \"a\": 1,\n  \"b\" 2\n}", "bad.json");
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().line, 3u);
  EXPECT_NE(tree.error().message.find("bad.json:3:"), std::string::npos) << tree.error().message;
}

TEST(JsonTree, DuplicateKeysTrailingTextAndDepth) {
  auto dup = parse_json_tree("{\"a\": 1,\n \"a\": 2}", "d.json");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("d.json:2:2: duplicate key \"a\""), std::string::npos) << dup.error().message;
  auto trailing = parse_json_tree("{} x", "t.json");
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("t.json:1:4"), std::string::npos) << trailing.error().message;
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto too_deep = parse_json_tree(deep, "deep.json");
  ASSERT_FALSE(too_deep);
  EXPECT_NE(too_deep.error().message.find("nesting deeper than 32"), std::string::npos) << too_deep.error().message;
}

TEST(JsonTree, InvalidUtf8IsRejected) {
  auto tree = parse_json_tree("{\"a\": \"\xC3\x28\"}", "u.json");
  ASSERT_FALSE(tree);
}

}  // namespace
}  // namespace dxs::mappings
