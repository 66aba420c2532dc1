#pragma once
// Helpers shared by the FHIR adapter tests: files, the project's body-site map, byte sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "core/body_site.hpp"
#include "core/byte_source.hpp"

namespace dxs::fhir::test {

inline std::filesystem::path source_dir() { return DXS_SOURCE_DIR; }
inline std::filesystem::path samples_dir() { return source_dir() / "samples" / "fhir"; }
inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(DXS_SHARED_DIR) / "corpus" / "fhir";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The body-site map the product ships (mappings/body-sites/*.tsv), parsed by core.
inline const BodySiteMap& project_body_sites() {
  static const BodySiteMap map = [] {
    BodySiteMap merged;
    for (const char* name : {"snomed.tsv", "text.tsv"}) {
      const auto path = source_dir() / "mappings" / "body-sites" / name;
      auto parsed = BodySiteMap::parse(read_file(path), path.string());
      if (!parsed) {
        ADD_FAILURE() << parsed.error().message;
        continue;
      }
      merged.merge(*parsed);
    }
    return merged;
  }();
  return map;
}

inline Options test_options() {
  Options options;
  options.body_sites = &project_body_sites();
  options.rulepack_version = "test-pack@1.0.0";
  return options;
}

// Hands out the text in chunks of `chunk` bytes (small chunks exercise line splitting).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string text, std::size_t chunk = 7)
      : text_(std::move(text)), chunk_(chunk) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, chunk_, text_.size() - position_});
    std::copy_n(text_.data() + position_, n, buffer);
    position_ += n;
    return n;
  }

 private:
  std::string text_;
  std::size_t chunk_;
  std::size_t position_ = 0;
};

// Fails after handing out `good` bytes.
class FailingSource : public ByteSource {
 public:
  FailingSource(std::string text, std::size_t good) : text_(std::move(text)), good_(good) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    if (position_ >= good_) return make_error(ErrorCode::io, "disk went away");
    const std::size_t n = std::min({capacity, good_ - position_, text_.size() - position_});
    std::copy_n(text_.data() + position_, n, buffer);
    position_ += n;
    return n;
  }

 private:
  std::string text_;
  std::size_t good_;
  std::size_t position_ = 0;
};

}  // namespace dxs::fhir::test
