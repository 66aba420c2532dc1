#pragma once
// The intermediate view both readers build: FHIR elements as a tree of named nodes, so the
// claim mapper reads JSON and XML the same way.
//   - a JSON array becomes repeated sibling nodes of the same name (as XML writes them);
//   - primitives carry their text in `value` (JSON numbers and booleans as written, XML value="");
//   - a node holding a resource (root, entry.resource, contained, parameter.resource) carries
//     the resource type and the resource's own elements as children;
//   - XML attributes other than value/xmlns (id, url) become child nodes with a value.
// Strings are views into the reader's buffer, which must outlive the tree.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dxs::fhir {

using NodeId = std::uint32_t;
inline constexpr NodeId no_node = UINT32_MAX;

// 64 bytes: a 20,000-claim Bundle holds a few million of these.
struct Node {
  std::string_view name;
  std::string_view value;          // data() == nullptr: no value (JSON null, XML without value="")
  std::string_view resource_type;
  NodeId first_child = no_node;
  NodeId last_child = no_node;
  NodeId next_sibling = no_node;
  std::uint32_t offset = 0;  // byte offset in the original input (saturates at 4 GiB)
};

class Tree;

// The children of one node that carry one name, in order, without allocating.
class NamedChildren {
 public:
  class iterator {
   public:
    iterator(const Tree* tree, NodeId at, std::string_view name) noexcept
        : tree_(tree), at_(at), name_(name) {}
    NodeId operator*() const noexcept { return at_; }
    iterator& operator++() noexcept;
    bool operator==(const iterator& other) const noexcept { return at_ == other.at_; }
    bool operator!=(const iterator& other) const noexcept { return at_ != other.at_; }

   private:
    const Tree* tree_;
    NodeId at_;
    std::string_view name_;
  };
  NamedChildren(const Tree* tree, NodeId first, std::string_view name) noexcept
      : tree_(tree), first_(first), name_(name) {}
  [[nodiscard]] iterator begin() const noexcept { return {tree_, first_, name_}; }
  [[nodiscard]] iterator end() const noexcept { return {tree_, no_node, name_}; }

 private:
  const Tree* tree_;
  NodeId first_;
  std::string_view name_;
};

class Tree {
 public:
  NodeId add(NodeId parent, std::string_view name, std::size_t offset);
  [[nodiscard]] const Node& operator[](NodeId id) const { return nodes_[id]; }
  Node& at(NodeId id) { return nodes_[id]; }
  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] NodeId root() const noexcept { return nodes_.empty() ? no_node : 0; }
  void clear() { nodes_.clear(); }  // keeps the capacity (NDJSON reuses one tree per line)
  void reserve(std::size_t nodes) { nodes_.reserve(nodes); }
  // Adds `bytes` to every node's offset (a BOM stripped before parsing).
  void shift_offsets(std::size_t bytes) noexcept;

  // First child called `name`, no_node if none.
  [[nodiscard]] NodeId child(NodeId parent, std::string_view name) const;
  // All children called `name`, in order (their position is the FHIRPath index).
  [[nodiscard]] std::vector<NodeId> children(NodeId parent, std::string_view name) const;
  // The same, as a range to iterate once (no allocation).
  [[nodiscard]] NamedChildren named(NodeId parent, std::string_view name) const noexcept;
  // Next sibling of `from` called `name`, no_node if none.
  [[nodiscard]] NodeId next_named(NodeId from, std::string_view name) const noexcept;
  // Value of the first child called `name`, "" if absent.
  [[nodiscard]] std::string_view value(NodeId parent, std::string_view name) const;
  // Follows a dotted path of first children ("billablePeriod.start").
  [[nodiscard]] NodeId find(NodeId from, std::string_view dotted_path) const;

 private:
  std::vector<Node> nodes_;
};

inline NamedChildren::iterator& NamedChildren::iterator::operator++() noexcept {
  at_ = tree_->next_named(at_, name_);
  return *this;
}

}  // namespace dxs::fhir
