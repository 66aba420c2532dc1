#include "core/screener.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <limits>
#include <set>
#include <stdexcept>

namespace dxs {
namespace {

// A code that is not ICD-10-CM shaped is still named in its finding: upper case, and dotted after
// the third character like every other code the reports list ("ZZZ999" -> "ZZZ.999").
std::string as_written_dotted(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) continue;
    out += static_cast<char>(std::toupper(byte));
    if (out.size() >= 16) break;
  }
  const bool plain = !out.empty() && std::all_of(out.begin(), out.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  if (plain && out.size() > 3) out.insert(3, 1, '.');
  return out;
}

constexpr std::size_t kMaxSuggestions = 24;
constexpr const char* kCmSystem = "http://hl7.org/fhir/sid/icd-10-cm";

bool is_x12(InputFormat f) noexcept {
  return f == InputFormat::x12_837p || f == InputFormat::x12_837i || f == InputFormat::x12_837d;
}

std::string side_word(SideKind side) {
  switch (side) {
    case SideKind::right: return "right";
    case SideKind::left: return "left";
    case SideKind::unspecified: return "unspecified side";
    case SideKind::none: return "";
  }
  return "";
}

std::string describe_site(const SiteCode& site) {
  switch (site.kind) {
    case SiteKind::unspecified_site: return "unspecified site";
    case SiteKind::other_site: return "other site";
    case SiteKind::multiple_sites: return "multiple sites";
    case SiteKind::specific: break;
  }
  std::string text = site.site;
  if (site.side == SideKind::right || site.side == SideKind::left) text = side_word(site.side) + " " + text;
  if (site.side == SideKind::unspecified) text += ", unspecified side";
  return text;
}

std::string describe_documented(const BodySite& site) {
  std::string key = site.site;
  std::replace(key.begin(), key.end(), '_', ' ');
  if (site.side == Laterality::right || site.side == Laterality::left || site.side == Laterality::bilateral) {
    return key.empty() ? std::string(to_string(site.side)) : std::string(to_string(site.side)) + " " + key;
  }
  return key.empty() ? std::string("unknown site") : key;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (!contains(list, value)) list.push_back(std::move(value));
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += sep;
    out += parts[i];
  }
  return out;
}

// Rule ids the screener evaluates, indexed for the per-Screener spec table.
enum class Rx : std::uint8_t {
  code_unknown, code_not_billable, code_format, excludes1, unspecified_with_specified,
  multiple_sites_with_specific, site_specificity, laterality_mismatch, manifestation_principal,
  code_first_sequence, duplicate_code, pointer_invalid, reference_unresolved, code_set_stale,
  not_screenable, count
};
constexpr std::string_view kRuleIds[] = {
    rule::code_unknown, rule::code_not_billable, rule::code_format, rule::excludes1,
    rule::unspecified_with_specified, rule::multiple_sites_with_specific, rule::site_specificity,
    rule::laterality_mismatch, rule::manifestation_principal, rule::code_first_sequence,
    rule::duplicate_code, rule::pointer_invalid, rule::reference_unresolved, rule::code_set_stale,
    rule::not_screenable,
};
static_assert(std::size(kRuleIds) == static_cast<std::size_t>(Rx::count));

struct RuleState {
  bool on = true;
  Severity severity = Severity::error;
  const RuleSpec* spec = nullptr;
  [[nodiscard]] bool applies(std::string_view code) const { return spec == nullptr || spec->applies_to(code); }
  [[nodiscard]] std::string basis_or(std::string fallback) const {
    return spec != nullptr && !spec->basis.empty() ? spec->basis : std::move(fallback);
  }
};

}  // namespace

// What the screener looks up for every claim, resolved once per Knowledge (which is immutable
// once a Screener holds it).
struct ScreenTables {
  struct RuleSlot {
    const RuleSpec* spec = nullptr;
    Severity default_severity = Severity::error;
    bool convention = false;
  };
  RuleSlot rules[static_cast<std::size_t>(Rx::count)];
  std::vector<std::pair<std::uint64_t, const SiteCode*>> sites;  // by packed code; later packs win
  struct PackExcludes1 {
    const NoteEdge* edge;
    NoteIndex::Excludes1Edge packed;  // target bounds
  };
  std::vector<PackExcludes1> pack_excludes1;                     // pack edges with a target, in pack order
  std::vector<const CodePattern*> manifestation;
  std::vector<const CodeFirstSpec*> code_first;

  explicit ScreenTables(const Knowledge& k) {
    for (std::size_t i = 0; i < std::size(kRuleIds); ++i) {
      rules[i].spec = k.rule(kRuleIds[i]);
      rules[i].default_severity = default_severity(kRuleIds[i]);
      rules[i].convention = is_convention_rule(kRuleIds[i]);
    }
    for (auto pack = k.packs.rbegin(); pack != k.packs.rend(); ++pack) {
      for (const SiteCode& site : pack->sites) {
        if (site.code.empty() || site.code.size() > 8) continue;
        const std::uint64_t key = pack_code_key(site.code);
        if (std::none_of(sites.begin(), sites.end(), [&](const auto& s) { return s.first == key; })) {
          sites.emplace_back(key, &site);
        }
      }
    }
    std::sort(sites.begin(), sites.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const RulePack& pack : k.packs) {
      for (const NoteEdge& e : pack.extra_edges) {
        if (e.kind == NoteKind::excludes1 && !e.target.empty()) {
          pack_excludes1.push_back({&e, NoteIndex::excludes1_edge(static_cast<std::uint32_t>(pack_excludes1.size()), e.target)});
        }
      }
      for (const CodePattern& p : pack.manifestation) manifestation.push_back(&p);
      for (const CodeFirstSpec& cf : pack.code_first) code_first.push_back(&cf);
    }
  }

  [[nodiscard]] const SiteCode* site_code(std::uint64_t key) const noexcept {
    auto it = std::lower_bound(sites.begin(), sites.end(), key, [](const auto& s, std::uint64_t k) { return s.first < k; });
    return it != sites.end() && it->first == key ? it->second : nullptr;
  }
};

