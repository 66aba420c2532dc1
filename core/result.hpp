#pragma once
// Errors as values for hot paths: an error code, the byte offset in the input, and where it
// happened (X12 loop/segment/element or FHIRPath). Exceptions are used only at start-up.
#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace dxs {

enum class ErrorCode {
  ok = 0,
  syntax,          // malformed bytes: X12 envelope, JSON, XML
  structure,       // well-formed but not the expected structure (wrong resource, missing segment)
  unsupported,     // version / resource type / encoding not handled
  limit_exceeded,  // a configured limit (size, depth, count) was hit
  io,              // file could not be read or written
  invalid_data,    // a data file (code set, rule pack, map) is malformed
  usage,           // caller misuse
  internal,
};

const char* to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;   // human text; never contains payload fragments (PHI)
  std::string location;  // FHIRPath, X12 loop/segment/element, or "file:line"
  std::size_t offset = 0;  // byte offset in the input where it happened
  std::size_t line = 0;    // 1-based line when known, else 0
  std::size_t column = 0;  // 1-based column when known, else 0
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}        // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

inline Error make_error(ErrorCode code, std::string message, std::string location = {},
                        std::size_t offset = 0) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.location = std::move(location);
  e.offset = offset;
  return e;
}

}  // namespace dxs
