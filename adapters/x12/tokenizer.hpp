#pragma once
// ISA-driven X12 tokenizer over a byte buffer. Segments and elements are string_views into the
// buffer handed to set_input(); they stay valid until the next set_input(). The tokenizer never
// owns input bytes, so a streaming driver keeps only the unconsumed tail between chunks.
//
// Delimiters come from each ISA: element separator = the byte after "ISA"; ISA16 is found by
// counting 16 element separators (short ISAs occur); the segment terminator is the byte after
// ISA16; ISA11 is the repetition separator when it is not alphanumeric (00401 sends 'U').
// CR, LF, blanks and tabs after a terminator are skipped. Text before the first ISA (up to
// 64 KiB, the ISA starting a line) is skipped with a Step::error of ErrorCode::structure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/x12/x12.hpp"
#include "core/result.hpp"

namespace dxs::x12 {

struct Delimiters {
  char element = '*';
  char component = ':';
  char repetition = 0;  // 0 = none
  char segment = '~';

  [[nodiscard]] bool is_delimiter(char c) const noexcept {
    return c == element || c == component || c == segment || (repetition != 0 && c == repetition);
  }
};

struct Segment {
  std::string_view id;
  std::vector<std::string_view> elements;  // [0] = id, [1..] = data elements
  std::size_t offset = 0;                  // absolute byte offset of the segment's first byte
  std::size_t length = 0;                  // bytes without the terminator

  // 1-based data element; "" when absent.
  [[nodiscard]] std::string_view element(std::size_t index) const noexcept {
    return index < elements.size() ? elements[index] : std::string_view{};
  }
  [[nodiscard]] std::size_t element_count() const noexcept {
    return elements.empty() ? 0 : elements.size() - 1;
  }
  [[nodiscard]] bool is(std::string_view segment_id) const noexcept { return id == segment_id; }
};

// 1-based component of a composite element; "" when absent.
std::string_view component(std::string_view element, char separator, std::size_t index) noexcept;
// Number of components (1 for a non-empty simple value, 0 for "").
std::size_t component_count(std::string_view element, char separator) noexcept;
// Splits into components (at most `limit`; the rest stays in the last one).
void split_components(std::string_view element, char separator, std::size_t limit,
                      std::vector<std::string_view>& out);

enum class TextEncoding { single_byte, utf8_bom, utf16le, utf16be };
// Looks at the first bytes: BOMs, and the NUL pattern of BOM-less UTF-16 ("I\0S\0A\0").
TextEncoding sniff_encoding(std::string_view head) noexcept;
// UTF-16 to UTF-8. Returns false on an odd length or an unpaired surrogate; `out` is appended.
// `carry` holds an incomplete trailing code unit or surrogate between chunks (streaming).
// `skip_bom`: the bytes start the input; a U+FEFF there is a byte order mark, not data.
// On failure `out` holds everything before the undecodable code unit.
bool decode_utf16(std::string_view bytes, bool little_endian, std::string& out, std::string& carry,
                  bool skip_bom = false);

class Tokenizer {
 public:
  enum class Step { segment, need_more, end, error };

  explicit Tokenizer(const Limits& limits) : limits_(limits) {}

  // `buffer` starts at absolute offset `base_offset`; `final_chunk` = no more bytes will follow.
  void set_input(std::string_view buffer, std::size_t base_offset, bool final_chunk) noexcept;
  // Next segment. On Step::error the offending bytes are skipped (the next call continues after
  // them) and `error` says what happened; ErrorCode::syntax before the first ISA means no ISA.
  Step next(Segment& out, Error& error);
  // Bytes of the current buffer that are fully consumed (the driver keeps the rest).
  [[nodiscard]] std::size_t consumed() const noexcept { return pos_; }
  [[nodiscard]] const Delimiters& delimiters() const noexcept { return delims_; }
  [[nodiscard]] bool seen_isa() const noexcept { return seen_isa_; }
  // Whether a CR or LF preceded the segment last returned (after the previous terminator).
  [[nodiscard]] bool line_break_before() const noexcept { return line_break_before_; }
  // TA105 note code of the last ISA that could not be used (26, 27, 4, 23), 0 if none.
  [[nodiscard]] int isa_note() const noexcept { return isa_note_; }

 private:
  Step read_isa(Segment& out, Error& error);
  Step split(std::size_t start, std::size_t end, std::size_t resume, Segment& out, Error& error);

  Limits limits_;
  Delimiters delims_;
  std::string_view buf_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
  bool final_ = false;
  bool seen_isa_ = false;
  bool isa_reported_ = false;  // a missing or unusable first ISA was reported
  int isa_note_ = 0;
  bool skipping_ = false;  // dropping an oversized segment up to its terminator
  bool pending_break_ = false;
  bool line_break_before_ = false;
};

}  // namespace dxs::x12
