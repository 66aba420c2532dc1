#include "core/result.hpp"

namespace dxs {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::syntax: return "syntax";
    case ErrorCode::structure: return "structure";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::limit_exceeded: return "limit-exceeded";
    case ErrorCode::io: return "io";
    case ErrorCode::invalid_data: return "invalid-data";
    case ErrorCode::usage: return "usage";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace dxs
