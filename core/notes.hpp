#pragma once
// Tabular instructional notes as edges: (kind, source pattern, target pattern, raw text).
// A note governs every code under its source (chapter, block, category, subcategory); its target
// is a code with all descendants ("M24.5-" and "M24.5" mean the same subtree), or a range.
// File format (dxscreen TSV, produced by the importer; see mappings/README.md):
//   # key<TAB>value header lines
//   kind<TAB>source<TAB>target<TAB>note text
//   kind = excludes1 | excludes2 | code-first | use-additional | code-also
//   source/target = dotted code ("M62.4"), subtree ("M24.5-"), range ("M20-M21", "A04.0-A04.4")
//   source may carry a label before its pattern: "Block M60-M63", "Chapter 13 (M00-M99)"; the
//   pattern is the last blank-separated token and the whole field is NoteEdge::source_label.
//   target may be empty for prose-only notes ("see strain of muscle by body region"): such an
//   edge is kept for explain() but matches no code. '#' lines are comments/headers.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace dxs {

class CodePattern {
 public:
  // "M62.4", "M62.4-", "M624", "M20-M21", "N39.3-N39.4-". nullopt-like error for garbage.
  static Result<CodePattern> parse(std::string_view text);
  static CodePattern exact_subtree(std::string_view undotted);  // code and its descendants
  // True if the undotted code lies in the pattern (prefix/range semantics on undotted codes).
  [[nodiscard]] bool matches(std::string_view undotted_code) const noexcept;
  [[nodiscard]] std::string to_string() const;  // dotted, "M24.5-" or "M20-M21"
  [[nodiscard]] const std::string& low() const noexcept { return lo_; }   // undotted
  [[nodiscard]] const std::string& high() const noexcept { return hi_; }  // undotted
  [[nodiscard]] bool empty() const noexcept { return lo_.empty(); }       // matches nothing
  [[nodiscard]] bool is_range() const noexcept { return lo_ != hi_; }
  // lo/hi packed big-endian into 64 bits, zero-padded (integer order = code order); 0 if empty.
  [[nodiscard]] std::uint64_t low_key() const noexcept { return lo_key_; }
  [[nodiscard]] std::uint64_t high_key() const noexcept { return hi_key_; }
  // Masks of the first low().size() / high().size() bytes of a packed code; 0 when an endpoint is
  // empty or longer than 8 characters.
  [[nodiscard]] std::uint64_t low_mask() const noexcept { return lo_mask_; }
  [[nodiscard]] std::uint64_t high_mask() const noexcept { return hi_mask_; }
  // matches() for a code already packed with pack_code_key (code of 1..8 characters); false for
  // patterns whose endpoints are longer than 8 characters.
  [[nodiscard]] bool matches_key(std::uint64_t code_key) const noexcept {
    if (lo_mask_ == 0 || code_key == 0) return false;
    return (code_key & lo_mask_) >= lo_key_ && (code_key & hi_mask_) <= hi_key_;
  }

 private:
  std::string lo_, hi_;  // equal for a single subtree
  std::string text_;     // dotted display form
  // lo_/hi_ packed big-endian into 64 bits (zero-padded) for allocation-free matching
  std::uint64_t lo_key_ = 0, hi_key_ = 0;
  std::uint64_t lo_mask_ = 0, hi_mask_ = 0;  // first lo_.size() / hi_.size() bytes; 0 if unusable
  void pack_keys() noexcept;
};

// An undotted code of up to 8 characters packed big-endian into 64 bits, zero-padded: integer
// order is the lexicographic order of the codes.
std::uint64_t pack_code_key(std::string_view undotted) noexcept;

// Slot of a packed code's 3-character category in 0..kCategorySlots-1, increasing with the key
// (letter, then digit or 'A', then digit or letter), or -1 when the category is not of that shape.
inline constexpr int kCategorySlots = 26 * 11 * 36;
inline int category_slot(std::uint64_t key) noexcept {
  const auto c0 = static_cast<unsigned char>(key >> 56);
  const auto c1 = static_cast<unsigned char>(key >> 48);
  const auto c2 = static_cast<unsigned char>(key >> 40);
  if (c0 < 'A' || c0 > 'Z') return -1;
  int s1 = c1 >= '0' && c1 <= '9' ? c1 - '0' : c1 == 'A' ? 10 : -1;
  int s2 = c2 >= '0' && c2 <= '9' ? c2 - '0' : c2 >= 'A' && c2 <= 'Z' ? c2 - 'A' + 10 : -1;
  if (s1 < 0 || s2 < 0) return -1;
  return ((c0 - 'A') * 11 + s1) * 36 + s2;
}

enum class NoteKind { excludes1, excludes2, code_first, use_additional, code_also };
const char* to_string(NoteKind kind) noexcept;
bool parse_note_kind(std::string_view text, NoteKind* out) noexcept;