namespace {

// One diagnosis as the screener sees it.
struct DxView {
  int index = 0;
  const Diagnosis* dx = nullptr;
  std::optional<Icd10Code> code;  // code-shaped
  CodeSpelling spelling;
  const CodeEntry* entry = nullptr;  // in the selected code set
  bool screened = false;             // an ICD-10-CM code of the code set: family rules apply
  const SiteCode* site = nullptr;
  int order = 0;                     // listing order (sequence, else position)
  std::uint64_t key = 0;             // pack_code_key of the code, 0 if not code-shaped
};

// Admitting and reason-for-visit diagnoses (837I ABJ/APR, FHIR admitting) restate why the patient
// came; they are not reported alongside the other codes, so pair and duplicate rules skip them.
bool reported_with_others(const Diagnosis& d) noexcept {
  return d.role != DiagnosisRole::admitting && d.role != DiagnosisRole::reason_for_visit;
}

// CodePattern::matches on the view's packed code.
bool covers(const CodePattern& pattern, const DxView& v) noexcept {
  if (pattern.low().size() <= 8 && pattern.high().size() <= 8) return pattern.matches_key(v.key);
  return v.code && pattern.matches(v.code->undotted());
}

// A distinct screened code with its first occurrence.
struct ClaimCode {
  std::string_view code;  // undotted, into first->code
  std::uint64_t key = 0;  // pack_code_key(code)
  const DxView* first = nullptr;
};

// One Excludes1 edge that relates two claim codes: the edge governs codes[first] (side 0) or
// codes[second] (side 1); rank orders edges as NoteIndex::governing() lists them, pack edges last.
struct Excludes1Hit {
  std::uint32_t first, second, side, rank;
  const NoteEdge* edge;
};

// Per-thread working storage, reused from claim to claim so a typical claim allocates nothing
// but its result.
struct Scratch {
  std::vector<DxView> dxs;
  std::vector<ClaimCode> codes;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> sorted;  // (key, index) scratch
  std::vector<Excludes1Hit> hits;
  std::vector<int> numbers;
};

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

class ClaimScreen {
 public:
  ClaimScreen(const Knowledge& knowledge, const ScreenTables& tables, const Claim& claim, const ScreenOptions& options)
      : k_(knowledge), t_(tables), claim_(claim), options_(options), scratch_(thread_scratch()),
        dxs_(scratch_.dxs), codes_(scratch_.codes) {}

  ClaimResult run();

 private:
  const Knowledge& k_;
  const ScreenTables& t_;
  const Claim& claim_;
  const ScreenOptions& options_;
  Scratch& scratch_;
  Date date_;
  const CodeSet* set_ = nullptr;
  const NoteIndex* notes_ = nullptr;
  std::vector<DxView>& dxs_;
  std::vector<ClaimCode>& codes_;
  std::vector<Finding> findings_;

  RuleState state(Rx id) const;
  void emit(Finding f, const RuleState& st);
  std::string suggestion(std::string_view undotted) const;
  std::string title(std::string_view undotted) const;

  void check_stale();
  void check_diagnosis(DxView& v);
  void check_excludes1();
  void check_site_pairs();
  void check_documented_sites();
  void check_manifestation();
  void check_code_first();
  void check_duplicates();
  void check_pointers();

  std::vector<const SiteCode*> family_codes(const std::string& family) const;
  std::vector<std::string> codes_for_site(const std::string& family, const BodySite& site) const;
  std::vector<std::string> codes_for_group(const std::string& family, const std::string& group, Laterality side) const;
  bool multiple_site_convention() const;
  bool sites_differ(const SiteCode* a, const SiteCode* b) const;
};

RuleState ClaimScreen::state(Rx id) const {
  const ScreenTables::RuleSlot& slot = t_.rules[static_cast<std::size_t>(id)];
  RuleState st;
  st.spec = slot.spec;
  st.severity = st.spec != nullptr ? st.spec->severity : slot.default_severity;
  st.on = st.spec == nullptr || (st.spec->enabled && st.spec->in_effect(date_));
  if (options_.strict && slot.convention && st.severity == Severity::warning) st.severity = Severity::error;
  return st;
}

void ClaimScreen::emit(Finding f, const RuleState& st) {
  f.severity = st.severity;
  std::sort(f.codes.begin(), f.codes.end());
  f.codes.erase(std::unique(f.codes.begin(), f.codes.end()), f.codes.end());
  std::sort(f.diagnosis_indexes.begin(), f.diagnosis_indexes.end());
  f.diagnosis_indexes.erase(std::unique(f.diagnosis_indexes.begin(), f.diagnosis_indexes.end()),
                            f.diagnosis_indexes.end());
  findings_.push_back(std::move(f));
}

std::string ClaimScreen::title(std::string_view undotted) const {
  const CodeEntry* e = set_ != nullptr ? set_->find(undotted) : nullptr;
  return e != nullptr ? std::string(e->long_title) : std::string();
}

std::string ClaimScreen::suggestion(std::string_view undotted) const {
  std::string t = title(undotted);
  return t.empty() ? dot_code(undotted) : dot_code(undotted) + " " + t;
}

ClaimResult ClaimScreen::run() {
  ClaimResult result;
  result.claim_id = claim_.id;
  result.format = to_string(claim_.format);

  if (options_.date_override && options_.date_override->known()) date_ = *options_.date_override;
  else date_ = claim_.screening_date();
  if (!date_.known()) date_ = options_.default_date;
  set_ = k_.code_set_for(date_);
  if (set_ != nullptr) {
    result.code_set = set_->name();
    notes_ = k_.notes_for(set_->fiscal_year());
  } else {
    notes_ = k_.notes_for(fiscal_year(date_));
  }

  if (set_ != nullptr && !set_->available()) {
    // A deferred code set that could not be loaded (validated at start-up, gone since): no code
    // can be checked, so the claim is rejected with the reason instead of reporting every code.
    Finding f;
    f.rule = std::string(rule::code_set_unavailable);
    f.severity = Severity::error;
    f.location = claim_.location;
    f.message = "The code set " + set_->name() + " could not be loaded, so the claim was not screened; reload the mappings.";
    f.basis = "dxscreen: " + set_->load_error();
    findings_.push_back(std::move(f));
    for (const Finding& adapter : claim_.adapter_findings) findings_.push_back(adapter);
    result.rejected = true;
    result.findings = std::move(findings_);
    return result;
  }
  check_stale();
  dxs_.clear();
  dxs_.resize(claim_.diagnoses.size());
  for (std::size_t i = 0; i < claim_.diagnoses.size(); ++i) {
    DxView& v = dxs_[i];
    v.index = static_cast<int>(i);
    v.dx = &claim_.diagnoses[i];
    v.order = v.dx->sequence > 0 ? v.dx->sequence : 100000 + v.index;
    check_diagnosis(v);
  }
  // Distinct screened codes in first-occurrence order.
  codes_.clear();
  auto& sorted = scratch_.sorted;
  sorted.clear();
  for (const DxView& v : dxs_) {
    if (!v.screened || !reported_with_others(*v.dx)) continue;
    sorted.emplace_back(v.key, static_cast<std::uint32_t>(v.index));
  }
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i != 0 && sorted[i].first == sorted[i - 1].first) continue;
    const DxView& v = dxs_[sorted[i].second];
    codes_.push_back({v.code->undotted(), v.key, &v});
  }
  std::sort(codes_.begin(), codes_.end(),
            [](const ClaimCode& a, const ClaimCode& b) { return a.first->index < b.first->index; });
  check_excludes1();
  check_site_pairs();
  check_documented_sites();
  check_manifestation();
  check_code_first();
  check_duplicates();
  check_pointers();

  for (const Finding& f : claim_.adapter_findings) findings_.push_back(f);

  auto first_index = [](const Finding& f) {
    if (!f.diagnosis_indexes.empty()) return *std::min_element(f.diagnosis_indexes.begin(), f.diagnosis_indexes.end());
    return f.line_index >= 0 ? INT_MAX : -1;
  };
  if (findings_.size() > 1) std::stable_sort(findings_.begin(), findings_.end(), [&](const Finding& a, const Finding& b) {
    int ia = first_index(a), ib = first_index(b);
    if (ia != ib) return ia < ib;
    int ra = rule_rank(a.rule), rb = rule_rank(b.rule);
    if (ra != rb) return ra < rb;
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.codes != b.codes) return a.codes < b.codes;
    return a.line_index < b.line_index;
  });
  for (const Finding& f : findings_) {
    if (f.severity == Severity::error || f.severity == Severity::fatal) result.rejected = true;
  }
  result.findings = std::move(findings_);
  return result;
}

