#include "adapters/fhir/tree.hpp"

#include <gtest/gtest.h>

namespace dxs::fhir {
namespace {

TEST(Tree, ChildrenKeepInsertionOrderAndNamesSelectRepeats) {
  Tree tree;
  const NodeId root = tree.add(no_node, {}, 0);
  const NodeId first = tree.add(root, "coding", 5);
  tree.add(root, "text", 9);
  const NodeId second = tree.add(root, "coding", 12);
  EXPECT_EQ(tree.root(), root);
  std::size_t children = 0;
  for (NodeId c = tree[root].first_child; c != no_node; c = tree[c].next_sibling) ++children;
  EXPECT_EQ(children, 3U);
  EXPECT_EQ(tree.child(root, "coding"), first);
  EXPECT_EQ(tree.children(root, "coding"), (std::vector<NodeId>{first, second}));
  EXPECT_EQ(tree.child(root, "missing"), no_node);
  EXPECT_TRUE(tree.children(no_node, "coding").empty());
  std::vector<NodeId> named;
  for (const NodeId c : tree.named(root, "coding")) named.push_back(c);
  EXPECT_EQ(named, (std::vector<NodeId>{first, second}));
  EXPECT_EQ(tree.named(root, "missing").begin(), tree.named(root, "missing").end());
  EXPECT_EQ(tree.named(no_node, "coding").begin(), tree.named(no_node, "coding").end());
  EXPECT_EQ(tree[second].offset, 12U);
}

TEST(Tree, ValueAndFindFollowFirstChildren) {
  Tree tree;
  const NodeId root = tree.add(no_node, {}, 0);
  const NodeId period = tree.add(root, "billablePeriod", 1);
  const NodeId start = tree.add(period, "start", 2);
  tree.at(start).value = "2026-01-02";
  EXPECT_EQ(tree.find(root, "billablePeriod.start"), start);
  EXPECT_EQ(tree.value(period, "start"), "2026-01-02");
  EXPECT_EQ(tree.value(period, "end"), "");
  EXPECT_EQ(tree.find(root, "billablePeriod.end"), no_node);
  EXPECT_EQ(tree.find(root, ""), root);
}

TEST(Tree, NodesStaySmallAndOffsetsShiftAndSaturate) {
  EXPECT_LE(sizeof(Node), 64U);  // Bundles of 20,000 claims hold millions of nodes
  Tree tree;
  const NodeId root = tree.add(no_node, {}, 0);
  const NodeId child = tree.add(root, "id", 40);
  const NodeId far = tree.add(root, "text", std::size_t{1} << 33);
  tree.shift_offsets(3);
  EXPECT_EQ(tree[root].offset, 3U);
  EXPECT_EQ(tree[child].offset, 43U);
  EXPECT_EQ(tree[far].offset, UINT32_MAX);
}

}  // namespace
}  // namespace dxs::fhir
