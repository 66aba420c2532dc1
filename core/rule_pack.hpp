#pragma once
// Rule packs: the data that configures the screener's rules (mappings/rulepacks/*.json, read by
// adapters/mappings). Each rule names its stable id, severity, the code families it applies to,
// effective dates and its basis (tabular note or guideline section).
#include <string>
#include <vector>

#include "claim.hpp"
#include "date.hpp"
#include "finding.hpp"
#include "notes.hpp"

namespace dxs {

// Date-dependent conventions: the FY2026 multiple-sites convention (I.B.20 / I.C.13.a.2: documented
// sites are coded individually) is in force on the dates where the multiple-sites-with-specific
// spec is in_effect(); site-specificity uses the same dates for its M62.49 checks.
struct RuleSpec {
  std::string id;                    // stable rule id (finding.hpp rule::)
  Severity severity = Severity::error;
  bool enabled = true;
  std::vector<CodePattern> families; // empty = every code
  Date effective_from;               // unknown = open
  Date effective_to;                 // unknown = open
  std::string basis;                 // e.g. "ICD-10-CM FY2026 guideline I.C.13.a.2"
  std::string description;

  [[nodiscard]] bool in_effect(Date d) const noexcept;
  [[nodiscard]] bool applies_to(std::string_view undotted_code) const noexcept;
};

enum class SiteKind { specific, unspecified_site, other_site, multiple_sites };
enum class SideKind { none, right, left, unspecified };  // none = no laterality axis
const char* to_string(SiteKind kind) noexcept;  // "specific", "unspecified-site", "other-site", "multiple-sites"
const char* to_string(SideKind kind) noexcept;  // "none", "right", "left", "unspecified"
// Accept the to_string spellings and their underscore forms ("unspecified_site").
bool parse_site_kind(std::string_view text, SiteKind* out) noexcept;
bool parse_side_kind(std::string_view text, SideKind* out) noexcept;

// Site and laterality of one billable code of a site-coded family (M62.4x, M24.5x).
struct SiteCode {
  std::string code;                  // undotted, e.g. "M62411"
  std::string family;                // dotted family root, e.g. "M62.4"
  SiteKind kind = SiteKind::specific;
  std::string site;                  // display name, e.g. "shoulder"
  std::string site_group;            // codes of one site share it, e.g. "M62.41"
  std::vector<std::string> covers;   // canonical body-site keys this code's site includes
  SideKind side = SideKind::none;
};

// "code first" sequencing: `code` should not be listed before an etiology code.
struct CodeFirstSpec {
  CodePattern code;                  // M62.84
  std::vector<CodePattern> etiology; // G71-, G72-, G73-
  std::string basis;
};

struct RulePack {
  std::string id;                    // "m62-contracture"
  std::string version;               // semantic version of the pack
  std::string source;                // file it was read from
  std::string title;
  std::vector<RuleSpec> rules;
  std::vector<SiteCode> sites;
  std::vector<CodeFirstSpec> code_first;
  std::vector<CodePattern> manifestation;  // codes never principal / first-listed
  std::vector<NoteEdge> extra_edges;       // notes the pack adds (with basis in text)
};

}  // namespace dxs