void ClaimScreen::check_stale() {
  if (set_ == nullptr || !date_.known()) return;
  const CodeSet* newest = nullptr;
  for (const auto& s : k_.code_sets) {
    if (s && (newest == nullptr || s->effective_to() > newest->effective_to())) newest = s.get();
  }
  if (newest == nullptr || !(date_ > newest->effective_to())) return;
  RuleState st = state(Rx::code_set_stale);
  if (!st.on) return;
  Finding f;
  f.rule = std::string(rule::code_set_stale);
  f.location = claim_.location;
  f.message = "The date of service falls in FY" + std::to_string(fiscal_year(date_)) +
              ", after the newest loaded code set " + newest->name() + " (valid through " +
              newest->effective_to().iso() + "); screened with " + set_->name() +
              ". Load the FY" + std::to_string(fiscal_year(date_)) + " code set.";
  f.basis = st.basis_or("HIPAA code sets apply by date of service; new ICD-10-CM code sets take effect October 1");
  emit(std::move(f), st);
}

void ClaimScreen::check_diagnosis(DxView& v) {
  const Diagnosis& d = *v.dx;
  if (d.reference_unresolved) {
    RuleState st = state(Rx::reference_unresolved);
    if (st.on) {
      Finding f;
      f.rule = std::string(rule::reference_unresolved);
      f.location = d.location;
      f.diagnosis_indexes = {v.index};
      f.message = "The diagnosisReference resolves to no Condition in the request, so the diagnosis cannot be "
                  "screened; include the Condition in the Bundle or send diagnosisCodeableConcept.";
      f.basis = st.basis_or("FHIR Claim.diagnosis.diagnosis[x]: the referenced Condition must be resolvable");
      emit(std::move(f), st);
    }
    return;
  }
  if (d.not_screenable) {
    RuleState st = state(Rx::not_screenable);
    if (st.on) {
      Finding f;
      f.rule = std::string(rule::not_screenable);
      f.location = d.location;
      f.diagnosis_indexes = {v.index};
      f.message = "The diagnosis carries no ICD-10-CM code (system " + std::string(kCmSystem) +
                  "); it was not screened.";
      f.basis = st.basis_or("dxscreen screens ICD-10-CM codes only");
      emit(std::move(f), st);
    }
    return;
  }

  if (!d.code_text.empty()) v.code = Icd10Code::parse(d.code_text, &v.spelling);
  else if (d.code) { v.code = d.code; v.spelling = d.spelling; }
  if (v.code && set_ != nullptr) v.entry = set_->find(v.code->undotted());

  const bool x12 = is_x12(claim_.format);
  std::string dotted_text;  // built only for messages
  auto dotted = [&]() -> const std::string& {
    if (dotted_text.empty() && v.code) dotted_text = v.code->dotted();
    return dotted_text;
  };
  const std::string undotted = v.code ? std::string(v.code->undotted()) : std::string();
  if (v.code) v.key = pack_code_key(undotted);

  // code-format
  std::vector<std::string> issues;
  bool as_cm = true;       // the code is meant as ICD-10-CM: report it unknown when absent
  switch (d.system) {
    case CodeSystem::icd10cm: break;
    case CodeSystem::missing:
      issues.push_back("the coding has no system; send system " + std::string(kCmSystem));
      break;
    case CodeSystem::icd9cm:
      if (v.code && v.entry != nullptr) {
        issues.push_back(x12 ? std::string("an ICD-10-CM code is sent under an ICD-9-CM qualifier; use ABK for the "
                                           "principal diagnosis and ABF for other diagnoses")
                             : "an ICD-10-CM code is sent under an ICD-9-CM system; use system " +
                                   std::string(kCmSystem));
      }
      break;
    case CodeSystem::icd10_who:
      as_cm = false;
      issues.push_back(std::string("the system is WHO ICD-10 (http://hl7.org/fhir/sid/icd-10), not ICD-10-CM; send "
                                   "system ") + kCmSystem +
                       (v.code && v.entry == nullptr && set_ != nullptr ? "; the code is not in " + set_->name() : ""));
      break;
    case CodeSystem::other:
      as_cm = false;
      issues.push_back(std::string("the code system is not ICD-10-CM; send an ICD-10-CM coding with system ") + kCmSystem +
                       (v.code && v.entry == nullptr && set_ != nullptr ? " (the code is not in " + set_->name() + ")" : ""));
      break;
  }
  if (v.code) {
    if (x12 && v.spelling.had_dot) {
      issues.push_back("X12 sends diagnosis codes without the dot: send " + undotted);
    } else if (!x12 && v.spelling.dot_misplaced) {
      issues.push_back("the dot is misplaced: send " + dotted());
    } else if (!x12 && !v.spelling.had_dot && v.code->size() > 3) {
      issues.push_back("FHIR ICD-10-CM codes carry the dot after the third character: send " + dotted());
    }
    if (v.spelling.had_lowercase) {
      issues.push_back("codes are upper case: send " + (x12 ? undotted : dotted()));
    }
  }
  if (!issues.empty()) {
    RuleState st = state(Rx::code_format);
    if (st.on && (!v.code || st.applies(undotted))) {
      Finding f;
      f.rule = std::string(rule::code_format);
      f.location = d.location;
      f.diagnosis_indexes = {v.index};
      if (v.code) f.codes = {dotted()};
      f.message = (v.code ? "Code " + dotted() + ": " : std::string("Diagnosis code: ")) + join(issues, "; ") + ".";
      f.basis = st.basis_or(x12 ? "005010X222A1/X223A2 HI: ICD-10-CM codes without the decimal point; ABK/ABF qualifiers"
                                : "FHIR: ICD-10-CM codes in the NCHS dotted form under system " + std::string(kCmSystem));
      emit(std::move(f), st);
    }
  }

  if (set_ == nullptr) return;

  // code-unknown
  if (v.entry == nullptr) {
    if (!as_cm) return;
    RuleState st = state(Rx::code_unknown);
    if (!st.on || (v.code && !st.applies(undotted))) return;
    Finding f;
    f.rule = std::string(rule::code_unknown);
    f.location = d.location;
    f.diagnosis_indexes = {v.index};
    f.basis = st.basis_or("ICD-10-CM " + set_->name() + " order file; I.B.2 (codes valid on the date of service)");
    if (d.code_text.empty() && !v.code) {
      f.message = "The diagnosis has no code.";
    } else if (!v.code) {
      f.codes = {as_written_dotted(d.code_text)};
      f.message = std::string("The diagnosis code is not an ICD-10-CM code (a letter, a digit, then 1 to 5 letters or "
                              "digits)") +
                  (d.system == CodeSystem::icd9cm ? "; ICD-9-CM codes are not accepted: send the ICD-10-CM code." : ".");
    } else {
      f.codes = {dotted()};
      f.message = dotted() + " is not a code in " + set_->name() + " (valid " + set_->effective_from().iso() + " to " +
                  set_->effective_to().iso() + ")";
      if (d.system == CodeSystem::icd9cm) f.message += "; ICD-9-CM codes are not accepted: send the ICD-10-CM code";
      for (const auto& other : k_.code_sets) {
        if (other && other.get() != set_ && other->contains(undotted)) {
          f.message += "; it is in " + other->name() + " (" + other->effective_from().iso() + " to " +
                       other->effective_to().iso() + ")";
        }
      }
      if (const CodeEntry* parent = set_->nearest_ancestor(undotted)) {
        f.message += "; nearest existing code: " + dot_code(parent->code) + " " + std::string(parent->long_title);
        auto billable = set_->billable_descendants(parent->code);
        if (parent->billable) billable.insert(billable.begin(), parent);
        if (!billable.empty() && billable.size() <= kMaxSuggestions) {
          for (const CodeEntry* e : billable) f.suggestions.push_back(suggestion(e->code));
        }
      }
      f.message += ".";
    }
    emit(std::move(f), st);
    return;
  }

  v.screened = true;
  v.site = t_.site_code(v.key);
  if (!v.entry->billable) {
    RuleState st = state(Rx::code_not_billable);
    if (!st.on || !st.applies(undotted)) return;
    Finding f;
    f.rule = std::string(rule::code_not_billable);
    f.location = d.location;
    f.diagnosis_indexes = {v.index};
    f.codes = {dotted()};
    auto billable = set_->billable_descendants(undotted);
    f.message = dotted() + " " + std::string(v.entry->long_title) + " is a header (category/subcategory), not a billable code in " +
                set_->name() + "; code to the highest specificity";
    if (!billable.empty()) {
      f.message += ": one of its " + std::to_string(billable.size()) + " billable codes";
      if (billable.size() > kMaxSuggestions) f.message += " (first " + std::to_string(kMaxSuggestions) + " listed)";
    }
    f.message += ".";
    for (std::size_t i = 0; i < billable.size() && i < kMaxSuggestions; ++i) {
      f.suggestions.push_back(suggestion(billable[i]->code));
    }
    f.basis = st.basis_or("ICD-10-CM " + set_->name() + " order file (flag 0 = header); I.B.2 highest specificity");
    emit(std::move(f), st);
  }
}

