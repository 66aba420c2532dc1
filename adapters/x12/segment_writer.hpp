#pragma once
// Writes X12 segments with the submitter's delimiters. Element values are sanitised (any
// delimiter character becomes a blank) and trailing empty elements/components are dropped,
// as the syntax requires.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "adapters/x12/ack_model.hpp"
#include "adapters/x12/tokenizer.hpp"
#include "adapters/x12/x12.hpp"

namespace dxs::x12 {

class SegmentWriter {
 public:
  SegmentWriter(const Delimiters& delimiters, bool line_breaks)
      : d_(delimiters), line_breaks_(line_breaks) {}

  // Appends one segment: id followed by elements.
  void segment(std::string_view id, std::initializer_list<std::string_view> elements);
  // Appends a segment verbatim: `elements` are joined with the element separator unchanged
  // (for the ISA, whose ISA11 and ISA16 are delimiter characters themselves).
  void raw_segment(std::string_view id, std::initializer_list<std::string_view> elements);
  // A composite value built from components, for use as one element.
  [[nodiscard]] std::string composite(std::initializer_list<std::string_view> components) const;
  [[nodiscard]] std::string sanitize(std::string_view value) const;

  [[nodiscard]] std::size_t count() const noexcept { return count_; }
  void reset_count() noexcept { count_ = 0; }
  [[nodiscard]] const Delimiters& delimiters() const noexcept { return d_; }
  std::string& out() noexcept { return out_; }

 private:
  Delimiters d_;
  bool line_breaks_;
  std::string out_;
  std::size_t count_ = 0;
};

// Values shared by the writers of one acknowledgment interchange.
struct AckEnvelope {
  std::uint64_t interchange_control = 1;  // ISA13 / IEA02
  std::uint64_t group_control = 1;        // GS06 / GE02
  std::string date8;                      // CCYYMMDD
  std::string time4;                      // HHMM
};

// Delimiters for an acknowledgment: the submitter's, with a repetition separator that does not
// clash with them when the submitter sent none (00401 'U').
Delimiters ack_delimiters(const Delimiters& input);
// ISA of an acknowledgment addressed to the submitter of `in`.
void write_isa(SegmentWriter& w, const InterchangeAck& in, const AckConfig& config,
               const AckEnvelope& envelope);
std::string nine_digits(std::uint64_t value);
// Amounts as X12 decimals: cents parsed from "12.25", written without trailing zeros.
bool parse_cents(std::string_view text, std::int64_t& cents);
std::string format_cents(std::int64_t cents);

}  // namespace dxs::x12
