#include "core/training/text_lora.h"

#include <gtest/gtest.h>

using namespace olis::training;

namespace {
struct TinyEncoderImpl : torch::nn::Module {
  torch::nn::Linear q_proj{nullptr}, fc1{nullptr}, other{nullptr};
  TinyEncoderImpl() {
    torch::manual_seed(1);
    q_proj = register_module("q_proj", torch::nn::Linear(4, 4));
    fc1 = register_module("fc1", torch::nn::Linear(4, 6));
    other = register_module("other", torch::nn::Linear(6, 2));
  }
  torch::Tensor forward(const torch::Tensor& x) { return other->forward(torch::relu(fc1->forward(q_proj->forward(x)))); }
};
TORCH_MODULE(TinyEncoder);
}  // namespace

TEST(TextLora, StartsAtBaseModelAndTrainsOnlyAdapters) {
  TinyEncoder enc;
  for (auto& p : enc->parameters()) p.set_requires_grad(false);
  auto x = torch::randn({3, 4});
  auto before = enc->forward(x).detach();
  TextLoraOptions o;
  o.rank = 2;
  o.alpha = 4;
  TextLora lora(*enc, "text_encoder", o);
  ASSERT_EQ(lora.items().size(), 2u);  // q_proj and fc1, not "other"
  EXPECT_EQ(lora.parameters()[0].name, "text_encoder.q_proj.lora_down");
  lora.refresh();
  EXPECT_TRUE(torch::allclose(enc->forward(x), before));  // up = 0
  enc->forward(x).pow(2).sum().backward();
  for (const auto& p : lora.parameters()) ASSERT_TRUE(p.tensor.grad().defined()) << p.name;
  EXPECT_GT(lora.parameters()[1].tensor.grad().abs().sum().item<double>(), 0);  // up gets a gradient first
  // The effective weight is W + alpha/rank * up @ down.
  {
    torch::NoGradGuard g;
    lora.items()[0].up.fill_(0.1);
  }
  lora.refresh();
  auto expected = lora.items()[0].base + 2.0 * torch::mm(lora.items()[0].up, lora.items()[0].down);
  EXPECT_TRUE(torch::allclose(enc->q_proj->weight, expected));
}

TEST(TextLora, DestructorRestoresWeights) {
  TinyEncoder enc;
  auto original = enc->q_proj->weight;
  {
    TextLora lora(*enc, "te", {});
    lora.refresh();
    EXPECT_FALSE(enc->q_proj->weight.is_same(original));
  }
  EXPECT_TRUE(enc->q_proj->weight.is_same(original));
}
