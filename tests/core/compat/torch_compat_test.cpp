// The libtorch version seams of core/compat that a CPU build can check.
#include "core/compat/torch_compat.h"

#include <gtest/gtest.h>

namespace olis::compat {
namespace {

struct CountingNode : torch::autograd::Node {
  static inline int alive = 0;
  CountingNode() { ++alive; }
  ~CountingNode() override { --alive; }
  torch::autograd::variable_list apply(torch::autograd::variable_list&& grads) override { return std::move(grads); }
};

// Stands in for a PyTorch 2.14 Node, which derives from c10::intrusive_ptr_target.
struct IntrusiveNode : c10::intrusive_ptr_target {
  int value = 7;
};

TEST(TorchCompat, MakeNodePicksTheOwnerOfThisLibtorch) {
  {
    auto node = make_node<CountingNode>();
    EXPECT_EQ(CountingNode::alive, 1);
    using Ptr = decltype(node);
    static_assert(kNodeIsIntrusive<torch::autograd::Node> ? std::is_same_v<Ptr, c10::intrusive_ptr<CountingNode>>
                                                           : std::is_same_v<Ptr, std::shared_ptr<CountingNode>>);
    EXPECT_EQ(node.use_count(), 1);
    // The node becomes the grad_fn of a tensor and runs in backward.
    auto x = torch::ones({2}, torch::requires_grad());
    node->set_next_edges(torch::autograd::collect_next_edges(x));
    auto y = torch::ones({2});
    torch::autograd::create_gradient_edge(y, node);
    y.sum().backward();
    EXPECT_TRUE(x.grad().equal(torch::ones({2})));
  }
  EXPECT_EQ(CountingNode::alive, 0);  // freed with the graph
}

TEST(TorchCompat, MakeNodeMakesIntrusiveObjectsForTheNextLibtorch) {
  auto p = make_node<IntrusiveNode>();
  static_assert(std::is_same_v<decltype(p), c10::intrusive_ptr<IntrusiveNode>>);
  EXPECT_EQ(p->value, 7);
  EXPECT_EQ(p.use_count(), 1u);
}

TEST(TorchCompat, VersionString) {
  EXPECT_EQ(torch_version(), std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                                 std::to_string(TORCH_VERSION_PATCH));
  EXPECT_EQ(has_fused_sdpa(), TORCH_VERSION_MAJOR >= 2);
}

}  // namespace
}  // namespace olis::compat