void ClaimScreen::check_excludes1() {
  RuleState st = state(Rx::excludes1);
  if (!st.on || codes_.size() < 2) return;
  // Many claim codes: sorted by packed code, to find the codes an edge's target covers without
  // pairing everything. A few: a plain scan is cheaper.
  constexpr std::size_t kScanAll = 16;
  auto& by_key = scratch_.sorted;
  by_key.clear();
  if (codes_.size() > kScanAll) {
    for (std::size_t i = 0; i < codes_.size(); ++i) by_key.emplace_back(codes_[i].key, static_cast<std::uint32_t>(i));
    std::sort(by_key.begin(), by_key.end());
  }
  auto& hits = scratch_.hits;
  hits.clear();
  auto add_hit = [&](std::size_t i, std::size_t j, const NoteEdge& e, std::size_t rank) {
    hits.push_back({static_cast<std::uint32_t>(std::min(i, j)), static_cast<std::uint32_t>(std::max(i, j)),
                    i < j ? 0u : 1u, static_cast<std::uint32_t>(rank), &e});
  };
  // The claim codes (other than codes_[i]) that an edge governing codes_[i] excludes.
  std::uint32_t claim_letters = 0;
  for (const ClaimCode& c : codes_) {
    const int letter = c.code[0] - 'A';
    claim_letters |= letter >= 0 && letter < 26 ? 1u << letter : 0u;
  }
  auto relate = [&](std::size_t i, const NoteIndex::Excludes1Edge& x, const NoteEdge& e, std::size_t rank) {
    if ((x.target_letters & claim_letters) == 0) return;  // no claim code starts with a letter the target spans
    if (!x.packed()) {
      for (std::size_t j = 0; j < codes_.size(); ++j) {
        if (j != i && e.target.matches(codes_[j].code)) add_hit(i, j, e, rank);
      }
      return;
    }
    if (codes_.size() <= kScanAll) {
      for (std::size_t j = 0; j < codes_.size(); ++j) {
        if (x.target_covers(codes_[j].key) && j != i) add_hit(i, j, e, rank);
      }
      return;
    }
    auto it = std::lower_bound(by_key.begin(), by_key.end(), x.target_low,
                               [](const auto& entry, std::uint64_t key) { return entry.first < key; });
    for (; it != by_key.end(); ++it) {
      if (!x.target_covers(it->first)) {
        if ((it->first & x.target_high_mask) > x.target_high) break;
        continue;
      }
      if (it->second != i) add_hit(i, it->second, e, rank);
    }
  };
  const std::size_t note_count = notes_ != nullptr ? notes_->edges().size() : 0;
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    if (notes_ != nullptr) {
      notes_->for_each_excludes1(codes_[i].code, [&](const NoteIndex::Excludes1Edge& x) {
        relate(i, x, notes_->edges()[x.index], x.index);
      });
    }
    for (const ScreenTables::PackExcludes1& pe : t_.pack_excludes1) {
      const CodePattern& source = pe.edge->source;
      const bool governs = source.low_mask() != 0 ? source.matches_key(codes_[i].key) : source.matches(codes_[i].code);
      if (governs) relate(i, pe.packed, *pe.edge, note_count + pe.packed.index);
    }
  }
  if (hits.empty()) return;
  std::sort(hits.begin(), hits.end(), [](const Excludes1Hit& x, const Excludes1Hit& y) {
    if (x.first != y.first) return x.first < y.first;
    if (x.second != y.second) return x.second < y.second;
    if (x.side != y.side) return x.side < y.side;
    return x.rank < y.rank;
  });
  for (std::size_t h = 0; h < hits.size();) {
    std::size_t end = h;
    while (end < hits.size() && hits[end].first == hits[h].first && hits[end].second == hits[h].second) ++end;
    const ClaimCode& a = codes_[hits[h].first];
    const ClaimCode& b = codes_[hits[h].second];
    const std::size_t begin = h;
    h = end;
    if (!st.applies(a.code) && !st.applies(b.code)) continue;
    std::vector<std::string> cited;
    for (std::size_t x = begin; x < end; ++x) {
      const NoteEdge* e = hits[x].edge;
      add_unique(cited, "Excludes1 at " + e->source_label + ": " + e->text);
    }
    const NoteEdge* front = hits[begin].edge;
    std::string da = dot_code(a.code), db = dot_code(b.code);
    Finding f;
    f.rule = std::string(rule::excludes1);
    f.codes = {da, db};
    f.diagnosis_indexes = {a.first->index, b.first->index};
    f.location = b.first->dx->location;
    f.message = da + " and " + db + " are not reported together (" + join(cited, "; ") +
                "). Report both only if the conditions are unrelated (I.A.12.a).";
    if (sites_differ(a.first->site, b.first->site)) {
      f.message += " The codes name different sites (" + describe_site(*a.first->site) + " / " +
                   describe_site(*b.first->site) + "), so the conditions may be unrelated.";
    }
    f.basis = "ICD-10-CM tabular Excludes1 at " + front->source_label +
              "; I.A.12.a allows unrelated conditions";
    emit(std::move(f), st);
  }
}

