#include "core/body_site.hpp"

#include <gtest/gtest.h>

#include <random>

#include <filesystem>

#include "test_data.hpp"

namespace dxs {
namespace {

const char* kMap =
    "# SNOMED CT body structures\n"
    "snomed\t16982005\tshoulder\t-\tShoulder region structure\n"
    "snomed\t72696002\tknee\t-\tKnee region structure\n"
    "snomed\t40768004\tchest\tleft\tLeft thorax\n"
    "laterality\t24028007\t-\tright\tRight\n"
    "laterality\t7771000\t-\tleft\tLeft\n"
    "laterality\t51440002\t-\tbilateral\tRight and left\n"
    "text\tshoulder\tshoulder\t-\t\n"
    "text\tupper arm\tupper_arm\t-\t\n"
    "text\tarm\tupper_arm\t-\tbare arm = upper arm\n"
    "text\tlower leg\tlower_leg\t-\t\n"
    "text\tcalf\tlower_leg\t-\t\n"
    "text\tleg\tlower_leg\t-\t\n"
    "text\tknee\tknee\t-\t\n"
    "text\tfeet\tfoot\t-\tirregular plural\n"
    "text\tdx\t-\tright\tlocal abbreviation for right\n";

BodySiteMap load() {
  auto map = BodySiteMap::parse(kMap, "body-sites.tsv");
  EXPECT_TRUE(map.ok()) << (map.ok() ? "" : map.error().message);
  return map.ok() ? std::move(map.value()) : BodySiteMap{};
}

TEST(BodySiteMapTest, SnomedAndLateralityCodes) {
  BodySiteMap map = load();
  auto shoulder = map.snomed("16982005");
  ASSERT_TRUE(shoulder);
  EXPECT_EQ(shoulder->site, "shoulder");
  EXPECT_EQ(shoulder->side, Laterality::unknown);
  auto thorax = map.snomed("40768004");
  ASSERT_TRUE(thorax);
  EXPECT_EQ(thorax->side, Laterality::left);
  EXPECT_FALSE(map.snomed("49521004"));
  EXPECT_EQ(map.laterality("24028007"), Laterality::right);
  EXPECT_EQ(map.laterality("7771000"), Laterality::left);
  EXPECT_EQ(map.laterality("51440002"), Laterality::bilateral);
  EXPECT_FALSE(map.laterality("16982005"));
  EXPECT_FALSE(map.empty());
  EXPECT_TRUE(BodySiteMap{}.empty());
}

void expect_text(const BodySiteMap& map, const char* phrase, const char* site, Laterality side) {
  auto found = map.text(phrase);
  ASSERT_TRUE(found) << phrase;
  EXPECT_EQ(found->site, site) << phrase;
  EXPECT_EQ(found->side, side) << phrase;
}

TEST(BodySiteMapTest, FreeTextWords) {
  BodySiteMap map = load();
  expect_text(map, "Right shoulder", "shoulder", Laterality::right);
  expect_text(map, "left lower leg", "lower_leg", Laterality::left);
  expect_text(map, "bilateral knees", "knee", Laterality::bilateral);
  expect_text(map, "R shoulder", "shoulder", Laterality::right);
  expect_text(map, "Lt. upper arm", "upper_arm", Laterality::left);    // longest phrase wins over "arm"
  expect_text(map, "right and left lower legs", "lower_leg", Laterality::bilateral);
  expect_text(map, "left calf", "lower_leg", Laterality::left);
  expect_text(map, "both feet", "foot", Laterality::bilateral);
  expect_text(map, "SHOULDER", "shoulder", Laterality::unknown);
  expect_text(map, "dx knee", "knee", Laterality::right);              // side word from the data
  expect_text(map, "chest wall, left", "chest", Laterality::left);     // canonical key of a SNOMED row
  expect_text(map, "left", "", Laterality::left);
  EXPECT_FALSE(map.text("abdominal wall"));
  EXPECT_FALSE(map.text(""));
  EXPECT_FALSE(map.text("shoulderblade"));  // whole words only
}

TEST(BodySiteMapTest, MergeOverrides) {
  BodySiteMap map = load();
  auto extra = BodySiteMap::parse("text\tarm\tforearm\t-\tlocal convention\nsnomed\t72696002\tknee\tright\tx\n", "local.tsv");
  ASSERT_TRUE(extra.ok()) << extra.error().message;
  map.merge(*extra);
  expect_text(map, "left arm", "forearm", Laterality::left);
  EXPECT_EQ(map.snomed("72696002")->side, Laterality::right);
  expect_text(map, "right shoulder", "shoulder", Laterality::right);
}

TEST(BodySiteMapTest, ErrorsNameFileLine) {
  auto check = [](const char* text, const char* fragment) {
    auto map = BodySiteMap::parse(text, "body-sites.tsv");
    ASSERT_FALSE(map.ok()) << text;
    EXPECT_NE(map.error().message.find(fragment), std::string::npos) << map.error().message;
  };
  check("snomed\t16982005\tshoulder\tup\tx\n", "body-sites.tsv:1: bad side 'up'");
  check("# c\nsnomed\t16982005\tshoulder\n", "body-sites.tsv:2: missing tab");
  check("organ\t1\tx\t-\ty\n", "unknown row kind");
  check("snomed\t16982005\tshoulder\t-\ta\nsnomed\t16982005\tknee\t-\tb\n", "body-sites.tsv:2: duplicate snomed code");
  check("laterality\t24028007\t-\t-\tRight\n", "laterality row without a side");
}

TEST(BodySiteMapTest, ShippedMapsParseWhenPresent) {
  std::filesystem::path dir = std::string(DXS_SOURCE_DIR) + "/mappings/body-sites";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "mappings/body-sites not committed yet";
  BodySiteMap all;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".tsv") continue;
    auto map = BodySiteMap::parse(testdata::read_file(entry.path().string()), entry.path().filename().string());
    ASSERT_TRUE(map.ok()) << map.error().message;
    all.merge(*map);
    ++files;
  }
  if (files == 0) GTEST_SKIP() << "no body-site TSV yet";
  auto shoulder = all.text("Right shoulder");
  ASSERT_TRUE(shoulder);
  EXPECT_EQ(shoulder->site, "shoulder");
  EXPECT_EQ(shoulder->side, Laterality::right);
  auto leg = all.text("left lower leg");
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->site, "lower_leg");
  EXPECT_EQ(leg->side, Laterality::left);
}

// Random text over the characters the format uses (fixed seed: reproducible).
std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string out(len(rng), ' ');
  for (char& c : out) c = alphabet[pick(rng)];
  return out;
}

TEST(BodySiteMapTest, GarbageIsAnErrorNeverACrash) {
  std::mt19937 rng(20251001);
  BodySiteMap map = load();
  for (int i = 0; i < 2000; ++i) {
    auto parsed = BodySiteMap::parse(random_text(rng, "textsnomed-rightl\t\n# 1", 80), "fuzz.tsv");
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().message.rfind("fuzz.tsv", 0), 0u);
    }
    auto found = map.text(random_text(rng, "right left knees shoulder lower leg,.", 60));
    if (found) {
      EXPECT_TRUE(!found->site.empty() || found->side != Laterality::unknown);
    }
  }
}

}  // namespace
}  // namespace dxs
