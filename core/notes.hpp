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

 private:
  std::string lo_, hi_;  // equal for a single subtree
  std::string text_;     // dotted display form
  // lo_/hi_ packed big-endian into 64 bits (zero-padded) for allocation-free matching
  std::uint64_t lo_key_ = 0, hi_key_ = 0;
  void pack_keys() noexcept;
};

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
  [[nodiscard]] const std::vector<NoteEdge>& edges() const noexcept { return edges_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::vector<NoteEdge> edges_;
  std::string source_;
  // index: first character of source low -> edges (sources never span letters except chapters)
  std::vector<std::vector<std::uint32_t>> by_letter_;  // range sources, per letter they span
  std::vector<std::uint32_t> by_source_;               // single-subtree sources, sorted by low()
  void build_index();
  template <typename Fn>
  void for_each_governing(std::string_view undotted, Fn&& fn) const;
};

}  // namespace dxs
