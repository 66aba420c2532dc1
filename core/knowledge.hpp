#pragma once
// Everything the screener knows: code sets by fiscal year, tabular notes, rule packs, body-site
// map. Immutable once built; shared between threads through shared_ptr<const Knowledge> and
// swapped whole on reload.
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "body_site.hpp"
#include "code_set.hpp"
#include "notes.hpp"
#include "rule_pack.hpp"

namespace dxs {

struct Knowledge {
  std::vector<std::shared_ptr<const CodeSet>> code_sets;      // ascending fiscal year
  std::map<int, std::shared_ptr<const NoteIndex>> notes_by_fy;  // fiscal year -> notes
  std::vector<RulePack> packs;
  BodySiteMap body_sites;
  std::string version;  // "packs: core@1.0.0 m62-contracture@1.0.0; code sets: 2025,2026,2027"

  // Code set in force on the date; the newest when the date is after every set (stale) or
  // unknown; the oldest when before every set. nullptr only when no set is loaded.
  [[nodiscard]] const CodeSet* code_set_for(Date date) const noexcept;
  // Loads every deferred code set now (for a long-running service that prefers no load on the
  // first claim of a fiscal year). Returns false if any failed (CodeSet::load_error()).
  bool load_all_code_sets() const noexcept;
  // Notes for a fiscal year: that year's, else the nearest year's. nullptr if none loaded.
  [[nodiscard]] const NoteIndex* notes_for(int fiscal_year) const noexcept;
  // The spec of a rule id (the last pack that defines it wins). nullptr if no pack defines it.
  [[nodiscard]] const RuleSpec* rule(std::string_view id) const noexcept;
  // Site table entry for a billable code, nullptr if the code is not site-coded.
  [[nodiscard]] const SiteCode* site_code(std::string_view undotted) const noexcept;
};

// Applies severity/enable overrides from the configuration ("excludes1" -> warning).
struct RuleOverride {
  std::string id;
  std::optional<Severity> severity;
  std::optional<bool> enabled;
};
Status apply_overrides(Knowledge& knowledge, const std::vector<RuleOverride>& overrides);

}  // namespace dxs
