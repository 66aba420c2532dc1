#pragma once
// Helpers for the bad-input tests: the shipped Engine, case files, generated inputs, and small
// readers for the X12 acknowledgments and the OperationOutcome the caller gets.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/mappings/mappings.hpp"
#include "adapters/pipeline/pipeline.hpp"

namespace dxs::badinput {

inline std::filesystem::path source_dir() { return DXS_SOURCE_DIR; }
inline std::filesystem::path case_path(std::string_view name) {
  return source_dir() / "tests" / "badinput" / "cases" / name;
}
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
inline std::string case_bytes(std::string_view name) {
  const auto path = case_path(name);
  EXPECT_TRUE(std::filesystem::exists(path)) << path;
  return read_file(path);
}

// The engine over the shipped mappings, with a fixed default date so results never depend on
// the day the tests run.
inline const pipeline::Engine& shipped_engine() {
  static const std::shared_ptr<pipeline::Engine> engine = [] {
    pipeline::Config config;
    config.mappings.dir = source_dir() / "mappings";
    config.screening.default_date_policy = pipeline::DatePolicy::fixed;
    config.screening.default_date = Date::from_ymd(2025, 11, 4);
    return pipeline::Engine::open(config);
  }();
  return *engine;
}

inline pipeline::InputReport screen(std::string_view bytes, pipeline::ResponseKind response,
                                    std::string name = "bad-input") {
  pipeline::Request request;
  request.bytes = bytes;
  request.input_name = std::move(name);
  request.response = response;
  return pipeline::screen(shipped_engine(), request);
}

// X12 segments of an acknowledgment: delimiters from its ISA (element separator at 3, segment
// terminator right after ISA16 at 105).
inline std::vector<std::vector<std::string>> x12_segments(std::string_view x12) {
  std::vector<std::vector<std::string>> out;
  if (x12.size() < 106 || x12.substr(0, 3) != "ISA") return out;
  const char element = x12[3];
  const char terminator = x12[105];
  std::size_t at = 0;
  while (at < x12.size()) {
    std::size_t end = x12.find(terminator, at);
    if (end == std::string_view::npos) end = x12.size();
    std::string_view segment = x12.substr(at, end - at);
    while (!segment.empty() && (segment.front() == '\n' || segment.front() == '\r')) segment.remove_prefix(1);
    if (!segment.empty()) {
      std::vector<std::string> elements;
      std::size_t from = 0;
      while (true) {
        const std::size_t sep = segment.find(element, from);
        elements.emplace_back(segment.substr(from, sep == std::string_view::npos ? std::string_view::npos : sep - from));
        if (sep == std::string_view::npos) break;
        from = sep + 1;
      }
      out.push_back(std::move(elements));
    }
    at = end + 1;
  }
  return out;
}

// Every segment with this id, e.g. all "IK5" of a 999.
inline std::vector<std::vector<std::string>> segments_named(std::string_view x12, std::string_view id) {
  std::vector<std::vector<std::string>> out;
  for (auto& s : x12_segments(x12)) {
    if (!s.empty() && s[0] == id) out.push_back(std::move(s));
  }
  return out;
}

// Deterministic bytes (xorshift64) for binary-noise cases.
inline std::string noise(std::size_t size, std::uint64_t seed) {
  std::string out(size, '\0');
  for (char& c : out) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    c = static_cast<char>(seed & 0xFF);
  }
  return out;
}

}  // namespace dxs::badinput
