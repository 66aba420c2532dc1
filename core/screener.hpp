#pragma once
// The screener: one claim in, findings out. Pure and thread-safe (const); the CLI, the HTTP
// service and the C ABI all call this, so they give identical verdicts.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claim.hpp"
#include "finding.hpp"
#include "knowledge.hpp"

namespace dxs {

struct ScreenOptions {
  Date default_date;                  // used when the claim carries no date (caller's "today")
  std::optional<Date> date_override;  // --date-override: selects the code set for every claim
  bool strict = false;                // warnings of convention rules become errors
};

struct ScreenTables;  // per-Knowledge lookup tables (screener.cpp)

class Screener {
 public:
  explicit Screener(std::shared_ptr<const Knowledge> knowledge);

  // Findings ordered by first diagnosis index, then DESIGN.md rule order, then codes.
  [[nodiscard]] ClaimResult screen(const Claim& claim, const ScreenOptions& options) const;
  [[nodiscard]] const Knowledge& knowledge() const noexcept { return *knowledge_; }
  [[nodiscard]] std::shared_ptr<const Knowledge> shared_knowledge() const { return knowledge_; }

 private:
  std::shared_ptr<const Knowledge> knowledge_;
  std::shared_ptr<const ScreenTables> tables_;
};

using ScreenFn = std::function<ClaimResult(const Claim&)>;
// Receives each claim with its result as soon as it is screened (streaming writers).
using ResultSink = std::function<void(const Claim&, const ClaimResult&)>;

// What `dxscreen explain CODE` and GET /v1/codes/{code} show.
struct ExplainNote {
  std::string kind;      // "excludes1", "excludes2", "code-first", ...
  std::string at;        // where the note sits: "M62.4", "Block M60-M63", "Chapter 13"
  std::string text;
  std::string target;    // "M24.5-"
};
struct ExplainCode {
  std::string code;      // dotted
  std::string title;
  bool billable = false;
};
struct ExplainRule {
  std::string id;
  std::string severity;
  std::string basis;
  std::string description;
};
struct Explanation {
  bool found = false;
  std::string code;       // dotted, normalised
  std::string code_set;   // "icd10cm-2026"
  std::string short_title;
  std::string title;
  bool billable = false;
  std::vector<ExplainCode> parents;             // category .. parent
  std::vector<ExplainCode> billable_children;   // billable descendants
  std::vector<ExplainNote> notes;
  std::vector<ExplainRule> rules;               // rules whose families include the code
  std::string message;    // when not found: "not in icd10cm-2026" (+ nearest ancestor)
};
Explanation explain(const Knowledge& knowledge, std::string_view code_text, Date date);

}  // namespace dxs
