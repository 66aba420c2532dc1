// XML -> Tree with pugixml, parsed in place on the document's own buffer. A cheap pre-scan
// enforces the depth and children limits before pugixml allocates anything and rejects DTDs
// (no DOCTYPE, so no entity expansion). Only elements in the FHIR namespace are read; the
// XHTML narrative and anything in a foreign namespace is skipped.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "adapters/fhir/document.hpp"
#include "adapters/fhir/input_text.hpp"

namespace dxs::fhir {
namespace {

constexpr std::string_view kFhirNamespace = "http://hl7.org/fhir";

struct ScanProblem {
  std::size_t offset = 0;
  std::string message;
};

// Walks the markup only far enough to count nesting and children; malformed markup is left to
// pugixml, which reports it with a precise offset.
std::optional<ScanProblem> prescan(std::string_view text, const Limits& limits) {
  std::vector<std::size_t> children{0};
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_past = [&](std::string_view terminator, std::size_t from) {
    const std::size_t end = text.find(terminator, from);
    return end == std::string_view::npos ? n : end + terminator.size();
  };
  while (i < n) {
    if (text[i] != '<') {
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("<!--")) {
      i = skip_past("-->", i + 4);
    } else if (rest.starts_with("<![CDATA[")) {
      i = skip_past("]]>", i + 9);
    } else if (rest.starts_with("<?")) {
      i = skip_past("?>", i + 2);
    } else if (rest.starts_with("<!")) {
      return ScanProblem{i, "DOCTYPE and DTD declarations are not allowed in FHIR XML"};
    } else if (rest.starts_with("</")) {
      if (children.size() > 1) children.pop_back();
      i = skip_past(">", i + 2);
    } else {
      std::size_t k = i + 1;
      while (k < n && text[k] != '>') {
        if (text[k] == '"' || text[k] == '\'') {
          const std::size_t close = text.find(text[k], k + 1);
          k = close == std::string_view::npos ? n : close;
        }
        ++k;
      }
      if (++children.back() > limits.max_array_items) {
        return ScanProblem{i, "element has more than " + std::to_string(limits.max_array_items) +
                                  " child elements"};
      }
      const bool self_closing = k < n && k > i && text[k - 1] == '/';
      if (!self_closing) {
        children.push_back(0);
        if (children.size() - 1 > limits.max_depth) {
          return ScanProblem{i, "nesting deeper than " + std::to_string(limits.max_depth) +
                                    " levels"};
        }
      }
      i = k + 1;
    }
  }
  return std::nullopt;
}

class XmlConverter {
 public:
  XmlConverter(Tree& tree, std::string_view prefix) : tree_(tree), prefix_(prefix) {}

  // Returns the local name when the element is in the FHIR namespace, "" otherwise.
  std::string_view fhir_name(const pugi::xml_node& element) const {
    std::string_view name = element.name();
    const auto colon = name.find(':');
    if (colon != std::string_view::npos) {
      if (name.substr(0, colon) != prefix_) return {};
      name = name.substr(colon + 1);
    } else if (!prefix_.empty()) {
      return {};
    }
    const pugi::xml_attribute xmlns = element.attribute("xmlns");
    if (xmlns && std::string_view(xmlns.value()) != kFhirNamespace) return {};
    return name;
  }

  void convert(const pugi::xml_node& root, NodeId root_node) {
    struct Pending {
      pugi::xml_node element;
      NodeId node;
    };
    std::vector<Pending> pending{{root, root_node}};
    while (!pending.empty()) {
      const Pending item = pending.back();
      pending.pop_back();
      read_attributes(item.element, item.node);
      for (pugi::xml_node child = item.element.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view name = fhir_name(child);
        if (name.empty() || name == "div") continue;
        const NodeId node = tree_.add(item.node, name, offset(child));
        pugi::xml_node source = child;
        if (const pugi::xml_node inner = first_element(child); inner) {
          const std::string_view inner_name = fhir_name(inner);
          if (!inner_name.empty() &&
              std::isupper(static_cast<unsigned char>(inner_name.front())) != 0) {
            tree_.at(node).resource_type = inner_name;  // resource wrapper: entry.resource, contained
            source = inner;
          }
        }
        pending.push_back({source, node});
      }
    }
  }

  static std::size_t offset(const pugi::xml_node& element) {
    const std::ptrdiff_t at = element.offset_debug();
    return at < 0 ? 0 : static_cast<std::size_t>(at);
  }

 private:
  static pugi::xml_node first_element(const pugi::xml_node& element) {
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) return c;
    }
    return {};
  }

  void read_attributes(const pugi::xml_node& element, NodeId node) {
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view name = a.name();
      if (name == "value") {
        Node& n = tree_.at(node);
        n.value = a.value();
      } else if (name.find(':') == std::string_view::npos && name != "xmlns") {
        const NodeId attribute_node = tree_.add(node, name, tree_[node].offset);
        Node& n = tree_.at(attribute_node);
        n.value = a.value();
      }
    }
  }

  Tree& tree_;
  std::string_view prefix_;
};

}  // namespace

std::optional<InputError> parse_xml(std::string_view input, const Limits& limits,
                                    Document& document) {
  if (auto error = check_input_text(input, limits.max_input_bytes)) return error;
  const std::size_t bom = utf8_bom_length(input);
  document.buffer.assign(input.substr(bom));
  document.tree.clear();
  if (auto problem = prescan(document.buffer, limits)) {
    return structure_error_at(input, bom + problem->offset, problem->message);
  }

  auto xml = std::make_shared<pugi::xml_document>();
  const pugi::xml_parse_result result =
      xml->load_buffer_inplace(document.buffer.data(), document.buffer.size(),
                               pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  document.xml_owner = xml;
  if (!result) {
    return structure_error_at(input, bom + static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset)),
                              std::string("malformed XML: ") + result.description());
  }
  for (pugi::xml_node top = xml->first_child(); top; top = top.next_sibling()) {
    if (top.type() == pugi::node_doctype) {
      return structure_error_at(input, bom + XmlConverter::offset(top),
                                "DOCTYPE and DTD declarations are not allowed in FHIR XML");
    }
  }
  const pugi::xml_node root = xml->document_element();
  if (!root) return structure_error_at(input, bom, "no root element");

  std::string_view root_name = root.name();
  std::string_view prefix;
  std::string_view declared;
  if (const auto colon = root_name.find(':'); colon != std::string_view::npos) {
    prefix = root_name.substr(0, colon);
    root_name = root_name.substr(colon + 1);
    const std::string attribute = "xmlns:" + std::string(prefix);
    declared = root.attribute(attribute.c_str()).value();
  } else {
    declared = root.attribute("xmlns").value();
  }
  if (declared != kFhirNamespace) {
    return structure_error_at(input, bom + XmlConverter::offset(root),
                              "the root element is not in the FHIR namespace http://hl7.org/fhir");
  }
  if (root_name.empty() || std::isupper(static_cast<unsigned char>(root_name.front())) == 0) {
    return structure_error_at(input, bom + XmlConverter::offset(root),
                              "the root element is not a FHIR resource");
  }
  const NodeId root_node = document.tree.add(no_node, {}, XmlConverter::offset(root));
  document.tree.at(root_node).resource_type = root_name;
  XmlConverter(document.tree, prefix).convert(root, root_node);
  if (bom != 0) document.tree.shift_offsets(bom);
  return std::nullopt;
}

}  // namespace dxs::fhir
