#include "adapters/fhir/body_sites.hpp"

#include <cctype>
#include <string>

#include "adapters/fhir/codings.hpp"

namespace dxs::fhir {
namespace {

constexpr std::size_t kMaxSourceText = 64;

bool is_laterality_extension(std::string_view url) noexcept {
  return url.ends_with("laterality-qualifier") || url.ends_with("laterality");
}

std::string lower_printable(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, kMaxSourceText)) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 ? ' ' : static_cast<char>(std::tolower(byte));
  }
  return out;
}

// "right shoulder and left knee" documents two sites; "right and left shoulder" one (bilateral).
// Splits on list separators and keeps the split only when two or more parts name a site; a part
// without a side takes the side of the part before it ("bilateral hips and knees").
std::vector<SiteLookup> sites_in_list(std::string_view text, const BodySiteMap& map) {
  std::vector<std::string> parts;
  std::string current;
  const std::string lowered = lower_printable(text);
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    const char c = lowered[i];
    const bool separator = c == ',' || c == ';' || c == '&' || c == '/' || c == '+';
    const bool and_word = lowered.compare(i, 5, " and ") == 0;
    if (separator || and_word) {
      parts.push_back(current);
      current.clear();
      if (and_word) i += 4;
      continue;
    }
    current += c;
  }
  parts.push_back(current);
  std::vector<SiteLookup> found;
  Laterality previous_side = Laterality::unknown;
  for (const std::string& part : parts) {
    const auto lookup = map.text(part);
    if (!lookup || lookup->site.empty()) continue;
    SiteLookup site = *lookup;
    if (site.side == Laterality::unknown) site.side = previous_side;
    previous_side = site.side;
    found.push_back(std::move(site));
  }
  if (found.size() < 2) found.clear();
  return found;
}

}  // namespace

std::vector<BodySite> documented_body_sites(const Tree& tree, NodeId condition,
                                            const BodySiteMap* map) {
  std::vector<BodySite> sites;
  std::size_t index = 0;
  for (const NodeId body_site : tree.named(condition, "bodySite")) {
    BodySite site;
    site.location = "bodySite[" + std::to_string(index++) + "]";
    std::string first_code;
    for (const NodeId coding : tree.named(body_site, "coding")) {
      if (tree.value(coding, "system") != system_uri::snomed) continue;
      const std::string_view code = trim(tree.value(coding, "code"));
      if (code.empty()) continue;
      if (first_code.empty()) first_code = code;
      if (map == nullptr) continue;
      if (const auto found = map->snomed(code)) {
        if (site.site.empty() && !found->site.empty()) {
          site.site = found->site;
          site.source = "snomed:" + std::string(code);
        }
        if (site.side == Laterality::unknown) site.side = found->side;
      } else if (const auto side = map->laterality(code)) {
        if (site.side == Laterality::unknown) site.side = *side;
      }
    }
    if (map != nullptr && site.side == Laterality::unknown) {
      for (const NodeId extension : tree.named(body_site, "extension")) {
        if (!is_laterality_extension(tree.value(extension, "url"))) continue;
        const NodeId value = tree.child(extension, "valueCodeableConcept");
        for (const NodeId coding : tree.named(value, "coding")) {
          if (const auto side = map->laterality(trim(tree.value(coding, "code")))) {
            if (site.side == Laterality::unknown) site.side = *side;
          }
        }
      }
    }
    const std::string_view text = trim(tree.value(body_site, "text"));
    if (map != nullptr && !text.empty() && site.site.empty()) {
      const std::vector<SiteLookup> listed = sites_in_list(text, *map);
      if (!listed.empty()) {
        for (const SiteLookup& one : listed) {
          BodySite each;
          each.location = site.location;
          each.site = one.site;
          each.side = site.side != Laterality::unknown ? site.side : one.side;
          each.source = "text:" + lower_printable(text);
          sites.push_back(std::move(each));
        }
        continue;
      }
    }
    if (map != nullptr && !text.empty() && (site.site.empty() || site.side == Laterality::unknown)) {
      if (const auto found = map->text(text)) {
        if (site.site.empty() && !found->site.empty()) {
          site.site = found->site;
          site.source = "text:" + lower_printable(text);
        }
        if (site.side == Laterality::unknown) site.side = found->side;
      }
    }
    if (site.source.empty()) {
      if (!first_code.empty()) {
        site.source = "snomed:" + first_code;
      } else if (!text.empty()) {
        site.source = "text:" + lower_printable(text);
      }
    }
    sites.push_back(std::move(site));
  }
  return sites;
}

}  // namespace dxs::fhir
