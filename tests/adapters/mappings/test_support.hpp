#pragma once
// Shared helpers for the mappings tests: paths to the CDC files in ../shared and to mappings/,
// the fiscal years' code catalogs (built once), temporary folders.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "adapters/mappings/code_catalog.hpp"
#include "adapters/mappings/file_io.hpp"
#include "adapters/mappings/order_file.hpp"

namespace dxs::mappings::test {

inline std::filesystem::path shared_icd10cm() { return std::filesystem::path(DXS_SHARED_DIR) / "icd10cm"; }
inline std::filesystem::path source_mappings() { return std::filesystem::path(DXS_SOURCE_DIR) / "mappings"; }

inline std::filesystem::path order_file_path(int fy) {
  switch (fy) {
    case 2025: return shared_icd10cm() / "fy2025/cdc/icd10cm-order-2025.txt";
    case 2026: return shared_icd10cm() / "fy2026/cdc/icd10cm-order-2026.txt";
    default: return shared_icd10cm() / "fy2027/derived/icd10cm-order-2027.txt";
  }
}
inline std::filesystem::path excludes1_csv_path() { return shared_icd10cm() / "fy2027/excludes/fy2027-excludes1.csv"; }
inline std::filesystem::path tabular_excerpt_path() {
  return shared_icd10cm() / "fy2026/tabular-excerpt/icd10cm_tabular_2026_excerpt.xml";
}

#define DXS_REQUIRE_SHARED()                                                                   \
  do {                                                                                          \
    if (!std::filesystem::exists(::dxs::mappings::test::order_file_path(2026))) {              \
      GTEST_SKIP() << "shared CDC files not found under " << ::dxs::mappings::test::shared_icd10cm(); \
    }                                                                                           \
  } while (0)

// Parsed order file of a fiscal year (cached; the shared files must exist).
inline const OrderFile& order_file(int fy) {
  static std::map<int, std::unique_ptr<OrderFile>> cache;
  auto& slot = cache[fy];
  if (!slot) {
    auto parsed = parse_order_file(read_file(order_file_path(fy)), order_file_path(fy).filename().string());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    slot = std::make_unique<OrderFile>(std::move(parsed.value()));
  }
  return *slot;
}

inline const CodeCatalog& catalog(int fy) {
  static std::map<int, std::unique_ptr<CodeCatalog>> cache;
  auto& slot = cache[fy];
  if (!slot) {
    std::vector<std::string> codes;
    for (const OrderEntry& e : order_file(fy).entries) codes.push_back(e.code);
    slot = std::make_unique<CodeCatalog>(std::move(codes));
  }
  return *slot;
}

// A fresh temporary folder, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("dxs-mappings-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dxs::mappings::test