void ClaimScreen::check_site_pairs() {
  RuleState unspec = state(Rx::unspecified_with_specified);
  RuleState multi = state(Rx::multiple_sites_with_specific);
  auto& sited = scratch_.numbers;
  sited.clear();
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    if (codes_[i].first->site != nullptr) sited.push_back(static_cast<int>(i));
  }
  for (std::size_t p = 0; p < sited.size(); ++p) {
    for (std::size_t q = p + 1; q < sited.size(); ++q) {
      const ClaimCode& a = codes_[static_cast<std::size_t>(sited[p])];
      const ClaimCode& b = codes_[static_cast<std::size_t>(sited[q])];
      const SiteCode* sa = a.first->site;
      const SiteCode* sb = b.first->site;
      if (sa->family != sb->family) continue;
      std::string da = dot_code(a.code), db = dot_code(b.code);
      auto base = [&](std::string_view id) {
        Finding f;
        f.rule = std::string(id);
        f.codes = {da, db};
        f.diagnosis_indexes = {a.first->index, b.first->index};
        f.location = b.first->dx->location;
        return f;
      };
      if (unspec.on && (unspec.applies(a.code) || unspec.applies(b.code))) {
        const SiteCode* u = sa->kind == SiteKind::unspecified_site ? sa : sb->kind == SiteKind::unspecified_site ? sb : nullptr;
        const SiteCode* side_u = nullptr;
        const SiteCode* side_s = nullptr;
        for (auto [x, y] : {std::pair{sa, sb}, std::pair{sb, sa}}) {
          if (x->side == SideKind::unspecified && (y->side == SideKind::right || y->side == SideKind::left) &&
              x->site_group == y->site_group) {
            side_u = x;
            side_s = y;
          }
        }
        if (u != nullptr) {
          const SiteCode* other = u == sa ? sb : sa;
          Finding f = base(rule::unspecified_with_specified);
          f.message = dot_code(u->code) + " (unspecified site) is reported with " + dot_code(other->code) + " (" +
                      describe_site(*other) + ") of the same family " + u->family +
                      "; when the site is known, report only the specific code.";
          f.basis = unspec.basis_or("ICD-10-CM guidelines I.A.9.b, I.B.2, I.B.18: unspecified codes only when the record lacks detail");
          emit(std::move(f), unspec);
        } else if (side_u != nullptr) {
          Finding f = base(rule::unspecified_with_specified);
          f.message = dot_code(side_u->code) + " (unspecified side) is reported with " + dot_code(side_s->code) + " (" +
                      describe_site(*side_s) + ") for the same site; the side is known, so drop the unspecified-side code.";
          f.basis = unspec.basis_or("ICD-10-CM guideline I.B.13 (laterality)");
          emit(std::move(f), unspec);
        }
      }
      if (multi.on && (multi.applies(a.code) || multi.applies(b.code))) {
        const SiteCode* m = sa->kind == SiteKind::multiple_sites ? sa : sb->kind == SiteKind::multiple_sites ? sb : nullptr;
        const SiteCode* other = m == sa ? sb : sa;
        if (m != nullptr && (other->kind == SiteKind::specific || other->kind == SiteKind::other_site)) {
          Finding f = base(rule::multiple_sites_with_specific);
          f.message = dot_code(m->code) + " (multiple sites) is reported with " + dot_code(other->code) + " (" +
                      describe_site(*other) + "); documented sites are coded individually, so report each site's "
                      "code and drop " + dot_code(m->code) + ".";
          f.basis = multi.basis_or("ICD-10-CM FY2026 guidelines I.B.20, I.C.13.a.2 (multiple sites)");
          emit(std::move(f), multi);
        }
      }
    }
  }
}

std::vector<const SiteCode*> ClaimScreen::family_codes(const std::string& family) const {
  std::vector<const SiteCode*> out;
  for (const RulePack& pack : k_.packs) {
    for (const SiteCode& s : pack.sites) {
      if (s.family != family) continue;
      auto it = std::find_if(out.begin(), out.end(), [&](const SiteCode* e) { return e->code == s.code; });
      if (it != out.end()) *it = &s;
      else out.push_back(&s);
    }
  }
  auto order = [&](const SiteCode* s) {
    const CodeEntry* e = set_ != nullptr ? set_->find(s->code) : nullptr;
    return e != nullptr ? e->order : UINT32_MAX;
  };
  std::stable_sort(out.begin(), out.end(), [&](const SiteCode* a, const SiteCode* b) { return order(a) < order(b); });
  out.erase(std::remove_if(out.begin(), out.end(), [&](const SiteCode* s) { return order(s) == UINT32_MAX; }), out.end());
  return out;
}

