#pragma once
// Helpers shared by the C ABI tests: sample files, the source tree's rule data, temp folders,
// and RAII owners for the C handles.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dxscreen.h"

namespace dxs::capi_test {

namespace fs = std::filesystem;

inline fs::path source_dir() { return fs::path(DXS_SOURCE_DIR); }
inline fs::path mappings_dir() { return source_dir() / "mappings"; }
inline fs::path sample(const std::string& relative) { return source_dir() / "samples" / relative; }

// The engine tests need real rule data: at least one code set in the source tree's mappings/.
inline bool have_rule_data() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(mappings_dir() / "icd10cm", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("icd10cm-", 0) == 0 && entry.path().extension() == ".tsv") return true;
  }
  return false;
}

#define DXS_REQUIRE_RULE_DATA()                                                               \
  do {                                                                                        \
    if (!::dxs::capi_test::have_rule_data()) GTEST_SKIP() << "no code sets in mappings/icd10cm yet"; \
  } while (0)

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("dxscreen-capi-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Owns a message returned through char**.
class Message {
 public:
  Message() = default;
  ~Message() { dxscreen_string_free(text_); }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  char** out() {
    dxscreen_string_free(text_);
    text_ = nullptr;
    return &text_;
  }
  [[nodiscard]] bool empty() const { return text_ == nullptr; }
  [[nodiscard]] std::string str() const { return text_ ? text_ : ""; }

 private:
  char* text_ = nullptr;
};

// Owns a result.
class Result {
 public:
  Result() = default;
  ~Result() { dxscreen_result_free(result_); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  dxscreen_result** out() {
    dxscreen_result_free(result_);
    result_ = nullptr;
    return &result_;
  }
  [[nodiscard]] dxscreen_result* get() const { return result_; }
  [[nodiscard]] std::string bytes() const {
    std::size_t len = 0;
    const char* data = dxscreen_result_bytes(result_, &len);
    return data ? std::string(data, len) : std::string();
  }

 private:
  dxscreen_result* result_ = nullptr;
};

// Opens an engine on the source tree's rule data (fails the test when it cannot).
inline dxscreen_engine* open_engine(const char* config_path = nullptr) {
  dxscreen_engine* engine = nullptr;
  Message message;
  const dxscreen_status status =
      dxscreen_engine_open(mappings_dir().c_str(), config_path, &engine, message.out());
  EXPECT_EQ(status, DXSCREEN_OK) << message.str();
  return engine;
}

}  // namespace dxs::capi_test
