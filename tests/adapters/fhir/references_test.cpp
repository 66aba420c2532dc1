#include "adapters/fhir/references.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/fhir/document.hpp"
#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

TEST(References, ParsesEveryForm) {
  const ParsedReference local = parse_reference("#cond-1");
  EXPECT_TRUE(local.local);
  EXPECT_EQ(local.id, "cond-1");

  const ParsedReference relative = parse_reference(" Condition/abc-1 ");
  EXPECT_FALSE(relative.absolute);
  EXPECT_EQ(relative.type, "Condition");
  EXPECT_EQ(relative.id, "abc-1");

  const ParsedReference versioned = parse_reference("http://x.org/fhir/Patient/45/_history/2");
  EXPECT_TRUE(versioned.absolute);
  EXPECT_EQ(versioned.url, "http://x.org/fhir/Patient/45");
  EXPECT_EQ(versioned.version, "2");
  EXPECT_EQ(versioned.type, "Patient");

  const ParsedReference urn = parse_reference("urn:uuid:04121321-4af5-424c-a0e1-ed3aab1c349d");
  EXPECT_TRUE(urn.absolute);
  EXPECT_EQ(urn.type, "");

  EXPECT_EQ(parse_reference("Organization?identifier=a|b").type, "");
  EXPECT_EQ(parse_reference("a/b/Condition/x").type, "");  // relative with extra segments
}

TEST(References, RestfulBase) {
  EXPECT_EQ(restful_base("http://example.org/fhir/Patient/23"), "http://example.org/fhir/");
  EXPECT_EQ(restful_base("https://a.b/Condition/x.1"), "https://a.b/");
  EXPECT_FALSE(restful_base("urn:uuid:04121321-4af5-424c-a0e1-ed3aab1c349d").has_value());
  EXPECT_FALSE(restful_base("http://example.org/fhir/metadata").has_value());
}

TEST(References, ContainedResolvesOnlyInsideTheSameResource) {
  Document document;
  ASSERT_FALSE(parse_json(R"({"resourceType":"Claim","contained":[{"resourceType":"Patient","id":"p"},
      {"resourceType":"Condition","id":"c"},{"resourceType":"Condition","id":"dup"},{"resourceType":"Condition","id":"dup"}]})",
                          Limits{}, document)
                   .has_value());
  const Tree& tree = document.tree;
  const Resolution found = resolve_contained(tree, tree.root(), "#c");
  EXPECT_EQ(found.index, 1U);
  EXPECT_EQ(tree[found.resource].resource_type, "Condition");
  EXPECT_EQ(resolve_contained(tree, tree.root(), "#nope").resource, no_node);
  const Resolution ambiguous = resolve_contained(tree, tree.root(), "#dup");
  EXPECT_EQ(ambiguous.resource, no_node);
  EXPECT_NE(ambiguous.note.find("ambiguous"), std::string::npos);
  EXPECT_EQ(resolve_contained(tree, tree.root(), "#").resource, no_node);
}

// Every path of the R4 spec example Bundle-bundle-references.json.
TEST(References, SpecExampleBundleResolution) {
  const auto path = test::corpus_dir() / "hl7-r4-examples" / "Bundle-bundle-references.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared corpus not present";
  const std::string text = test::read_file(path);
  Document document;
  ASSERT_FALSE(parse_json(text, Limits{}, document).has_value());
  const BundleIndex index(document.tree, document.tree.root());
  ASSERT_EQ(index.entries().size(), 11U);
  EXPECT_EQ(index.resolve("Patient/23", 2).index, 0U);                       // relative, same base
  EXPECT_EQ(index.resolve("http://example.org/fhir/Patient/23", 3).index, 0U);  // absolute
  EXPECT_EQ(index.resolve("urn:uuid:04121321-4af5-424c-a0e1-ed3aab1c349d", 4).index, 1U);
  EXPECT_EQ(index.resolve("http://example.org/fhir-2/Patient/1", 5).resource, no_node);
  EXPECT_EQ(index.resolve("Patient/23", 6).resource, no_node);  // base fhir-2 has no Patient/23
  const Resolution versioned = index.resolve("Patient/45/_history/2", 9);
  EXPECT_EQ(versioned.index, 8U);
  const Resolution unversioned = index.resolve("Patient/45", 9);
  EXPECT_EQ(unversioned.resource, no_node);
  EXPECT_NE(unversioned.note.find("ambiguous: 2 Bundle entries"), std::string::npos);
}

TEST(References, UrnEntriesCannotResolveRelativeReferencesButEntriesWithoutFullUrlMatchByTypeAndId) {
  Document document;
  ASSERT_FALSE(parse_json(R"({"resourceType":"Bundle","entry":[
      {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Claim","id":"c"}},
      {"fullUrl":"urn:uuid:b","resource":{"resourceType":"Condition","id":"x"}},
      {"resource":{"resourceType":"Claim","id":"c2"}},
      {"resource":{"resourceType":"Condition","id":"y"}},
      {"resource":{"resourceType":"Patient","id":"y"}}]})",
                          Limits{}, document)
                   .has_value());
  const BundleIndex index(document.tree, document.tree.root());
  const Resolution from_urn = index.resolve("Condition/x", 0);
  EXPECT_EQ(from_urn.resource, no_node);
  EXPECT_NE(from_urn.note.find("not a RESTful URL"), std::string::npos);
  EXPECT_EQ(index.resolve("Condition/y", 2).index, 3U);
  EXPECT_EQ(index.resolve("Condition/x", 2).index, 1U);
  EXPECT_EQ(index.resolve("urn:uuid:b", 0).index, 1U);
  EXPECT_NE(index.resolve("", 0).note.find("no reference text"), std::string::npos);
}

}  // namespace
}  // namespace dxs::fhir