std::vector<std::string> ClaimScreen::codes_for_group(const std::string& family, const std::string& group,
                                                      Laterality side) const {
  std::vector<const SiteCode*> members;
  for (const SiteCode* s : family_codes(family)) {
    if (s->kind == SiteKind::specific && s->site_group == group) members.push_back(s);
  }
  bool lateral = std::any_of(members.begin(), members.end(), [](const SiteCode* s) { return s->side != SideKind::none; });
  std::vector<std::string> out;
  for (const SiteCode* s : members) {
    bool take = !lateral;
    if (lateral) {
      switch (side) {
        case Laterality::right: take = s->side == SideKind::right; break;
        case Laterality::left: take = s->side == SideKind::left; break;
        case Laterality::bilateral: take = s->side == SideKind::right || s->side == SideKind::left; break;
        case Laterality::unknown: take = s->side == SideKind::unspecified; break;
      }
    }
    if (take) out.push_back(suggestion(s->code));
  }
  if (out.empty()) {
    for (const SiteCode* s : members) out.push_back(suggestion(s->code));
  }
  return out;
}

// Codes of the family for one documented site: the specific codes covering it (by side), else the
// family's other-site code.
std::vector<std::string> ClaimScreen::codes_for_site(const std::string& family, const BodySite& site) const {
  std::vector<std::string> groups;
  for (const SiteCode* s : family_codes(family)) {
    if (s->kind == SiteKind::specific && contains(s->covers, site.site)) add_unique(groups, s->site_group);
  }
  std::vector<std::string> out;
  for (const std::string& g : groups) {
    for (std::string& c : codes_for_group(family, g, site.side)) add_unique(out, std::move(c));
  }
  if (out.empty()) {
    for (const SiteCode* s : family_codes(family)) {
      if (s->kind == SiteKind::other_site) add_unique(out, suggestion(s->code));
    }
  }
  return out;
}

// True when two site-coded codes cannot name the same site: specific sites that share no body-site
// key or have opposite sides, or an other-site code against a site its own family codes specifically.
bool ClaimScreen::sites_differ(const SiteCode* a, const SiteCode* b) const {
  if (a == nullptr || b == nullptr) return false;
  if (a->kind == SiteKind::specific && b->kind == SiteKind::specific) {
    bool shared = false;
    for (const std::string& key : a->covers) shared |= contains(b->covers, key);
    if (a->covers.empty() || b->covers.empty()) shared = a->site_group == b->site_group;
    bool opposite = (a->side == SideKind::right && b->side == SideKind::left) ||
                    (a->side == SideKind::left && b->side == SideKind::right);
    return !shared || opposite;
  }
  const SiteCode* other = a->kind == SiteKind::other_site ? a : b->kind == SiteKind::other_site ? b : nullptr;
  const SiteCode* specific = other == a ? b : a;
  if (other == nullptr || specific->kind != SiteKind::specific || specific->covers.empty()) return false;
  for (const std::string& key : specific->covers) {
    bool coded = false;
    for (const SiteCode* s : family_codes(other->family)) {
      coded |= s->kind == SiteKind::specific && contains(s->covers, key);
    }
    if (!coded) return false;
  }
  return true;
}

bool ClaimScreen::multiple_site_convention() const {
  const RuleSpec* spec = k_.rule(rule::multiple_sites_with_specific);
  return spec == nullptr || spec->in_effect(date_);
}

void ClaimScreen::check_documented_sites() {
  RuleState spec_st = state(Rx::site_specificity);
  RuleState side_st = state(Rx::laterality_mismatch);
  for (const DxView& v : dxs_) {
    if (!v.screened || v.site == nullptr || v.dx->body_sites.empty()) continue;
    const SiteCode& sc = *v.site;
    const std::string dotted = dot_code(sc.code);
    std::vector<const BodySite*> documented;  // with a site key
    std::vector<const BodySite*> matching;    // the code's site, or a side without a site
    for (const BodySite& b : v.dx->body_sites) {
      if (!b.site.empty()) documented.push_back(&b);
      if ((!b.site.empty() && contains(sc.covers, b.site)) || (b.site.empty() && b.side != Laterality::unknown)) {
        matching.push_back(&b);
      }
    }
    auto covered = [&](const BodySite* b) {
      for (const SiteCode* s : family_codes(sc.family)) {
        if (s->kind == SiteKind::specific && contains(s->covers, b->site)) return true;
      }
      return false;
    };
    auto site_list = [&](const std::vector<const BodySite*>& list) {
      std::vector<std::string> names;
      for (const BodySite* b : list) add_unique(names, describe_documented(*b));
      return join(names, ", ");
    };
    auto suggestions_for = [&](const std::vector<const BodySite*>& list) {
      std::vector<std::string> out;
      for (const BodySite* b : list) {
        for (std::string& c : codes_for_site(sc.family, *b)) add_unique(out, std::move(c));
      }
      return out;
    };

    if (spec_st.on && spec_st.applies(sc.code)) {
      Finding f;
      f.rule = std::string(rule::site_specificity);
      f.codes = {dotted};
      f.diagnosis_indexes = {v.index};
      f.location = v.dx->location;
      std::string basis = "ICD-10-CM guidelines I.A.9, I.B.2, I.B.18 (code the documented site)";
      switch (sc.kind) {
        case SiteKind::unspecified_site:
          if (!documented.empty()) {
            f.message = dotted + " (unspecified site) while the site is documented (" + site_list(documented) +
                        "); report the code of the documented site.";
            f.suggestions = suggestions_for(documented);
          }
          break;
        case SiteKind::other_site: {
          std::vector<const BodySite*> with_code;
          for (const BodySite* b : documented) if (covered(b)) with_code.push_back(b);
          if (!with_code.empty()) {
            f.message = dotted + " (other site) while the documented site (" + site_list(with_code) +
                        ") has its own code; report that code.";
            f.suggestions = suggestions_for(with_code);
          }
          break;
        }
        case SiteKind::multiple_sites:
          if (!documented.empty()) {
            if (multiple_site_convention()) {
              f.message = dotted + " (multiple sites) while the sites are documented (" + site_list(documented) +
                          "); from FY2026 documented sites are coded individually.";
              f.suggestions = suggestions_for(documented);
              basis = "ICD-10-CM FY2026 guidelines I.B.20, I.C.13.a.2 (multiple sites)";
            } else {
              std::vector<std::string> distinct;
              for (const BodySite* b : documented) {
                std::string group = b->site;
                for (const SiteCode* s : family_codes(sc.family)) {
                  if (s->kind == SiteKind::specific && contains(s->covers, b->site)) { group = s->site_group; break; }
                }
                if (b->side == Laterality::bilateral) {
                  add_unique(distinct, group + "/right");
                  add_unique(distinct, group + "/left");
                } else {
                  add_unique(distinct, group + "/" + to_string(b->side));
                }
              }
              if (distinct.size() < 2) {
                f.message = dotted + " (multiple sites) while only one site is documented (" + site_list(documented) +
                            "); report the code of that site.";
                f.suggestions = suggestions_for(documented);
                basis = "ICD-10-CM guidelines I.A.9, I.B.2 (multiple sites means two or more sites)";
              }
            }
          }
          break;
        case SiteKind::specific:
          if (!documented.empty() && std::none_of(documented.begin(), documented.end(), [&](const BodySite* b) {
                return contains(sc.covers, b->site);
              })) {
            f.message = dotted + " codes the " + sc.site + " but the documented site is " + site_list(documented) +
                        "; report the code of the documented site.";
            f.suggestions = suggestions_for(documented);
          } else if (sc.side == SideKind::unspecified) {
            bool right = false, left = false;
            for (const BodySite* b : matching) {
              right |= b->side == Laterality::right || b->side == Laterality::bilateral;
              left |= b->side == Laterality::left || b->side == Laterality::bilateral;
            }
            if (right || left) {
              Laterality side = right && left ? Laterality::bilateral : right ? Laterality::right : Laterality::left;
              f.message = dotted + " (unspecified side) while the side is documented (" + to_string(side) +
                          "); report the code for that side.";
              f.suggestions = codes_for_group(sc.family, sc.site_group, side);
              basis = "ICD-10-CM guideline I.B.13 (laterality)";
            }
          }
          break;
      }
      if (!f.message.empty()) {
        f.basis = spec_st.basis_or(basis);
        emit(std::move(f), spec_st);
      }
    }

    if (side_st.on && side_st.applies(sc.code) && (sc.side == SideKind::right || sc.side == SideKind::left)) {
      Laterality code_side = sc.side == SideKind::right ? Laterality::right : Laterality::left;
      Laterality opposite = sc.side == SideKind::right ? Laterality::left : Laterality::right;
      bool any_side = false, agrees = false;
      for (const BodySite* b : matching) {
        if (b->side == Laterality::unknown) continue;
        any_side = true;
        agrees |= b->side == code_side || b->side == Laterality::bilateral;
      }
      if (any_side && !agrees) {
        Finding f;
        f.rule = std::string(rule::laterality_mismatch);
        f.codes = {dotted};
        f.diagnosis_indexes = {v.index};
        f.location = v.dx->location;
        f.message = dotted + " is a " + side_word(sc.side) + "-side code but the documented side of the " + sc.site +
                    " is " + to_string(opposite) + "; report the " + to_string(opposite) + "-side code.";
        f.suggestions = codes_for_group(sc.family, sc.site_group, opposite);
        f.basis = side_st.basis_or("ICD-10-CM guideline I.B.13 (laterality)");
        emit(std::move(f), side_st);
      }
    }
  }
}

