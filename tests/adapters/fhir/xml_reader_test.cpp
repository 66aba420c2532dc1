#include <gtest/gtest.h>

#include "adapters/fhir/document.hpp"

namespace dxs::fhir {
namespace {

std::optional<InputError> parse(std::string_view text, Document& document, Limits limits = {}) {
  return parse_xml(text, limits, document);
}

TEST(XmlReader, ValueAttributesRepeatsAndResourceWrappers) {
  Document document;
  const auto error = parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir">
  <!-- a comment -->
  <type value="collection"/>
  <entry>
    <fullUrl value="urn:uuid:1"/>
    <resource>
      <Claim>
        <id value="c1"/>
        <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>narrative <b>bold</b></p></div></text>
        <contained><Condition><id value="cond"/></Condition></contained>
        <extension url="http://example.org/ext"><valueString value="a &amp; b"/></extension>
        <item><sequence value="1"/><diagnosisSequence value="2"/><diagnosisSequence value="4"/></item>
      </Claim>
    </resource>
  </entry>
</Bundle>)",
                           document);
  ASSERT_FALSE(error.has_value()) << error->message;
  const Tree& tree = document.tree;
  const NodeId root = tree.root();
  EXPECT_EQ(tree[root].resource_type, "Bundle");
  EXPECT_EQ(tree.value(root, "type"), "collection");
  const NodeId entry = tree.child(root, "entry");
  const NodeId claim = tree.child(entry, "resource");
  EXPECT_EQ(tree[claim].resource_type, "Claim");
  EXPECT_EQ(tree.value(claim, "id"), "c1");
  EXPECT_EQ(tree.child(tree.child(claim, "text"), "div"), no_node);
  EXPECT_EQ(tree[tree.child(claim, "contained")].resource_type, "Condition");
  const NodeId extension = tree.child(claim, "extension");
  EXPECT_EQ(tree.value(extension, "url"), "http://example.org/ext");
  EXPECT_EQ(tree.value(extension, "valueString"), "a & b");
  const auto pointers = tree.children(tree.child(claim, "item"), "diagnosisSequence");
  ASSERT_EQ(pointers.size(), 2U);
  EXPECT_EQ(tree[pointers[1]].value, "4");
}

TEST(XmlReader, DoctypeIsRejectedSoNoEntityIsExpanded) {
  Document document;
  const auto error = parse(R"(<?xml version="1.0"?>
<!DOCTYPE Claim [<!ENTITY boom "boomboomboom">]>
<Claim xmlns="http://hl7.org/fhir"><id value="&boom;"/></Claim>)",
                           document);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("DOCTYPE"), std::string::npos);
  EXPECT_EQ(error->line, 2U);
  EXPECT_EQ(error->column, 1U);
}

TEST(XmlReader, RootMustBeAFhirResource) {
  Document document;
  EXPECT_NE(parse(R"(<Claim><id value="x"/></Claim>)", document)->message.find("FHIR namespace"),
            std::string::npos);
  EXPECT_NE(parse(R"(<Claim xmlns="urn:other"/>)", document)->message.find("FHIR namespace"),
            std::string::npos);
  EXPECT_NE(parse(R"(<claim xmlns="http://hl7.org/fhir"/>)", document)->message.find("not a FHIR resource"),
            std::string::npos);
}

TEST(XmlReader, PrefixedFhirNamespaceIsRead) {
  Document document;
  ASSERT_FALSE(parse(R"(<f:Claim xmlns:f="http://hl7.org/fhir"><f:id value="p1"/><x:other xmlns:x="urn:x"/></f:Claim>)",
                     document)
                   .has_value());
  EXPECT_EQ(document.tree[document.tree.root()].resource_type, "Claim");
  EXPECT_EQ(document.tree.value(document.tree.root(), "id"), "p1");
  const Node& root = document.tree[document.tree.root()];
  ASSERT_NE(root.first_child, no_node);
  EXPECT_EQ(root.first_child, root.last_child);  // exactly one child: the other namespace is skipped
}

TEST(XmlReader, DepthAndWidthLimitsApplyBeforeTheParser) {
  std::string deep = R"(<Claim xmlns="http://hl7.org/fhir">)";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  Document document;
  const auto error = parse(deep, document);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("nesting deeper than 64 levels"), std::string::npos);

  std::string wide = R"(<Claim xmlns="http://hl7.org/fhir">)";
  for (int i = 0; i < 30; ++i) wide += R"(<identifier><value value="v"/></identifier>)";
  wide += "</Claim>";
  Limits limits;
  limits.max_array_items = 10;
  const auto wide_error = parse(wide, document, limits);
  ASSERT_TRUE(wide_error.has_value());
  EXPECT_NE(wide_error->message.find("more than 10 child elements"), std::string::npos);
}

TEST(XmlReader, MarkupInsideAttributesAndCommentsDoesNotCountAsElements) {
  Limits limits;
  limits.max_depth = 3;
  Document document;
  EXPECT_FALSE(parse(R"(<Claim xmlns="http://hl7.org/fhir"><!-- <a><b><c><d> --><id value="a>b>c"/><![CDATA[<x><y><z>]]></Claim>)",
                     document, limits)
                   .has_value());
}

TEST(XmlReader, MalformedXmlReportsLineAndColumn) {
  Document document;
  const auto error = parse("<Claim xmlns=\"http://hl7.org/fhir\">\n  <id value=\"x\">\n</Claim>", document);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("malformed XML"), std::string::npos);
  EXPECT_EQ(error->line, 3U);
}

TEST(XmlReader, BomAndUtf8Checks) {
  Document document;
  EXPECT_FALSE(parse("\xEF\xBB\xBF<Claim xmlns=\"http://hl7.org/fhir\"/>", document).has_value());
  EXPECT_TRUE(parse("<Claim xmlns=\"http://hl7.org/fhir\"><id value=\"\xFF\"/></Claim>", document).has_value());
  EXPECT_TRUE(parse(std::string("<Claim xmlns=\"http://hl7.org/fhir\">\0</Claim>", 42), document).has_value());
}

}  // namespace
}  // namespace dxs::fhir
