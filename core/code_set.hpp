#pragma once
// One ICD-10-CM code set (a fiscal year's order file: every code, billable flag, titles).
// The file format is dxscreen's own TSV, produced by `dxscreen import-icd10cm` from the CDC
// order file (see mappings/README.md):
//   # key<TAB>value header lines (fiscal_year, effective_from, effective_to, source, sha256)
//     fiscal_year is required; effective_from/to (YYYY-MM-DD) default to (FY-1)-10-01 .. FY-09-30;
//     '#' lines without a tab are comments; blank lines and CRLF are accepted.
//   code<TAB>billable(0|1)<TAB>short title<TAB>long title   (code undotted, tabular order)
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "date.hpp"
#include "result.hpp"

namespace dxs {

struct CodeEntry {
  std::string_view code;         // undotted, into the CodeSet's buffer
  std::string_view short_title;
  std::string_view long_title;
  std::uint32_t order = 0;       // position in tabular order
  bool billable = false;
};

// A set is either parsed whole (parse) or deferred (parse_deferred): a deferred set is validated
// up front, keeps its header facts and a compact index of its codes (contains()), and parses its
// entries and titles again from its loader on first use of find/children/billable_descendants/
// nearest_ancestor/entries. That first use is thread-safe (one load, other callers wait for it).
// Should the reload fail (file gone or changed since it was validated), the set stays empty:
// available() is false and load_error() says why; lookups then find nothing. Nothing throws.
class CodeSet {
 public:
  // Text of the set again, for a deferred load (core does no I/O). Must not throw.
  using Loader = std::function<Result<std::string>()>;

  CodeSet() = default;
  CodeSet(const CodeSet&) = delete;  // entries point into the owned buffer
  CodeSet& operator=(const CodeSet&) = delete;

  // Parses the TSV text (the CodeSet keeps the buffer). Errors name source_name:line.
  static Result<std::shared_ptr<const CodeSet>> parse(std::string text, std::string source_name);
  // Validates the text exactly like parse(), then keeps only the header facts and the code index;
  // entries are parsed from loader() on first use.
  static Result<std::shared_ptr<const CodeSet>> parse_deferred(std::string text, std::string source_name,
                                                               Loader loader);

  [[nodiscard]] int fiscal_year() const noexcept { return fiscal_year_; }
  [[nodiscard]] Date effective_from() const noexcept { return from_; }
  [[nodiscard]] Date effective_to() const noexcept { return to_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }  // "icd10cm-2026"
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t size() const noexcept { return sorted_keys_.size(); }
  [[nodiscard]] std::size_t billable_count() const noexcept { return billable_count_; }

  // Entries in memory (a parsed set, or a deferred one already loaded). Triggers nothing.
  [[nodiscard]] bool loaded() const noexcept { return ready_.load(std::memory_order_acquire); }
  // Loads a deferred set if needed; false when that failed (see load_error()).
  [[nodiscard]] bool available() const noexcept;
  [[nodiscard]] const std::string& load_error() const noexcept;
  // Whether the code is in the set, without loading a deferred set.
  [[nodiscard]] bool contains(std::string_view undotted) const noexcept;

  // Exact lookup by undotted upper-case code; nullptr if absent.
  [[nodiscard]] const CodeEntry* find(std::string_view undotted) const noexcept;
  // Direct children in tabular order (M62.4 -> M62.40, M62.41, ..., M62.49).
  [[nodiscard]] std::vector<const CodeEntry*> children(std::string_view undotted) const;
  // Billable descendants in tabular order (M62.41 -> M62.411, M62.412, M62.419).
  [[nodiscard]] std::vector<const CodeEntry*> billable_descendants(std::string_view undotted) const;
  // Nearest existing ancestor of a code that is not in the set (M6241X -> M6241), or nullptr.
  [[nodiscard]] const CodeEntry* nearest_ancestor(std::string_view undotted) const noexcept;
  // All entries in tabular order.
  [[nodiscard]] const std::vector<CodeEntry>& entries() const noexcept {
    ensure_loaded();
    return entries_;
  }

 private:
  // Filled by parse, or by the deferred load (under load_once_, published by ready_).
  mutable std::string buffer_;
  mutable std::vector<CodeEntry> entries_;     // tabular order
  mutable std::vector<std::uint32_t> by_code_; // indexes into entries_, sorted by code
  mutable std::string load_error_;
  mutable std::once_flag load_once_;
  mutable std::atomic<bool> ready_{false};
  Loader loader_;
  static Status parse_into(CodeSet& set, std::string text);
  void ensure_loaded() const noexcept {
    if (!ready_.load(std::memory_order_acquire)) load();
  }
  void load() const noexcept;
  // Always in memory:
  std::vector<std::uint64_t> sorted_keys_;   // packed codes parallel to by_code_ (fast compare)
  std::vector<std::uint32_t> by_category_;   // category slot -> first index into sorted_keys_ (+ end)
  std::string name_;
  int fiscal_year_ = 0;
  Date from_, to_;
  std::string source_;
  std::size_t billable_count_ = 0;
};

}  // namespace dxs
