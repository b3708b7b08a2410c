#include "core/training/text_lora.h"

#include <gtest/gtest.h>

#include "core/models/layers.h"

using namespace olis::training;

namespace {
struct TinyEncoderImpl : torch::nn::Module {
  olis::models::Linear q_proj{nullptr}, fc1{nullptr}, other{nullptr};
  explicit TinyEncoderImpl(torch::ScalarType dtype = torch::kFloat32) {
    torch::manual_seed(1);
    auto make = [&](int64_t in, int64_t out) {
      olis::models::Linear l(in, out, true, torch::TensorOptions().dtype(dtype));
      torch::NoGradGuard g;
      l->weight.copy_(torch::randn({out, in}) * 0.5);
      l->bias.copy_(torch::randn({out}) * 0.1);
      return l;
    };
    q_proj = register_module("q_proj", make(4, 4));
    fc1 = register_module("fc1", make(4, 6));
    other = register_module("other", make(6, 2));
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
  EXPECT_TRUE(torch::allclose(enc->forward(x), before));  // up = 0
  enc->forward(x).pow(2).sum().backward();
  for (const auto& p : lora.parameters()) ASSERT_TRUE(p.tensor.grad().defined()) << p.name;
  EXPECT_GT(lora.parameters()[1].tensor.grad().abs().sum().item<double>(), 0);  // up gets a gradient first
  // The layer computes W x + b + alpha/rank * up(down(x)); the frozen weight itself is never rewritten.
  {
    torch::NoGradGuard g;
    lora.items()[0].up.fill_(0.1);
  }
  const auto& it = lora.items()[0];
  auto expected = torch::nn::functional::linear(x, it.base + 2.0 * torch::mm(it.up, it.down), enc->q_proj->bias);
  EXPECT_TRUE(torch::allclose(enc->q_proj->forward(x), expected, 1e-5, 1e-6));
  EXPECT_TRUE(enc->q_proj->weight.is_same(it.base));
}

TEST(TextLora, DestructorDetachesAdapters) {
  TinyEncoder enc;
  auto x = torch::randn({2, 4});
  auto before = enc->forward(x).detach();
  {
    TextLora lora(*enc, "te", {});
    EXPECT_EQ(enc->q_proj->lora_adapters().size(), 1u);
    torch::NoGradGuard g;
    for (const auto& p : lora.parameters()) p.tensor.fill_(0.3);
    EXPECT_FALSE(torch::allclose(enc->forward(x), before));
  }
  EXPECT_TRUE(enc->q_proj->lora_adapters().empty());
  EXPECT_TRUE(torch::equal(enc->forward(x), before));
}

TEST(TextLora, Bf16EncoderKeepsASmallUpdateThatMergedWeightsWouldRoundAway) {
  // A bf16 layer whose weights are 1.0 and an input whose base output is exactly 0: an adapter update of
  // 1e-4 per weight is below bf16's resolution at 1.0 (2^-8), so W + delta rounds back to W and the update
  // would vanish; as a float32 branch it reaches the output.
  TinyEncoder enc(torch::kBFloat16);
  {
    torch::NoGradGuard g;
    enc->q_proj->weight.fill_(1.0);
    enc->q_proj->bias.zero_();
  }
  TextLoraOptions o;
  o.rank = 1;
  o.alpha = 1;
  o.module_suffixes = {"q_proj"};
  TextLora lora(*enc, "text_encoder", o);
  ASSERT_EQ(lora.items().size(), 1u);
  EXPECT_EQ(lora.items()[0].up.scalar_type(), torch::kFloat32);
  EXPECT_EQ(lora.items()[0].down.scalar_type(), torch::kFloat32);
  {
    torch::NoGradGuard g;
    auto down = lora.items()[0].down;  // shares the adapter's storage
    down.zero_();
    down.index_put_({0, 0}, 1e-2);
    lora.items()[0].up.fill_(1e-2);  // delta W[:, 0] = 1e-4
  }
  auto x = torch::tensor({{1.0f, -1.0f, 1.0f, -1.0f}}).to(torch::kBFloat16);
  auto y = enc->q_proj->forward(x);
  EXPECT_EQ(y.scalar_type(), torch::kBFloat16);
  for (int64_t j = 0; j < 4; ++j) EXPECT_NEAR(y[0][j].item<double>(), 1e-4, 1e-6) << "output " << j;
}

TEST(TextLora, RefusesPlainTorchLinearLayers) {
  struct PlainImpl : torch::nn::Module {
    torch::nn::Linear q_proj{nullptr};
    PlainImpl() { q_proj = register_module("q_proj", torch::nn::Linear(4, 4)); }
  };
  PlainImpl plain;
  EXPECT_THROW(TextLora(plain, "te", {}), olis::Error);
}