void ClaimScreen::check_manifestation() {
  RuleState st = state(Rx::manifestation_principal);
  if (!st.on || dxs_.empty()) return;
  const DxView* principal = nullptr;
  for (const DxView& v : dxs_) {
    if (v.dx->role == DiagnosisRole::principal) { principal = &v; break; }
  }
  if (principal == nullptr) {
    for (const DxView& v : dxs_) {
      if (!reported_with_others(*v.dx)) continue;
      if (principal == nullptr || v.order < principal->order) principal = &v;
    }
  }
  if (principal == nullptr || !principal->screened) return;
  const std::string_view code = principal->code->undotted();
  if (!st.applies(code)) return;
  bool manifestation = false;
  for (const CodePattern* p : t_.manifestation) manifestation |= covers(*p, *principal);
  if (!manifestation) return;
  Finding f;
  f.rule = std::string(rule::manifestation_principal);
  f.codes = {dot_code(code)};
  f.diagnosis_indexes = {principal->index};
  f.location = principal->dx->location;
  f.message = dot_code(code) + " " + title(code) +
              " is a manifestation code and cannot be the principal or first-listed diagnosis; list the underlying "
              "condition first.";
  f.basis = st.basis_or("ICD-10-CM guidelines I.A.13, I.B.7 (code first); MCE manifestation-as-principal edit");
  emit(std::move(f), st);
}

void ClaimScreen::check_code_first() {
  RuleState st = state(Rx::code_first_sequence);
  if (!st.on) return;
  std::set<std::pair<std::string, std::string>> reported;
  for (const CodeFirstSpec* spec_ptr : t_.code_first) {
    const CodeFirstSpec& spec = *spec_ptr;
    {
      for (const DxView& m : dxs_) {
        if (!m.screened || !reported_with_others(*m.dx) || !covers(spec.code, m)) continue;
        for (const DxView& e : dxs_) {
          if (!e.screened || !reported_with_others(*e.dx) || e.order <= m.order) continue;
          std::string_view ecode = e.code->undotted();
          bool etiology = false;
          for (const CodePattern& p : spec.etiology) etiology |= covers(p, e);
          if (!etiology) continue;
          std::string mcode(m.code->undotted());
          if (!st.applies(mcode) && !st.applies(ecode)) continue;
          if (!reported.emplace(mcode, std::string(ecode)).second) continue;
          Finding f;
          f.rule = std::string(rule::code_first_sequence);
          f.codes = {dot_code(mcode), dot_code(ecode)};
          f.diagnosis_indexes = {m.index, e.index};
          f.location = m.dx->location;
          f.message = dot_code(mcode) + " is listed before its underlying condition " + dot_code(ecode) +
                      "; sequence " + dot_code(ecode) + " first (code-first note at " + spec.code.to_string() + ").";
          f.basis = !spec.basis.empty() ? spec.basis : st.basis_or("ICD-10-CM guidelines I.A.13, I.B.7 (code first)");
          emit(std::move(f), st);
        }
      }
    }
  }
}

void ClaimScreen::check_duplicates() {
  RuleState st = state(Rx::duplicate_code);
  if (!st.on) return;
  auto& by_key = scratch_.sorted;
  by_key.clear();
  for (const DxView& v : dxs_) {
    if (!v.code || v.dx->reference_unresolved || v.dx->not_screenable || !reported_with_others(*v.dx)) continue;
    by_key.emplace_back(v.key, static_cast<std::uint32_t>(v.index));
  }
  std::sort(by_key.begin(), by_key.end());
  for (std::size_t at = 0; at < by_key.size();) {
    std::size_t end = at + 1;
    while (end < by_key.size() && by_key[end].first == by_key[at].first) ++end;
    const std::size_t begin = at;
    at = end;
    if (end - begin < 2) continue;
    const std::string_view code = dxs_[by_key[begin].second].code->undotted();
    if (!st.applies(code)) continue;
    std::vector<int> indexes;
    for (std::size_t x = begin; x < end; ++x) indexes.push_back(static_cast<int>(by_key[x].second));
    Finding f;
    f.rule = std::string(rule::duplicate_code);
    f.codes = {dot_code(code)};
    f.diagnosis_indexes = indexes;
    f.location = claim_.diagnoses[static_cast<std::size_t>(indexes[1])].location;
    std::vector<std::string> positions;
    for (int i : indexes) positions.push_back(std::to_string(i + 1));
    f.message = dot_code(code) + " is reported " + std::to_string(indexes.size()) +
                " times (diagnoses " + join(positions, ", ") + "); report each code once.";
    f.basis = st.basis_or("MCE duplicate-diagnosis edit; each ICD-10-CM code is reported once per claim");
    emit(std::move(f), st);
  }
}

