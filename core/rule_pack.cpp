#include "core/rule_pack.hpp"

namespace dxs {

bool RuleSpec::in_effect(Date d) const noexcept {
  if (!d.known()) return true;
  if (effective_from.known() && d < effective_from) return false;
  if (effective_to.known() && d > effective_to) return false;
  return true;
}

bool RuleSpec::applies_to(std::string_view undotted_code) const noexcept {
  if (families.empty()) return true;
  for (const CodePattern& family : families) {
    if (family.matches(undotted_code)) return true;
  }
  return false;
}

const char* to_string(SiteKind kind) noexcept {
  switch (kind) {
    case SiteKind::specific: return "specific";
    case SiteKind::unspecified_site: return "unspecified-site";
    case SiteKind::other_site: return "other-site";
    case SiteKind::multiple_sites: return "multiple-sites";
  }
  return "specific";
}

const char* to_string(SideKind kind) noexcept {
  switch (kind) {
    case SideKind::none: return "none";
    case SideKind::right: return "right";
    case SideKind::left: return "left";
    case SideKind::unspecified: return "unspecified";
  }
  return "none";
}

namespace {

bool same_spelling(std::string_view text, std::string_view canonical) noexcept {
  if (text.size() != canonical.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char a = text[i] == '_' ? '-' : text[i];
    if (a != canonical[i]) return false;
  }
  return true;
}

}  // namespace

bool parse_site_kind(std::string_view text, SiteKind* out) noexcept {
  static constexpr SiteKind kinds[] = {SiteKind::specific, SiteKind::unspecified_site, SiteKind::other_site,
                                       SiteKind::multiple_sites};
  for (SiteKind k : kinds) {
    if (same_spelling(text, to_string(k))) {
      if (out != nullptr) *out = k;
      return true;
    }
  }
  return false;
}

bool parse_side_kind(std::string_view text, SideKind* out) noexcept {
  static constexpr SideKind kinds[] = {SideKind::none, SideKind::right, SideKind::left, SideKind::unspecified};
  for (SideKind k : kinds) {
    if (same_spelling(text, to_string(k))) {
      if (out != nullptr) *out = k;
      return true;
    }
  }
  return false;
}

}  // namespace dxs
