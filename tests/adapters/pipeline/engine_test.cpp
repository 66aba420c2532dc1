#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "adapters/pipeline/pipeline.hpp"
#include "core/code_set.hpp"

namespace dxs::pipeline {
namespace {

std::shared_ptr<const Knowledge> one_code_knowledge(const std::string& version) {
  auto k = std::make_shared<Knowledge>();
  auto codes = CodeSet::parse("# fiscal_year\t2026\nM6281\t1\tMuscle weakness\tMuscle weakness (generalized)\n", "t.tsv");
  EXPECT_TRUE(codes.ok());
  k->code_sets.push_back(codes.value());
  k->version = version;
  return k;
}

TEST(Engine, ReloadFailureKeepsTheCurrentState) {
  Engine engine(Config{}, one_code_knowledge("v1"));
  const auto before = engine.state();
  Config bad;
  bad.mappings.dir = "/nonexistent/dxscreen-mappings";
  EXPECT_THROW(engine.reload(bad), std::exception);
  EXPECT_EQ(engine.state(), before) << "a failed reload keeps the current state";
  EXPECT_EQ(before->knowledge->version, "v1");
  EXPECT_NE(before->screener, nullptr);
}

TEST(Engine, OpenFailsClearlyWithoutData) {
  Config config;
  config.mappings.dir = "/nonexistent/dxscreen-mappings";
  try {
    (void)Engine::open(config);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dxscreen-mappings"), std::string::npos) << e.what();
  }
}

TEST(Engine, OpensTheShippedMappingsAndReloadsThem) {
  Config config;
  config.mappings.dir = std::string(DXS_SOURCE_DIR) + "/mappings";
  const auto engine = Engine::open(config);
  const auto first = engine->state();
  EXPECT_EQ(first->mappings_dir, config.mappings.dir);
  EXPECT_GE(first->knowledge->code_sets.size(), 3u);
  EXPECT_FALSE(first->knowledge->packs.empty());
  // Readers keep screening on their snapshot while a reload swaps in a new one.
  std::thread reader([&] {
    for (int i = 0; i < 50; ++i) EXPECT_NE(engine->state()->screener, nullptr);
  });
  engine->reload();
  reader.join();
  const auto second = engine->state();
  EXPECT_NE(second, first);
  EXPECT_EQ(second->knowledge->version, first->knowledge->version);
  EXPECT_NE(first->knowledge, nullptr) << "the old snapshot stays valid for its holders";
}

TEST(Engine, RuleOverridesApplyToACopy) {
  const auto shared = one_code_knowledge("v1");
  const Config config = parse_config(R"({"rules": {"duplicate-code": {"enabled": false}}})", "t.json");
  Engine engine(config, shared);
  const Knowledge& k = *engine.state()->knowledge;
  ASSERT_NE(k.rule("duplicate-code"), nullptr);
  EXPECT_FALSE(k.rule("duplicate-code")->enabled);
  EXPECT_EQ(shared->rule("duplicate-code"), nullptr) << "the caller's knowledge is not modified";
}

TEST(FileByteSource, ReadsAFileAndReportsProblems) {
  const auto path = std::filesystem::temp_directory_path() / "dxscreen-byte-source-test.txt";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("ISA*abc", f);
    std::fclose(f);
  }
  FileByteSource source(path);
  ASSERT_TRUE(source.is_open());
  char buf[4];
  auto n = source.read(buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4u);
  n = source.read(buf, sizeof buf);
  EXPECT_EQ(*n, 3u);
  n = source.read(buf, sizeof buf);
  EXPECT_EQ(*n, 0u);
  EXPECT_EQ(source.bytes_read(), 7u);
  std::filesystem::remove(path);

  FileByteSource missing("/nonexistent/file.x12");
  EXPECT_FALSE(missing.is_open());
  EXPECT_FALSE(missing.open_error().empty());
  EXPECT_FALSE(missing.read(buf, sizeof buf).ok());
  FileByteSource directory(std::filesystem::temp_directory_path());
  EXPECT_FALSE(directory.is_open());
  EXPECT_EQ(directory.open_error(), "is a directory");
}

}  // namespace
}  // namespace dxs::pipeline