void ClaimScreen::check_pointers() {
  RuleState st = state(Rx::pointer_invalid);
  if (!st.on) return;
  const bool x12 = is_x12(claim_.format);
  const int count = static_cast<int>(claim_.diagnoses.size());
  auto& sequences = scratch_.numbers;  // FHIR: the diagnosis sequences, sorted
  sequences.clear();
  if (!x12) {
    for (const Diagnosis& d : claim_.diagnoses) sequences.push_back(d.sequence);
    std::sort(sequences.begin(), sequences.end());
  }
  for (std::size_t li = 0; li < claim_.lines.size(); ++li) {
    const ServiceLine& line = claim_.lines[li];
    const int line_number = line.sequence > 0 ? line.sequence : static_cast<int>(li) + 1;
    for (int p : line.pointers) {
      bool valid = false;
      if (x12) {
        valid = p >= 1 && p <= count;
      } else {
        valid = std::binary_search(sequences.begin(), sequences.end(), p);
      }
      if (valid) continue;
      Finding f;
      f.rule = std::string(rule::pointer_invalid);
      f.location = line.location;
      f.line_index = static_cast<int>(li);
      // Readers clamp numbers too long for an int to INT_MAX: name no made-up number then.
      const std::string target = p == std::numeric_limits<int>::max() ? std::string("a diagnosis number out of range")
                                                                       : "diagnosis " + std::to_string(p);
      if (x12) {
        f.message = "Service line " + std::to_string(line_number) + " points to " + target +
                    ", but the claim has " + std::to_string(count) + " diagnosis code" + (count == 1 ? "" : "s") +
                    "; pointers must name an HI diagnosis (1.." + std::to_string(count) + ").";
      } else {
        f.message = "Item " + std::to_string(line_number) + " diagnosisSequence " +
                    (p == std::numeric_limits<int>::max() ? std::string("out of range") : std::to_string(p)) +
                    " names no Claim.diagnosis sequence; point to a listed diagnosis.";
      }
      f.basis = st.basis_or(x12 ? "005010X222A1 SV1-07 / 005010X224A2 SV3-11: pointers to HI diagnosis codes"
                                : "FHIR Claim.item.diagnosisSequence must reference Claim.diagnosis.sequence");
      emit(std::move(f), st);
    }
  }
}

}  // namespace

Screener::Screener(std::shared_ptr<const Knowledge> knowledge) : knowledge_(std::move(knowledge)) {
  if (!knowledge_) throw std::invalid_argument("Screener needs knowledge");
  tables_ = std::make_shared<const ScreenTables>(*knowledge_);
}

ClaimResult Screener::screen(const Claim& claim, const ScreenOptions& options) const {
  return ClaimScreen(*knowledge_, *tables_, claim, options).run();
}

Explanation explain(const Knowledge& knowledge, std::string_view code_text, Date date) {
  Explanation out;
  const CodeSet* set = knowledge.code_set_for(date);
  if (set != nullptr) out.code_set = set->name();
  auto code = Icd10Code::parse(code_text);
  if (!code) {
    out.message = "not an ICD-10-CM code (a letter, a digit, then 1 to 5 letters or digits)";
    return out;
  }
  out.code = code->dotted();
  if (set == nullptr) {
    out.message = "no ICD-10-CM code set is loaded";
    return out;
  }
  if (!set->available()) {
    out.message = set->load_error();
    return out;
  }
  const std::string undotted(code->undotted());
  for (std::size_t len = 3; len < undotted.size(); ++len) {
    if (const CodeEntry* p = set->find(std::string_view(undotted).substr(0, len))) {
      out.parents.push_back({dot_code(p->code), std::string(p->long_title), p->billable});
    }
  }
  const CodeEntry* entry = set->find(undotted);
  if (entry == nullptr) {
    out.message = "not in " + set->name();
    if (const CodeEntry* a = set->nearest_ancestor(undotted)) {
      out.message += "; nearest existing code: " + dot_code(a->code) + " " + std::string(a->long_title);
    }
    return out;
  }
  out.found = true;
  out.short_title = std::string(entry->short_title);
  out.title = std::string(entry->long_title);
  out.billable = entry->billable;
  for (const CodeEntry* e : set->billable_descendants(undotted)) {
    out.billable_children.push_back({dot_code(e->code), std::string(e->long_title), true});
  }
  if (const NoteIndex* notes = knowledge.notes_for(set->fiscal_year())) {
    for (const NoteEdge* e : notes->governing(undotted)) {
      out.notes.push_back({to_string(e->kind), e->source_label, e->text, e->target.empty() ? "" : e->target.to_string()});
    }
  }
  // Packs restate some tabular notes as edges with their basis; show each note once.
  auto already_listed = [&out](const NoteEdge& e) {
    return std::any_of(out.notes.begin(), out.notes.end(), [&e](const ExplainNote& n) {
      return n.kind == to_string(e.kind) && n.at == e.source_label && n.text == e.text;
    });
  };
  for (const RulePack& pack : knowledge.packs) {
    for (const NoteEdge& e : pack.extra_edges) {
      if (e.source.matches(undotted) && !already_listed(e)) {
        out.notes.push_back({to_string(e.kind), e.source_label, e.text, e.target.empty() ? "" : e.target.to_string()});
      }
    }
  }
  const SiteCode* site = knowledge.site_code(undotted);
  for (std::string_view id : all_rule_ids()) {
    const RuleSpec* spec = knowledge.rule(id);
    bool relevant = spec != nullptr && !spec->families.empty() && spec->applies_to(undotted);
    if (id == rule::manifestation_principal) {
      for (const RulePack& pack : knowledge.packs) {
        for (const CodePattern& p : pack.manifestation) relevant |= p.matches(undotted);
      }
    } else if (id == rule::code_first_sequence) {
      for (const RulePack& pack : knowledge.packs) {
        for (const CodeFirstSpec& cf : pack.code_first) relevant |= cf.code.matches(undotted);
      }
    } else if (id == rule::unspecified_with_specified || id == rule::multiple_sites_with_specific ||
               id == rule::site_specificity || id == rule::laterality_mismatch) {
      relevant |= site != nullptr && (spec == nullptr || spec->applies_to(undotted));
    }
    if (spec != nullptr && !spec->enabled) relevant = false;
    if (!relevant) continue;
    ExplainRule r;
    r.id = std::string(id);
    r.severity = to_string(spec != nullptr ? spec->severity : default_severity(id));
    if (spec != nullptr) {
      r.basis = spec->basis;
      r.description = spec->description;
    }
    out.rules.push_back(std::move(r));
  }
  return out;
}

}  // namespace dxs
