#include "adapters/x12/segment_writer.hpp"

#include <algorithm>
#include <vector>

namespace dxs::x12 {
namespace {
// Control bytes (NUL, CR, LF, ESC ...) are never data in X12.
bool is_control(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}
}  // namespace

std::string SegmentWriter::sanitize(std::string_view value) const {
  std::string s(value);
  for (char& c : s) {
    if (d_.is_delimiter(c) || is_control(c)) c = ' ';
  }
  return s;
}

std::string SegmentWriter::composite(std::initializer_list<std::string_view> components) const {
  std::vector<std::string_view> parts(components);
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) s += d_.component;
    s += sanitize(parts[i]);
  }
  return s;
}

void SegmentWriter::segment(std::string_view id, std::initializer_list<std::string_view> elements) {
  const std::string_view* const first = elements.begin();
  const std::string_view* last = elements.end();
  while (last != first && (last - 1)->empty()) --last;  // trailing empty elements are dropped
  out_ += id;
  for (const std::string_view* e = first; e != last; ++e) {
    out_ += d_.element;
    // Composites arrive pre-built with the component separator; keep it, clean the rest.
    std::size_t clean_from = 0;
    for (std::size_t i = 0; i < e->size(); ++i) {
      const char c = (*e)[i];
      const bool bad = c == d_.element || c == d_.segment || (is_control(c) && c != d_.component) ||
                       (d_.repetition != 0 && c == d_.repetition);
      if (!bad) continue;
      out_.append(*e, clean_from, i - clean_from);
      out_ += ' ';
      clean_from = i + 1;
    }
    out_.append(*e, clean_from);
  }
  out_ += d_.segment;
  if (line_breaks_ && d_.segment != '\n' && d_.segment != '\r') out_ += '\n';
  ++count_;
}

void SegmentWriter::raw_segment(std::string_view id, std::initializer_list<std::string_view> elements) {
  out_ += id;
  for (std::string_view e : elements) {
    out_ += d_.element;
    out_ += e;
  }
  out_ += d_.segment;
  if (line_breaks_ && d_.segment != '\n' && d_.segment != '\r') out_ += '\n';
  ++count_;
}

Delimiters ack_delimiters(const Delimiters& input) {
  Delimiters d = input;
  if (d.repetition == 0) {
    for (char c : {'^', '!', '`', '{', '}', '|', '\\', '<'}) {
      if (c != d.element && c != d.component && c != d.segment) {
        d.repetition = c;
        break;
      }
    }
  }
  return d;
}

std::string nine_digits(std::uint64_t value) {
  std::string s = std::to_string(value % 1000000000ULL);
  if (s.size() < 9) s.insert(0, 9 - s.size(), '0');
  return s;
}

namespace {
std::string pad(std::string_view value, std::size_t width) {
  std::string s(value.substr(0, width));
  s.append(width - s.size(), ' ');
  return s;
}
}  // namespace

void write_isa(SegmentWriter& w, const InterchangeAck& in, const AckConfig& config,
               const AckEnvelope& envelope) {
  const bool usable_qualifier = in.isa05.size() == 2 && std::all_of(in.isa05.begin(), in.isa05.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  });
  const std::string receiver_qualifier = usable_qualifier ? in.isa05 : std::string("ZZ");
  const std::string rep(1, w.delimiters().repetition);
  const std::string comp(1, w.delimiters().component);
  const std::string sender_q = config.sender_qualifier.size() == 2 ? config.sender_qualifier : "ZZ";
  const std::string usage = in.isa15 == "T" ? "T" : "P";
  w.raw_segment("ISA", {"00", pad("", 10), "00", pad("", 10), sender_q,
                    pad(w.sanitize(config.sender_id), 15), receiver_qualifier,
                    pad(w.sanitize(in.isa06), 15), std::string_view(envelope.date8).substr(2, 6),
                    envelope.time4, rep, "00501", nine_digits(envelope.interchange_control), "0",
                    usage, comp});
}

bool parse_cents(std::string_view text, std::int64_t& cents) {
  cents = 0;
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 18) return false;
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  bool dot = false;
  bool digit = false;
  for (char c : text) {
    if (c == '.') {
      if (dot) return false;
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    digit = true;
    if (!dot) {
      whole = whole * 10 + (c - '0');
    } else if (fraction_digits < 2) {
      fraction = fraction * 10 + (c - '0');
      ++fraction_digits;
    }
  }
  if (!digit) return false;
  if (fraction_digits == 1) fraction *= 10;
  cents = whole * 100 + fraction;
  if (negative) cents = -cents;
  return true;
}

std::string format_cents(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
  std::string s = std::to_string(magnitude / 100);
  const auto fraction = magnitude % 100;
  if (fraction != 0) {
    s += '.';
    s += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) s += static_cast<char>('0' + fraction % 10);
  }
  return negative ? "-" + s : s;
}

}  // namespace dxs::x12
