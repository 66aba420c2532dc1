#include "adapters/mappings/file_io.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.hpp"

namespace dxs::mappings {
namespace {

TEST(FileIo, Sha256KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FileIo, Sha256OfSharedFilesMatchesSources) {
  DXS_REQUIRE_SHARED();
  EXPECT_EQ(sha256_hex(read_file(test::order_file_path(2026))),
            "6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b");
  EXPECT_EQ(sha256_hex(read_file(test::excludes1_csv_path())),
            "e053f74cff83457efbd52a0ae8cdcbaeed577be524fbeaac68342b3a018ae725");
}

TEST(FileIo, WriteAtomicallyThenRead) {
  test::TempDir dir;
  auto file = dir.path() / "x.tsv";
  write_file_atomically(file, "one\ntwo\n");
  EXPECT_EQ(read_file(file), "one\ntwo\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.tsv.tmp"));
}

TEST(FileIo, MissingFileThrowsWithPath) {
  test::TempDir dir;
  try {
    read_file(dir.path() / "absent.tsv");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.tsv: cannot open"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dxs::mappings
