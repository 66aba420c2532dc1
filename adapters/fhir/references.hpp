#pragma once
// Reference resolution (R4 bundle.html "Resolving references in Bundles", fhir.md section 2):
// contained "#id" inside the same resource only; Bundle entries by fullUrl; NDJSON by type/id.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/fhir/tree.hpp"

namespace dxs::fhir {

struct ParsedReference {
  std::string_view url;      // without "/_history/n"
  std::string_view version;  // "" unless version-specific
  std::string_view type;     // "Condition" for "Condition/x" or ".../Condition/x", else ""
  std::string_view id;
  bool absolute = false;     // http(s)://, urn:uuid:, urn:oid:
  bool local = false;        // "#id"
};
ParsedReference parse_reference(std::string_view reference) noexcept;

// The [base] of a RESTful fullUrl "http://x/fhir/Patient/23" -> "http://x/fhir/"; nullopt for
// URNs and anything not ending in Type/id.
std::optional<std::string_view> restful_base(std::string_view full_url) noexcept;

struct Resolution {
  NodeId resource = no_node;   // node carrying the resource (resource_type set)
  std::size_t index = 0;       // contained index / entry index
  std::string note;            // why it did not resolve ("" when resolved)
};

// "#id" against the containing resource's contained[].
Resolution resolve_contained(const Tree& tree, NodeId container, std::string_view reference);

class BundleIndex {
 public:
  struct Entry {
    NodeId resource = no_node;
    std::string_view full_url;
    std::string_view type;
    std::string_view id;
    std::string_view version_id;
  };

  BundleIndex(const Tree& tree, NodeId bundle);
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  // Resolves a reference made from entry `from`. Relative Type/id references resolve only
  // from an entry with a RESTful fullUrl; from an entry without fullUrl they match by type and
  // id (a documented extension of the spec rule); several matches are ambiguous.
  [[nodiscard]] Resolution resolve(std::string_view reference, std::size_t from) const;

 private:
  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_url_;
};

}  // namespace dxs::fhir
