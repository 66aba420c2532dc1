#pragma once
// File helpers for the start-up readers and the importer (not for hot paths).
#include <filesystem>
#include <string>
#include <string_view>

namespace dxs::mappings {

// Whole file as bytes; throws std::runtime_error "path: problem".
std::string read_file(const std::filesystem::path& path);
// Writes via a temporary file and rename; throws std::runtime_error on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);
// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace dxs::mappings
