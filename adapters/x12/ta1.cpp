#include "adapters/x12/ta1.hpp"

#include <algorithm>

namespace dxs::x12 {
namespace {
bool digits(const std::string& s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

std::string write_ta1(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope) {
  SegmentWriter w(ack_delimiters(in.delimiters), in.line_breaks);
  write_isa(w, in, config, envelope);
  const std::string control = digits(in.isa13, 9) ? in.isa13 : std::string("000000000");
  const std::string date = digits(in.isa09, 6) ? in.isa09 : envelope.date8.substr(2, 6);
  const std::string time = digits(in.isa10, 4) ? in.isa10 : envelope.time4;
  const std::string note = in.ta1_note.empty() ? std::string("000") : in.ta1_note;
  w.segment("TA1", {control, date, time, in.ta1_note.empty() ? "A" : "R", note});
  w.segment("IEA", {"0", nine_digits(envelope.interchange_control)});
  return std::move(w.out());
}

}  // namespace dxs::x12
