#include <gtest/gtest.h>

#include "adapters/fhir/document.hpp"

namespace dxs::fhir {
namespace {

std::optional<InputError> parse(std::string_view text, Document& document, Limits limits = {}) {
  return parse_json(text, limits, document);
}

TEST(JsonReader, ArraysBecomeRepeatedNodesAndPrimitivesKeepTheirText) {
  Document document;
  const auto error = parse(R"({"resourceType":"Claim","id":"c1","total":{"value":12500.00},
      "item":[{"sequence":1,"diagnosisSequence":[2,4]},{"sequence":2}],"focal":true,
      "note":"caf\u00e9 \"q\""})",
                           document);
  ASSERT_FALSE(error.has_value()) << error->message;
  const Tree& tree = document.tree;
  const NodeId root = tree.root();
  EXPECT_EQ(tree[root].resource_type, "Claim");
  EXPECT_EQ(tree.child(root, "resourceType"), no_node);  // carried on the node, not a child
  EXPECT_EQ(tree.value(root, "id"), "c1");
  EXPECT_EQ(tree.value(tree.child(root, "total"), "value"), "12500.00");  // decimal text kept
  const auto items = tree.children(root, "item");
  ASSERT_EQ(items.size(), 2U);
  const auto pointers = tree.children(items[0], "diagnosisSequence");
  ASSERT_EQ(pointers.size(), 2U);
  EXPECT_EQ(tree[pointers[1]].value, "4");
  EXPECT_EQ(tree.value(items[1], "sequence"), "2");
  EXPECT_EQ(tree.value(root, "focal"), "true");
  EXPECT_EQ(tree.value(root, "note"), "caf\xC3\xA9 \"q\"");
}

TEST(JsonReader, NestedResourcesCarryTheirType) {
  Document document;
  ASSERT_FALSE(parse(R"({"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:1",
      "resource":{"resourceType":"Claim","contained":[{"resourceType":"Condition","id":"x"}]}}]})",
                     document)
                   .has_value());
  const Tree& tree = document.tree;
  const NodeId resource = tree.child(tree.child(tree.root(), "entry"), "resource");
  EXPECT_EQ(tree[resource].resource_type, "Claim");
  EXPECT_EQ(tree[tree.child(resource, "contained")].resource_type, "Condition");
}

TEST(JsonReader, DuplicateKeysAreStructureErrorsWithPosition) {
  Document document;
  const auto error = parse("{\"resourceType\":\"Claim\",\n  \"id\":\"a\",\n  \"id\":\"b\"}", document);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->rule, "fhir-structure");
  EXPECT_EQ(error->severity, Severity::fatal);
  EXPECT_NE(error->message.find("duplicate property \"id\""), std::string::npos);
  EXPECT_EQ(error->line, 3U);
}

TEST(JsonReader, DuplicateKeysAreFoundInWideObjectsToo) {
  std::string text = R"({"resourceType":"Claim")";
  for (int i = 0; i < 40; ++i) text += ",\"k" + std::to_string(i) + "\":1";
  text += ",\"k7\":2}";
  Document document;
  const auto error = parse(text, document);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("\"k7\""), std::string::npos);
}

TEST(JsonReader, DeepNestingIsRejectedWithoutRecursion) {
  // Far deeper than any stack could take if parsing recursed.
  std::string text = R"({"resourceType":"Claim","x":)";
  text += std::string(200000, '[');
  Document document;
  const auto error = parse(text, document);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->severity, Severity::fatal);

  std::string objects = R"({"resourceType":"Claim")";
  for (int i = 0; i < 100; ++i) objects += ",\"a\":{\"b\":1";
  Document deep;
  const auto depth_error = parse(objects, deep, Limits{});
  ASSERT_TRUE(depth_error.has_value());
  EXPECT_NE(depth_error->message.find("nesting deeper than 64 levels"), std::string::npos);
}

TEST(JsonReader, LongArraysHitTheConfiguredLimit) {
  std::string text = R"({"resourceType":"Claim","diagnosis":[)";
  for (int i = 0; i < 50; ++i) text += (i ? ",{}" : "{}");
  text += "]}";
  Limits limits;
  limits.max_array_items = 20;
  Document document;
  const auto error = parse(text, document, limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("more than 20 items"), std::string::npos);
  limits.max_array_items = 50;
  EXPECT_FALSE(parse(text, document, limits).has_value());
}

TEST(JsonReader, MalformedJsonReportsLineAndColumn) {
  Document document;
  const auto error = parse("{\"resourceType\":\"Claim\",\n\"id\": \"x\" \"status\": 1}", document);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 2U);
  EXPECT_EQ(error->column, 11U);
  EXPECT_NE(error->message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(error->location, "line 2, column 11");
}

TEST(JsonReader, TrailingContentIsAnError) {
  Document document;
  EXPECT_TRUE(parse(R"({"resourceType":"Claim"} {"resourceType":"Claim"})", document).has_value());
  EXPECT_TRUE(parse(R"({"resourceType":"Claim"} x)", document).has_value());
}

TEST(JsonReader, BomIsAcceptedAndOffsetsStayRelativeToTheInput) {
  Document document;
  ASSERT_FALSE(parse("\xEF\xBB\xBF{\"resourceType\":\"Claim\",\"id\":\"x\"}", document).has_value());
  EXPECT_EQ(document.tree[document.tree.root()].resource_type, "Claim");
  Document broken;
  const auto error = parse("\xEF\xBB\xBF{\"resourceType\":\"Claim\",}", broken);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->line, 1U);
  EXPECT_EQ(error->column, 25U);  // the BOM is not a character of the text
}

TEST(JsonReader, RejectsNonResources) {
  Document document;
  EXPECT_NE(parse("[1,2]", document)->message.find("must be a JSON object"), std::string::npos);
  EXPECT_NE(parse("\"Claim\"", document)->message.find("must be a JSON object"), std::string::npos);
  EXPECT_NE(parse(R"({"id":"x"})", document)->message.find("no resourceType"), std::string::npos);
  EXPECT_NE(parse(R"({"resourceType":7})", document)->message.find("resourceType must be a string"),
            std::string::npos);
  EXPECT_NE(parse(R"({"resourceType":"Claim","a":[[1]]})", document)->message.find("array directly inside"),
            std::string::npos);
}

TEST(JsonReader, NulAndInvalidUtf8AreRejectedBeforeParsing) {
  Document document;
  const auto nul = parse(std::string("{\"resourceType\":\"Cl\0aim\"}", 25), document);
  ASSERT_TRUE(nul.has_value());
  EXPECT_NE(nul->message.find("NUL"), std::string::npos);
  EXPECT_EQ(nul->column, 20U);
  const auto bad = parse("{\"resourceType\":\"Claim\",\"id\":\"\xC3\x28\"}", document);
  ASSERT_TRUE(bad.has_value());
  EXPECT_NE(bad->message.find("UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace dxs::fhir