struct NoteEdge {
  NoteKind kind = NoteKind::excludes1;
  CodePattern source;
  CodePattern target;
  std::string source_label;  // as printed: "M62.4", "Block M60-M63", "Chapter 13"
  std::string text;          // the note line, e.g. "contracture of joint (M24.5-)"
};

class NoteIndex {
 public:
  static Result<std::shared_ptr<const NoteIndex>> parse(std::string text, std::string source_name);
  static std::shared_ptr<const NoteIndex> from_edges(std::vector<NoteEdge> edges, std::string source);

  // Edges of `kind` whose source governs code a and whose target covers code b (one direction).
  [[nodiscard]] std::vector<const NoteEdge*> find(NoteKind kind, std::string_view a,
                                                  std::string_view b) const;
  // Edges of any kind whose source governs the code (for explain).
  [[nodiscard]] std::vector<const NoteEdge*> governing(std::string_view undotted) const;
  // An Excludes1 edge with a target, the target's bounds packed for allocation-free matching.
  struct Excludes1Edge {
    std::uint32_t index = 0;  // into edges()
    std::uint64_t target_low = 0, target_low_mask = 0, target_high = 0, target_high_mask = 0;
    std::uint32_t target_letters = 0;  // bit c - 'A' for every first letter c the target spans
    // target.matches() for a packed code; packed() is false for targets longer than 8 characters.
    [[nodiscard]] bool packed() const noexcept { return target_low_mask != 0; }
    [[nodiscard]] bool target_covers(std::uint64_t code_key) const noexcept {
      return code_key != 0 && (code_key & target_low_mask) >= target_low && (code_key & target_high_mask) <= target_high;
    }
  };
  static Excludes1Edge excludes1_edge(std::uint32_t index, const CodePattern& target) noexcept;
  // Calls fn(const Excludes1Edge&) for every Excludes1 edge with a target whose source governs the
  // code (a code of up to 8 characters), in no particular order. Allocation-free.
  template <typename Fn>
  void for_each_excludes1(std::string_view undotted, Fn&& fn) const;
  // Position of an edge in edges() (the order governing() and find() report).
  [[nodiscard]] std::size_t position(const NoteEdge& edge) const noexcept {
    return static_cast<std::size_t>(&edge - edges_.data());
  }
  [[nodiscard]] const std::vector<NoteEdge>& edges() const noexcept { return edges_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::vector<NoteEdge> edges_;
  std::string source_;
  // index: first character of source low -> edges (sources never span letters except chapters)
  std::vector<std::vector<std::uint32_t>> by_letter_;  // range sources, per letter they span
  std::vector<std::uint32_t> by_source_;               // single-subtree sources, sorted by low()
  // Excludes1 edges with a target: single-subtree sources by packed low key (with its length),
  // range sources per letter they span.
  struct KeyedEdge {
    std::uint64_t key;
    std::uint64_t mask;  // the source's length in bytes
    Excludes1Edge edge;
  };
  std::vector<KeyedEdge> excludes1_single_;                    // sorted by key
  std::vector<std::uint32_t> excludes1_by_category_;            // category slot -> first entry (+ end)
  struct RangeEdge {
    std::uint64_t low, low_mask, high, high_mask;  // the source's packed bounds; masks 0: use matches()
    Excludes1Edge edge;
  };
  std::vector<std::vector<RangeEdge>> excludes1_ranges_;        // per letter
  void build_index();
  template <typename Fn>
  void for_each_governing(std::string_view undotted, Fn&& fn) const;
};

template <typename Fn>
void NoteIndex::for_each_excludes1(std::string_view undotted, Fn&& fn) const {
  if (undotted.size() < 3 || undotted.size() > 8) return;
  const std::uint64_t key = pack_code_key(undotted);
  // Every single-subtree source governing the code lies in the code's 3-character category.
  const int slot = category_slot(key);
  if (slot >= 0 && !excludes1_by_category_.empty()) {
    const std::uint32_t end = excludes1_by_category_[static_cast<std::size_t>(slot) + 1];
    for (std::uint32_t at = excludes1_by_category_[static_cast<std::size_t>(slot)]; at < end; ++at) {
      const KeyedEdge& entry = excludes1_single_[at];
      if ((key & entry.mask) == entry.key) fn(entry.edge);
    }
  }
  const int letter = undotted[0] - 'A';
  if (letter >= 0 && letter < 26 && !excludes1_ranges_.empty()) {
    for (const RangeEdge& r : excludes1_ranges_[static_cast<std::size_t>(letter)]) {
      const bool governs = r.low_mask != 0 ? (key & r.low_mask) >= r.low && (key & r.high_mask) <= r.high
                                           : edges_[r.edge.index].source.matches(undotted);
      if (governs) fn(r.edge);
    }
  }
}

}  // namespace dxs
