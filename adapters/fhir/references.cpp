#include "adapters/fhir/references.hpp"

#include <cctype>

#include "adapters/fhir/codings.hpp"

namespace dxs::fhir {
namespace {

bool is_type_name(std::string_view text) noexcept {
  if (text.empty() || std::isupper(static_cast<unsigned char>(text.front())) == 0) return false;
  for (const char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

bool is_id(std::string_view text) noexcept {
  if (text.empty() || text.size() > 64) return false;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '.') return false;
  }
  return true;
}

// Splits ".../Type/id" at its last two segments.
bool split_type_id(std::string_view path, std::string_view* type, std::string_view* id,
                   std::size_t* type_start) noexcept {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  const std::string_view candidate_id = path.substr(slash + 1);
  const auto previous = path.rfind('/', slash - 1);
  const std::size_t start = previous == std::string_view::npos ? 0 : previous + 1;
  const std::string_view candidate_type = path.substr(start, slash - start);
  if (!is_type_name(candidate_type) || !is_id(candidate_id)) return false;
  *type = candidate_type;
  *id = candidate_id;
  *type_start = start;
  return true;
}


}  // namespace

ParsedReference parse_reference(std::string_view reference) noexcept {
  ParsedReference parsed;
  reference = trim(reference);
  if (reference.starts_with("#")) {
    parsed.local = true;
    parsed.url = reference;
    parsed.id = reference.substr(1);
    return parsed;
  }
  if (const auto history = reference.find("/_history/"); history != std::string_view::npos) {
    parsed.version = reference.substr(history + 10);
    reference = reference.substr(0, history);
  }
  parsed.url = reference;
  parsed.absolute = reference.starts_with("urn:") || reference.find("://") != std::string_view::npos;
  if (!reference.starts_with("urn:")) {
    std::size_t start = 0;
    std::string_view type;
    std::string_view id;
    if (split_type_id(reference, &type, &id, &start) && (parsed.absolute || start == 0)) {
      parsed.type = type;
      parsed.id = id;
    }
  }
  return parsed;
}

std::optional<std::string_view> restful_base(std::string_view full_url) noexcept {
  if (!(full_url.starts_with("http://") || full_url.starts_with("https://"))) return std::nullopt;
  std::string_view type;
  std::string_view id;
  std::size_t start = 0;
  if (!split_type_id(full_url, &type, &id, &start)) return std::nullopt;
  return full_url.substr(0, start);
}

Resolution resolve_contained(const Tree& tree, NodeId container, std::string_view reference) {
  Resolution resolution;
  const ParsedReference parsed = parse_reference(reference);
  if (parsed.id.empty()) {
    resolution.note = "\"#\" refers to the containing resource, not a Condition";
    return resolution;
  }
  std::size_t index = 0;
  std::size_t matches = 0;
  for (const NodeId contained : tree.named(container, "contained")) {
    if (tree.value(contained, "id") == parsed.id) {
      if (matches++ == 0) {
        resolution.resource = contained;
        resolution.index = index;
      }
    }
    ++index;
  }
  if (matches == 0) {
    resolution.note = "no contained resource has this id";
  } else if (matches > 1) {
    resolution = Resolution{};
    resolution.note = "ambiguous: " + std::to_string(matches) + " contained resources have this id";
  }
  return resolution;
}

BundleIndex::BundleIndex(const Tree& tree, NodeId bundle) {
  for (const NodeId entry : tree.named(bundle, "entry")) {
    Entry e;
    e.resource = tree.child(entry, "resource");
    e.full_url = trim(tree.value(entry, "fullUrl"));
    if (e.resource != no_node) {
      e.type = tree[e.resource].resource_type;
      e.id = tree.value(e.resource, "id");
      e.version_id = tree.value(tree.child(e.resource, "meta"), "versionId");
    }
    if (!e.full_url.empty()) by_url_[e.full_url].push_back(entries_.size());
    entries_.push_back(e);
  }
}

Resolution BundleIndex::resolve(std::string_view reference, std::size_t from) const {
  Resolution resolution;
  const ParsedReference parsed = parse_reference(reference);
  std::vector<std::size_t> candidates;
  auto by_url = [&](std::string_view url) {
    if (const auto found = by_url_.find(url); found != by_url_.end()) candidates = found->second;
  };
  if (parsed.url.empty()) {
    resolution.note = "the reference has no reference text";
    return resolution;
  }
  if (parsed.absolute) {
    by_url(parsed.url);
  } else if (!parsed.type.empty()) {
    const std::string_view from_url = from < entries_.size() ? entries_[from].full_url : "";
    if (const auto base = restful_base(from_url)) {
      const std::string absolute = std::string(*base) + std::string(parsed.url);
      by_url(absolute);
    } else if (from_url.empty()) {
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].type == parsed.type && entries_[i].id == parsed.id) candidates.push_back(i);
      }
    } else {
      resolution.note =
          "a relative reference cannot be resolved from an entry whose fullUrl is not a RESTful URL";
      return resolution;
    }
  } else {
    resolution.note = "the reference is neither absolute nor of the form Type/id";
    return resolution;
  }
  if (!parsed.version.empty()) {
    // Prefer the entry of that version; entries without meta.versionId stay candidates.
    std::vector<std::size_t> exact;
    std::vector<std::size_t> unversioned;
    for (const std::size_t i : candidates) {
      if (entries_[i].version_id == parsed.version) exact.push_back(i);
      if (entries_[i].version_id.empty()) unversioned.push_back(i);
    }
    candidates = exact.empty() ? unversioned : exact;
  }
  if (candidates.empty()) {
    resolution.note = "no Bundle entry matches the reference";
  } else if (candidates.size() > 1) {
    resolution.note =
        "ambiguous: " + std::to_string(candidates.size()) + " Bundle entries match the reference";
  } else {
    resolution.index = candidates.front();
    resolution.resource = entries_[candidates.front()].resource;
    if (resolution.resource == no_node) resolution.note = "the matching Bundle entry has no resource";
  }
  return resolution;
}

}  // namespace dxs::fhir
