#include "core/training/grad_checkpoint.h"

#include <gtest/gtest.h>

using namespace olis::training;

namespace {

struct Block {
  torch::nn::Linear l1{nullptr}, l2{nullptr};
  double dropout = 0.0;
  explicit Block(int64_t seed, double p = 0.0) : dropout(p) {
    torch::manual_seed(seed);
    l1 = torch::nn::Linear(6, 8);
    l2 = torch::nn::Linear(8, 6);
  }
  torch::Tensor operator()(const torch::Tensor& x) {
    auto h = torch::gelu(l1->forward(x));
    if (dropout > 0) h = torch::dropout(h, dropout, true);
    return x + l2->forward(h);
  }
  std::vector<torch::Tensor> grads() const {
    return {l1->weight.grad().clone(), l1->bias.grad().clone(), l2->weight.grad().clone(), l2->bias.grad().clone()};
  }
};

void expect_same(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-6, 1e-7)) << "grad " << i;
}

}  // namespace

TEST(GradCheckpoint, SameGradientsAsPlainBackward) {
  Block plain(1), ckpt(1);
  auto x = torch::randn({3, 6}).requires_grad_(true);
  auto x2 = x.detach().clone().requires_grad_(true);
  (plain(plain(x)).pow(2)).sum().backward();
  auto y = checkpointed([&](const torch::Tensor& t) { return ckpt(t); }, x2);
  (ckpt(y).pow(2)).sum().backward();  // a checkpointed block followed by a plain one
  expect_same(plain.grads(), ckpt.grads());
  EXPECT_TRUE(torch::allclose(x.grad(), x2.grad(), 1e-6, 1e-7));
}

TEST(GradCheckpoint, ParametersGetGradientsWhenInputIsFrozen) {
  // LoRA: the block's input comes from frozen layers and does not require grad.
  Block plain(2), ckpt(2);
  auto x = torch::randn({2, 6});
  (plain(x).pow(2)).sum().backward();
  auto y = checkpointed([&](const torch::Tensor& t) { return ckpt(t); }, x);
  ASSERT_TRUE(y.requires_grad());
  y.pow(2).sum().backward();
  expect_same(plain.grads(), ckpt.grads());
}

TEST(GradCheckpoint, RecomputationReplaysDropoutMask) {
  Block plain(3, 0.5), ckpt(3, 0.5);
  auto x = torch::randn({4, 6});
  torch::manual_seed(99);
  plain(x).pow(2).sum().backward();
  torch::manual_seed(99);
  auto y = checkpointed([&](const torch::Tensor& t) { return ckpt(t); }, x);
  torch::randn({10});  // the generator moves on before backward
  y.pow(2).sum().backward();
  expect_same(plain.grads(), ckpt.grads());
}

TEST(GradCheckpoint, MultipleOutputsAndUnusedOutput) {
  Block plain(4), ckpt(4);
  auto x = torch::randn({2, 6}).requires_grad_(true);
  auto x2 = x.detach().clone().requires_grad_(true);
  auto fn = [](Block& b, const torch::Tensor& t) {
    auto h = b(t);
    return std::vector<torch::Tensor>{h, h * 2, torch::argmax(h, 1)};
  };
  auto p = fn(plain, x);
  p[0].sum().backward();  // the second output is not used
  auto c = checkpointed([&](const std::vector<torch::Tensor>& in) { return fn(ckpt, in[0]); }, {x2});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_FALSE(c[2].requires_grad());
  c[0].sum().backward();
  expect_same(plain.grads(), ckpt.grads());
  EXPECT_TRUE(torch::allclose(x.grad(), x2.grad()));
}

TEST(GradCheckpoint, NoGraphOutsideGradMode) {
  Block b(5);
  torch::NoGradGuard no_grad;
  auto y = checkpointed([&](const torch::Tensor& t) { return b(t); }, torch::randn({1, 6}));
  EXPECT_FALSE(y.requires_grad());
}
