#include "adapters/x12/tokenizer.hpp"

#include <algorithm>
#include <cstdint>

namespace dxs::x12 {
namespace {

constexpr std::size_t kIsaScanLimit = 512;  // bytes searched for the 16 ISA separators
constexpr std::size_t kIsaFixedLength = 106;  // ISA with its terminator, fixed-width fields
constexpr std::size_t kLeadingTextLimit = 64 * 1024;  // text tolerated before the first ISA

bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string_view component(std::string_view element, char separator, std::size_t index) noexcept {
  if (index == 0) return {};
  std::size_t start = 0;
  for (std::size_t n = 1; n < index; ++n) {
    const std::size_t at = element.find(separator, start);
    if (at == std::string_view::npos) return {};
    start = at + 1;
  }
  const std::size_t end = element.find(separator, start);
  return element.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::size_t component_count(std::string_view element, char separator) noexcept {
  if (element.empty()) return 0;
  return static_cast<std::size_t>(std::count(element.begin(), element.end(), separator)) + 1;
}

void split_components(std::string_view element, char separator, std::size_t limit,
                      std::vector<std::string_view>& out) {
  out.clear();
  if (element.empty() || limit == 0) return;
  std::size_t start = 0;
  while (out.size() + 1 < limit) {
    const std::size_t at = element.find(separator, start);
    if (at == std::string_view::npos) break;
    out.push_back(element.substr(start, at - start));
    start = at + 1;
  }
  out.push_back(element.substr(start));
}

TextEncoding sniff_encoding(std::string_view head) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    return TextEncoding::utf8_bom;
  }
  if (head.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE) return TextEncoding::utf16le;
  if (head.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF) return TextEncoding::utf16be;
  if (head.size() >= 4) {
    if (byte(0) != 0 && byte(1) == 0 && byte(2) != 0 && byte(3) == 0) return TextEncoding::utf16le;
    if (byte(0) == 0 && byte(1) != 0 && byte(2) == 0 && byte(3) != 0) return TextEncoding::utf16be;
  }
  return TextEncoding::single_byte;
}

bool decode_utf16(std::string_view bytes, bool little_endian, std::string& out, std::string& carry,
                  bool skip_bom) {
  std::string joined;
  if (!carry.empty()) {
    joined = carry;
    joined.append(bytes);
    bytes = joined;
    carry.clear();
  }
  std::size_t i = 0;
  const auto unit_at = [&](std::size_t at) -> std::uint32_t {
    const auto b0 = static_cast<unsigned char>(bytes[at]);
    const auto b1 = static_cast<unsigned char>(bytes[at + 1]);
    return little_endian ? (static_cast<std::uint32_t>(b1) << 8 | b0)
                         : (static_cast<std::uint32_t>(b0) << 8 | b1);
  };
  while (i + 1 < bytes.size()) {
    const std::uint32_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 3 >= bytes.size()) break;  // wait for the low surrogate
      const std::uint32_t low = unit_at(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      append_utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
      i += 4;
      continue;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;
    if (unit != 0xFEFF || !skip_bom || i != 0) append_utf8(unit, out);
    i += 2;
  }
  carry.assign(bytes.substr(i));
  return true;
}

void Tokenizer::set_input(std::string_view buffer, std::size_t base_offset, bool final_chunk) noexcept {
  buf_ = buffer;
  base_ = base_offset;
  pos_ = 0;
  final_ = final_chunk;
}

Tokenizer::Step Tokenizer::next(Segment& out, Error& error) {
  if (skipping_) {
    const std::size_t at = buf_.find(delims_.segment, pos_);
    if (at == std::string_view::npos) {
      pos_ = buf_.size();
      return final_ ? Step::end : Step::need_more;
    }
    pos_ = at + 1;
    skipping_ = false;
  }
  for (;;) {
    while (pos_ < buf_.size()) {
      const char c = buf_[pos_];
      const bool blank = is_blank(c) && c != delims_.element;
      const bool stray_terminator = seen_isa_ && c == delims_.segment;
      if (!blank && !stray_terminator) break;
      if (c == '\n' || c == '\r') pending_break_ = true;
      ++pos_;
    }
    if (pos_ >= buf_.size()) {
      if (!final_) return Step::need_more;
      if (!seen_isa_ && !isa_reported_) {
        // Empty input, blanks only, or a byte order mark and nothing else.
        isa_reported_ = true;
        error = make_error(ErrorCode::syntax, "no ISA interchange header at the start of the input",
                           "ISA", base_ + pos_);
        return Step::error;
      }
      return Step::end;
    }

    const std::string_view rest = buf_.substr(pos_);
    if (rest.size() < 4 && !final_ && std::string_view("ISA").substr(0, std::min<std::size_t>(3, rest.size())) ==
                                          rest.substr(0, std::min<std::size_t>(3, rest.size()))) {
      return Step::need_more;
    }
    if (rest.size() >= 4 && rest.substr(0, 3) == "ISA" && !is_alnum(rest[3])) {
      return read_isa(out, error);
    }
    if (!seen_isa_) {
      // Text before the first ISA (a title line, a mail header): skip it when an ISA follows.
      // An ISA that starts a line and is followed by a plausible element separator.
      std::size_t at = rest.find("ISA");
      const auto plausible = [&](std::size_t i) {
        return (i == 0 || rest[i - 1] == '\n' || rest[i - 1] == '\r') && i + 3 < rest.size() &&
               !is_alnum(rest[i + 3]) && !is_blank(rest[i + 3]);
      };
      while (at != std::string_view::npos && at + 3 < rest.size() && !plausible(at)) {
        at = rest.find("ISA", at + 1);
      }
      const bool found = at != std::string_view::npos && at + 3 < rest.size();
      if (found && base_ + pos_ + at <= kLeadingTextLimit) {
        error = make_error(ErrorCode::structure,
                           std::to_string(at) + " bytes of text before the ISA were ignored", "ISA",
                           base_ + pos_);
        pos_ += at;
        return Step::error;
      }
      if (!found && !final_ && base_ + buf_.size() <= kLeadingTextLimit) return Step::need_more;
      isa_reported_ = true;
      error = make_error(ErrorCode::syntax, "no ISA interchange header at the start of the input",
                         "ISA", base_ + pos_);
      pos_ = buf_.size();
      return Step::error;
    }

    const std::size_t window = std::min(rest.size(), limits_.max_segment_length + 1);
    const std::size_t found = rest.substr(0, window).find(delims_.segment);
    if (found == std::string_view::npos) {
      if (rest.size() > limits_.max_segment_length) {
        error = make_error(ErrorCode::limit_exceeded,
                           "segment longer than " + std::to_string(limits_.max_segment_length) +
                               " bytes (segment terminator missing?)",
                           "", base_ + pos_);
        // Skip to the next terminator, or drop what is buffered.
        const std::size_t next_term = rest.find(delims_.segment, window);
        if (next_term == std::string_view::npos) {
          pos_ = buf_.size();
          skipping_ = true;
        } else {
          pos_ += next_term + 1;
        }
        return Step::error;
      }
      if (!final_) return Step::need_more;
      // Last segment without a terminator: accept it as it is.
      std::size_t end = rest.size();
      while (end > 0 && is_blank(rest[end - 1])) --end;
      return split(pos_, pos_ + end, buf_.size(), out, error);
    }
    std::size_t end = found;
    while (end > 0 && (rest[end - 1] == '\r' || rest[end - 1] == '\n') &&
           rest[end - 1] != delims_.element) {
      --end;
    }
    return split(pos_, pos_ + end, pos_ + found + 1, out, error);
  }
}

Tokenizer::Step Tokenizer::split(std::size_t start, std::size_t end, std::size_t resume,
                                 Segment& out, Error& error) {
  const std::string_view text = buf_.substr(start, end - start);
  out.elements.clear();
  out.offset = base_ + start;
  out.length = text.size();
  // One pass over the bytes (segments are short: a memchr call per element costs more).
  const char separator = delims_.element;
  const char* from = text.data();
  const char* const stop = text.data() + text.size();
  const auto too_many = [&] {
    error = make_error(ErrorCode::limit_exceeded,
                       "segment has more than " + std::to_string(limits_.max_elements) + " elements", "",
                       base_ + start);
    out.id = out.elements.front();
    pos_ = resume;
    return Step::error;
  };
  for (const char* p = from; p != stop; ++p) {
    if (*p != separator) continue;
    if (out.elements.size() > limits_.max_elements) return too_many();
    out.elements.emplace_back(from, static_cast<std::size_t>(p - from));
    from = p + 1;
  }
  if (out.elements.size() > limits_.max_elements) return too_many();
  out.elements.emplace_back(from, static_cast<std::size_t>(stop - from));
  out.id = out.elements.front();
  pos_ = resume;
  line_break_before_ = pending_break_;
  pending_break_ = false;
  return Step::segment;
}

Tokenizer::Step Tokenizer::read_isa(Segment& out, Error& error) {
  isa_note_ = 0;
  const std::string_view rest = buf_.substr(pos_);
  const char sep = rest[3];
  std::size_t seps = 0;
  std::size_t at = 3;
  const std::size_t scan_end = std::min(rest.size(), kIsaScanLimit);
  for (; at < scan_end; ++at) {
    if (rest[at] == sep && ++seps == 16) break;
  }
  // The first ISA is answered from its fixed positions when it is unusable: have them at hand
  // whatever the reads delivered so far.
  if (!seen_isa_ && !final_ && rest.size() < kIsaFixedLength) return Step::need_more;
  if (seps < 16 || at + 2 >= rest.size()) {
    if (!final_ && rest.size() < kIsaScanLimit) return Step::need_more;
    isa_note_ = seps < 16 ? 26 : 23;
    error = make_error(ErrorCode::syntax,
                       seps < 16 ? "ISA does not have 16 elements (element separator unusable)"
                                 : "input ends inside the ISA segment",
                       "ISA", base_ + pos_);
    if (seen_isa_) {
      // Drop the bad ISA up to the next terminator, which may come in a later read.
      const std::size_t next_term = rest.find(delims_.segment, 3);
      skipping_ = next_term == std::string_view::npos;
      pos_ = skipping_ ? buf_.size() : pos_ + next_term + 1;
    } else {
      isa_reported_ = true;
      pos_ = buf_.size();
    }
    return Step::error;
  }
  const char comp = rest[at + 1];
  const char term = rest[at + 2];
  const bool sep_ok = !is_alnum(sep) && sep != ' ';
  const bool comp_ok = !is_alnum(comp) && comp != sep && comp != ' ';
  const bool term_ok = !is_alnum(term) && term != sep && term != comp && term != ' ';
  if (!sep_ok || !comp_ok || !term_ok) {
    error = make_error(ErrorCode::syntax,
                       !sep_ok    ? "ISA element separator is invalid"
                       : !comp_ok ? "ISA16 component separator is invalid"
                                  : "segment terminator after ISA16 is invalid",
                       "ISA", base_ + pos_);
    isa_note_ = !sep_ok ? 26 : !comp_ok ? 27 : 4;
    if (seen_isa_) {
      // Drop the bad ISA up to the next terminator, which may come in a later read.
      const std::size_t next_term = rest.find(delims_.segment, 3);
      skipping_ = next_term == std::string_view::npos;
      pos_ = skipping_ ? buf_.size() : pos_ + next_term + 1;
    } else {
      isa_reported_ = true;
      pos_ = buf_.size();
    }
    return Step::error;
  }
  delims_.element = sep;
  delims_.component = comp;
  delims_.segment = term;
  delims_.repetition = 0;
  seen_isa_ = true;
  const Step step = split(pos_, pos_ + at + 2, pos_ + at + 3, out, error);
  if (step == Step::segment && out.element(11).size() == 1) {
    const char rep = out.element(11)[0];
    if (!is_alnum(rep) && rep != ' ' && rep != sep && rep != comp && rep != term) {
      delims_.repetition = rep;
    }
  }
  return step;
}

}  // namespace dxs::x12
