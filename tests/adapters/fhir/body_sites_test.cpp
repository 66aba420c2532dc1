#include "adapters/fhir/body_sites.hpp"

#include <gtest/gtest.h>

#include "adapters/fhir/document.hpp"
#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

std::vector<BodySite> sites_of(std::string_view body_sites_json, const BodySiteMap* map) {
  Document document;
  const std::string text = std::string(R"({"resourceType":"Condition","bodySite":)") +
                           std::string(body_sites_json) + "}";
  const auto error = parse_json(text, Limits{}, document);
  EXPECT_FALSE(error.has_value());
  return documented_body_sites(document.tree, document.tree.root(), map);
}

const BodySiteMap* map() { return &test::project_body_sites(); }

TEST(BodySites, PreCoordinatedSnomedStructuresCarryTheSide) {
  const auto sites = sites_of(R"([{"coding":[{"system":"http://snomed.info/sct","code":"91774008"}]},
      {"coding":[{"system":"http://snomed.info/sct","code":"82169009"}]}])",
                              map());
  ASSERT_EQ(sites.size(), 2U);
  EXPECT_EQ(sites[0].site, "shoulder");
  EXPECT_EQ(sites[0].side, Laterality::right);
  EXPECT_EQ(sites[0].source, "snomed:91774008");
  EXPECT_EQ(sites[0].location, "bodySite[0]");
  EXPECT_EQ(sites[1].site, "knee");
  EXPECT_EQ(sites[1].side, Laterality::left);
  EXPECT_EQ(sites[1].location, "bodySite[1]");
}

TEST(BodySites, LateralityQualifierExtensionAndQualifierCodings) {
  const auto sites = sites_of(R"([
      {"extension":[{"url":"http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier",
                     "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"7771000"}]}}],
       "coding":[{"system":"http://snomed.info/sct","code":"16982005"}]},
      {"coding":[{"system":"http://snomed.info/sct","code":"72696002"},{"system":"http://snomed.info/sct","code":"51440002"}]}])",
                              map());
  ASSERT_EQ(sites.size(), 2U);
  EXPECT_EQ(sites[0].site, "shoulder");
  EXPECT_EQ(sites[0].side, Laterality::left);
  EXPECT_EQ(sites[1].site, "knee");
  EXPECT_EQ(sites[1].side, Laterality::bilateral);
}

TEST(BodySites, FreeTextFillsWhatCodesLeaveOpen) {
  const auto sites = sites_of(R"([{"text":"Right shoulder"},{"text":"left lower leg"},
      {"coding":[{"system":"http://snomed.info/sct","code":"72696002"}],"text":"L knee"},
      {"text":"both fingers"}])",
                              map());
  ASSERT_EQ(sites.size(), 4U);
  EXPECT_EQ(sites[0].site, "shoulder");
  EXPECT_EQ(sites[0].side, Laterality::right);
  EXPECT_EQ(sites[0].source, "text:right shoulder");
  EXPECT_EQ(sites[1].site, "lower_leg");
  EXPECT_EQ(sites[1].side, Laterality::left);
  EXPECT_EQ(sites[2].site, "knee");
  EXPECT_EQ(sites[2].side, Laterality::left);
  EXPECT_EQ(sites[2].source, "snomed:72696002");
  EXPECT_EQ(sites[3].site, "finger");
  EXPECT_EQ(sites[3].side, Laterality::bilateral);
}

TEST(BodySites, UnmappedSitesAreRecordedWithoutAKey) {
  // The R4 spec example's left external ear is not one of the canonical keys.
  const auto sites = sites_of(R"([{"coding":[{"system":"http://snomed.info/sct","code":"49521004"}],"text":"Left Ear"}])", map());
  ASSERT_EQ(sites.size(), 1U);
  EXPECT_EQ(sites[0].site, "");
  EXPECT_EQ(sites[0].side, Laterality::left);  // the side word still counts
  EXPECT_EQ(sites[0].source, "snomed:49521004");
}

TEST(BodySites, WithoutAMapNothingIsGuessed) {
  const auto sites = sites_of(R"([{"coding":[{"system":"http://snomed.info/sct","code":"91774008"}],"text":"right shoulder"}])", nullptr);
  ASSERT_EQ(sites.size(), 1U);
  EXPECT_EQ(sites[0].site, "");
  EXPECT_EQ(sites[0].side, Laterality::unknown);
  EXPECT_EQ(sites[0].source, "snomed:91774008");
}

TEST(BodySites, ShippedMapCoversEveryCanonicalLimbKey) {
  const BodySiteMap& sites = test::project_body_sites();
  for (const char* phrase : {"shoulder", "upper arm", "elbow", "forearm", "wrist", "hand", "fingers", "hip",
                             "thigh", "knee", "lower leg", "calf", "ankle", "foot", "toes", "neck", "back"}) {
    EXPECT_TRUE(sites.text(phrase).has_value()) << phrase;
  }
  EXPECT_EQ(sites.laterality("24028007"), Laterality::right);
  EXPECT_EQ(sites.laterality("7771000"), Laterality::left);
  EXPECT_EQ(sites.laterality("51440002"), Laterality::bilateral);
  EXPECT_EQ(sites.snomed("91775009")->side, Laterality::left);
  EXPECT_EQ(sites.snomed("6757004")->side, Laterality::right);
  EXPECT_EQ(sites.snomed("16982005")->site, "shoulder");
}

TEST(BodySites, OneTextListingSeveralSitesGivesOneSiteEach) {
  const auto sites = sites_of(R"([{"text":"right shoulder and left knee"},
      {"text":"right and left shoulder"},{"text":"bilateral hips and knees"}])",
                              map());
  ASSERT_EQ(sites.size(), 5u);
  EXPECT_EQ(sites[0].site, "shoulder");
  EXPECT_EQ(sites[0].side, Laterality::right);
  EXPECT_EQ(sites[1].site, "knee");
  EXPECT_EQ(sites[1].side, Laterality::left);
  EXPECT_EQ(sites[0].location, sites[1].location);
  EXPECT_EQ(sites[2].site, "shoulder");
  EXPECT_EQ(sites[2].side, Laterality::bilateral);
  EXPECT_EQ(sites[3].site, "hip");
  EXPECT_EQ(sites[3].side, Laterality::bilateral);
  EXPECT_EQ(sites[4].site, "knee");
  EXPECT_EQ(sites[4].side, Laterality::bilateral);
}

}  // namespace
}  // namespace dxs::fhir
