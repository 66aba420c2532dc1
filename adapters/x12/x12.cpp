#include "adapters/x12/x12.hpp"

namespace dxs::x12 {

Outcome screen(std::string_view, const ScreenFn&, const ResultSink&, const Options&) {
  Outcome outcome;
  outcome.unreadable = true;
  return outcome;
}

Outcome screen_stream(ByteSource&, const ScreenFn&, const ResultSink&, const Options&) {
  Outcome outcome;
  outcome.unreadable = true;
  return outcome;
}

Parsed read_837(std::string_view, const Limits&) {
  Parsed parsed;
  parsed.unreadable = true;
  return parsed;
}

}  // namespace dxs::x12
