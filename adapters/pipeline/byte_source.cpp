// FileByteSource: a file or stdin as a ByteSource.
#include <cerrno>
#include <cstring>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {

FileByteSource::FileByteSource(const std::filesystem::path& path) {
  if (path == "-") {
    file_ = stdin;
    return;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error_ = "is a directory";
    return;
  }
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    error_ = std::strerror(errno);
    return;
  }
  owned_ = true;
}

FileByteSource::~FileByteSource() {
  if (owned_ && file_) std::fclose(file_);
}

Result<std::size_t> FileByteSource::read(char* buffer, std::size_t capacity) {
  if (!file_) return make_error(ErrorCode::io, "input is not open: " + error_);
  const std::size_t n = std::fread(buffer, 1, capacity, file_);
  if (n == 0 && std::ferror(file_)) return make_error(ErrorCode::io, std::string("read error: ") + std::strerror(errno));
  bytes_read_ += n;
  return n;
}

}  // namespace dxs::pipeline
