#include "adapters/fhir/tree.hpp"

namespace dxs::fhir {

namespace {
std::uint32_t saturated(std::size_t offset) noexcept {
  return offset > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(offset);
}
}  // namespace

NodeId Tree::add(NodeId parent, std::string_view name, std::size_t offset) {
  const auto id = static_cast<NodeId>(nodes_.size());
  Node& node = nodes_.emplace_back();
  node.name = name;
  node.offset = saturated(offset);
  if (parent != no_node) {
    Node& p = nodes_[parent];
    if (p.last_child == no_node) {
      p.first_child = id;
    } else {
      nodes_[p.last_child].next_sibling = id;
    }
    p.last_child = id;
  }
  return id;
}

void Tree::shift_offsets(std::size_t bytes) noexcept {
  for (Node& node : nodes_) node.offset = saturated(node.offset + bytes);
}

NodeId Tree::child(NodeId parent, std::string_view name) const {
  if (parent == no_node) return no_node;
  for (NodeId c = nodes_[parent].first_child; c != no_node; c = nodes_[c].next_sibling) {
    if (nodes_[c].name == name) return c;
  }
  return no_node;
}

std::vector<NodeId> Tree::children(NodeId parent, std::string_view name) const {
  std::vector<NodeId> out;
  if (parent == no_node) return out;
  for (NodeId c = nodes_[parent].first_child; c != no_node; c = nodes_[c].next_sibling) {
    if (nodes_[c].name == name) out.push_back(c);
  }
  return out;
}

NamedChildren Tree::named(NodeId parent, std::string_view name) const noexcept {
  if (parent == no_node) return {this, no_node, name};
  NodeId first = nodes_[parent].first_child;
  while (first != no_node && nodes_[first].name != name) first = nodes_[first].next_sibling;
  return {this, first, name};
}

NodeId Tree::next_named(NodeId from, std::string_view name) const noexcept {
  NodeId c = nodes_[from].next_sibling;
  while (c != no_node && nodes_[c].name != name) c = nodes_[c].next_sibling;
  return c;
}

std::string_view Tree::value(NodeId parent, std::string_view name) const {
  const NodeId c = child(parent, name);
  return c == no_node ? std::string_view{} : nodes_[c].value;
}

NodeId Tree::find(NodeId from, std::string_view dotted_path) const {
  NodeId at_node = from;
  while (at_node != no_node && !dotted_path.empty()) {
    const auto dot = dotted_path.find('.');
    at_node = child(at_node, dotted_path.substr(0, dot));
    dotted_path = dot == std::string_view::npos ? std::string_view{} : dotted_path.substr(dot + 1);
  }
  return at_node;
}

}  // namespace dxs::fhir
