#include "core/knowledge.hpp"

#include <cstdlib>

namespace dxs {

const CodeSet* Knowledge::code_set_for(Date date) const noexcept {
  if (code_sets.empty()) return nullptr;
  const CodeSet* newest = nullptr;
  const CodeSet* oldest = nullptr;
  for (const auto& set : code_sets) {
    if (!set) continue;
    if (newest == nullptr || set->effective_from() >= newest->effective_from()) newest = set.get();
    if (oldest == nullptr || set->effective_from() < oldest->effective_from()) oldest = set.get();
  }
  if (newest == nullptr) return nullptr;
  if (!date.known()) return newest;
  // The latest-starting set whose period covers the date (an April update starts mid-year).
  const CodeSet* best = nullptr;
  for (const auto& set : code_sets) {
    if (!set) continue;
    if (set->effective_from() <= date && date <= set->effective_to()) {
      if (best == nullptr || set->effective_from() >= best->effective_from()) best = set.get();
    }
  }
  if (best != nullptr) return best;
  if (date > newest->effective_to()) return newest;
  if (date < oldest->effective_from()) return oldest;
  // A gap between sets: the newest set that started before the date.
  for (const auto& set : code_sets) {
    if (set && set->effective_from() <= date && (best == nullptr || set->effective_from() >= best->effective_from())) {
      best = set.get();
    }
  }
  return best != nullptr ? best : newest;
}

bool Knowledge::load_all_code_sets() const noexcept {
  bool all = true;
  for (const auto& set : code_sets) all &= !set || set->available();
  return all;
}

const NoteIndex* Knowledge::notes_for(int fiscal_year) const noexcept {
  const NoteIndex* best = nullptr;
  int best_distance = 0;
  for (const auto& [fy, index] : notes_by_fy) {
    if (!index) continue;
    int distance = std::abs(fy - fiscal_year);
    // Ties go to the newer year (iteration is ascending, so <= prefers later keys).
    if (best == nullptr || distance <= best_distance) {
      best = index.get();
      best_distance = distance;
    }
  }
  return best;
}

const RuleSpec* Knowledge::rule(std::string_view id) const noexcept {
  for (auto pack = packs.rbegin(); pack != packs.rend(); ++pack) {
    for (auto spec = pack->rules.rbegin(); spec != pack->rules.rend(); ++spec) {
      if (spec->id == id) return &*spec;
    }
  }
  return nullptr;
}

const SiteCode* Knowledge::site_code(std::string_view undotted) const noexcept {
  for (auto pack = packs.rbegin(); pack != packs.rend(); ++pack) {
    for (const SiteCode& site : pack->sites) {
      if (site.code == undotted) return &site;
    }
  }
  return nullptr;
}

Status apply_overrides(Knowledge& knowledge, const std::vector<RuleOverride>& overrides) {
  for (const RuleOverride& o : overrides) {
    bool known = false;
    for (std::string_view id : all_rule_ids()) known |= id == o.id;
    if (!known) {
      return make_error(ErrorCode::usage, "unknown rule id '" + o.id + "' in rule overrides", "rules");
    }
    bool defined = false;
    for (RulePack& pack : knowledge.packs) {
      for (RuleSpec& spec : pack.rules) {
        if (spec.id != o.id) continue;
        defined = true;
        if (o.severity) spec.severity = *o.severity;
        if (o.enabled) spec.enabled = *o.enabled;
      }
    }
    if (defined) continue;
    // No pack defines the rule: record the override in a pack of its own, on top of the defaults.
    RulePack* target = nullptr;
    for (RulePack& pack : knowledge.packs) {
      if (pack.id == "config-overrides") target = &pack;
    }
    if (target == nullptr) {
      RulePack pack;
      pack.id = "config-overrides";
      pack.title = "Rule overrides from the configuration";
      pack.source = "configuration";
      knowledge.packs.push_back(std::move(pack));
      target = &knowledge.packs.back();
    }
    RuleSpec spec;
    spec.id = o.id;
    spec.severity = o.severity.value_or(default_severity(o.id));
    spec.enabled = o.enabled.value_or(true);
    target->rules.push_back(std::move(spec));
  }
  return ok_status();
}

}  // namespace dxs
