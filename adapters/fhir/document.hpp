#pragma once
// A parsed FHIR document: the mutable copy of the input the tree points into, and the tree.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/fhir/fhir.hpp"
#include "adapters/fhir/tree.hpp"
#include "core/finding.hpp"

namespace dxs::fhir {

struct Document {
  std::string buffer;               // parsed in place; the tree's strings point here
  Tree tree;
  std::shared_ptr<void> xml_owner;  // keeps the XML parser's document alive
};

// Both return a fatal fhir-structure InputError with line/column (relative to `input`, BOM
// included) or fill `document`. The root node carries the top-level resource type.
std::optional<InputError> parse_json(std::string_view input, const Limits& limits,
                                     Document& document);
std::optional<InputError> parse_xml(std::string_view input, const Limits& limits,
                                    Document& document);

}  // namespace dxs::fhir
