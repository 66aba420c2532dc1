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
  EXPECT_EQ(tree[root].children, 3U);
  EXPECT_EQ(tree.child(root, "coding"), first);
  EXPECT_EQ(tree.children(root, "coding"), (std::vector<NodeId>{first, second}));
  EXPECT_EQ(tree.child(root, "missing"), no_node);
  EXPECT_TRUE(tree.children(no_node, "coding").empty());
  EXPECT_EQ(tree[second].offset, 12U);
}

TEST(Tree, ValueAndFindFollowFirstChildren) {
  Tree tree;
  const NodeId root = tree.add(no_node, {}, 0);
  const NodeId period = tree.add(root, "billablePeriod", 1);
  const NodeId start = tree.add(period, "start", 2);
  tree.at(start).value = "2026-01-02";
  tree.at(start).has_value = true;
  EXPECT_EQ(tree.find(root, "billablePeriod.start"), start);
  EXPECT_EQ(tree.value(period, "start"), "2026-01-02");
  EXPECT_EQ(tree.value(period, "end"), "");
  EXPECT_EQ(tree.find(root, "billablePeriod.end"), no_node);
  EXPECT_EQ(tree.find(root, ""), root);
}

}  // namespace
}  // namespace dxs::fhir
