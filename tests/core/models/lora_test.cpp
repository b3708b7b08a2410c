// LoRA: errors a user meets (a LoRA for another model, unknown formats), and trainable adapters that export to
// every format and load back to the same result.
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/lora.h"
#include "tests/core/models/tiny_models.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

using namespace olis::models;
using olis::test::tensors_close;

struct Inputs {
  torch::Tensor sample = torch::randn({2, 4, 8, 8});
  torch::Tensor t = torch::tensor({10, 500});
  torch::Tensor ctx = torch::randn({2, 5, 12});
};

LoraTargetTree tree_of(UNet2DConditionModel& unet) { return {"unet", {"lora_unet"}, unet.get(), {}}; }

TEST(Lora, FileForAnotherModelIsAnErrorListingTheKeys) {
  auto unet = olis::test::tiny_unet();
  olis::io::TensorMap t;
  t["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight"] = torch::randn({2, 8});
  t["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight"] = torch::randn({8, 2});
  t["lora_unet_down_blocks_7_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight"] = torch::randn({2, 8});
  t["lora_unet_down_blocks_7_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight"] = torch::randn({8, 2});
  t["unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.lora.down.weight"] = torch::randn({2, 768});
  t["unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.lora.up.weight"] = torch::randn({8, 2});
  auto file = parse_lora(t, "other.safetensors");
  try {
    LoraNetwork::bind(file, {tree_of(unet)});
    FAIL() << "bind accepted a LoRA for another model";
  } catch (const olis::Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("other.safetensors"), std::string::npos) << m;
    EXPECT_NE(m.find("another model"), std::string::npos) << m;
    EXPECT_NE(m.find("lora_unet_down_blocks_7_attentions_0_transformer_blocks_0_attn1_to_q"), std::string::npos) << m;
    EXPECT_NE(m.find("attn2.to_k"), std::string::npos) << m;  // the shape mismatch (768 inputs vs 12)
    EXPECT_NE(m.find("[2, 768]"), std::string::npos) << m;
  }
}

TEST(Lora, UnknownAndIncompleteKeysAreErrors) {
  olis::io::TensorMap loha{{"lora_unet_x.hada_w1_a", torch::randn({2, 2})}};
  EXPECT_THROW(parse_lora(loha, "loha.safetensors"), olis::Error);
  olis::io::TensorMap half{{"unet.a.b.lora.down.weight", torch::randn({2, 4})}};
  try {
    parse_lora(half, "half.safetensors");
    FAIL();
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no up"), std::string::npos) << e.what();
  }
  olis::io::TensorMap none{{"something.weight", torch::randn({2})}};
  EXPECT_THROW(parse_lora(none, "model.safetensors"), olis::Error);
}

TEST(Lora, TrainableAdaptersStartNeutralLearnAndExportToEveryFormat) {
  torch::manual_seed(0);
  Inputs in;
  auto unet = olis::test::tiny_unet(3);
  torch::Tensor base;
  {
    olis::compat::InferenceGuard g;
    base = unet->forward(in.sample, in.t, in.ctx);
  }
  LoraTrainOptions o;
  o.rank = 4;
  o.alpha = 2;
  o.module_suffixes = {"to_q", "to_k", "to_v", "to_out.0", "ff.net.0.proj", "ff.net.2", "proj_in", "conv1"};
  auto lora = TrainableLora::inject({tree_of(unet)}, o);
  ASSERT_GT(lora->size(), 0u);
  auto out0 = unet->forward(in.sample, in.t, in.ctx);
  EXPECT_TRUE(tensors_close(out0, base, 1e-6, 0, "up = 0 leaves the model unchanged"));
  // Gradients reach every adapter's up matrix (down gets none while up is zero).
  out0.pow(2).mean().backward();
  int with_grad = 0;
  for (auto& p : lora->parameters())
    if (p.grad().defined() && p.grad().abs().sum().item<double>() > 0) ++with_grad;
  EXPECT_GE(with_grad, static_cast<int>(lora->size()));
  {
    torch::NoGradGuard ng;
    for (auto& p : lora->parameters()) p.add_(torch::randn_like(p) * 0.3);
  }
  torch::Tensor trained;
  {
    olis::compat::InferenceGuard g;
    trained = unet->forward(in.sample, in.t, in.ctx);
  }
  EXPECT_GT(olis::test::max_abs_diff(trained, base), 1e-3);
  auto dir = olis::test::temp_dir("lora_export");
  for (auto fmt : {LoraFormat::Diffusers, LoraFormat::Peft, LoraFormat::Kohya}) lora->save(dir / (to_string(fmt) + ".safetensors"), fmt);
  lora->detach_all();
  for (auto fmt : {LoraFormat::Diffusers, LoraFormat::Peft, LoraFormat::Kohya}) {
    SCOPED_TRACE(to_string(fmt));
    auto file = read_lora(dir / (to_string(fmt) + ".safetensors"));
    ASSERT_TRUE(file) << file.error().what();
    EXPECT_EQ(file->format, fmt);
    auto net = LoraNetwork::bind(*file, {tree_of(unet)});
    for (auto mode : {LoraMode::Runtime, LoraMode::Merged}) {
      net->apply(mode, 1.0);
      olis::compat::InferenceGuard g;
      EXPECT_TRUE(tensors_close(unet->forward(in.sample, in.t, in.ctx), trained, 1e-5, 1e-4, "reloaded"));
      net->remove();
    }
    olis::compat::InferenceGuard g;
    EXPECT_TRUE(tensors_close(unet->forward(in.sample, in.t, in.ctx), base, 1e-5, 1e-4, "removed"));
  }
}

TEST(Lora, AppliesToPlainTorchLayersMergedOnly) {
  torch::nn::Sequential seq(torch::nn::Linear(4, 3));
  olis::io::TensorMap t{{"text_encoder.0.lora.down.weight", torch::randn({2, 4})},
                        {"text_encoder.0.lora.up.weight", torch::randn({3, 2})}};
  auto file = parse_lora(t, "te.safetensors");
  auto net = LoraNetwork::bind(file, {{"text_encoder", {"lora_te"}, seq.ptr().get(), {}}});
  EXPECT_THROW(net->apply(LoraMode::Runtime), olis::Error);
  auto x = torch::randn({5, 4});
  auto before = seq->forward(x).detach();
  net->apply(LoraMode::Merged, 0.5);
  auto expected = before + 0.5 * torch::matmul(x, torch::matmul(t.at("text_encoder.0.lora.up.weight"),
                                                                t.at("text_encoder.0.lora.down.weight")).t());
  EXPECT_TRUE(tensors_close(seq->forward(x), expected, 1e-5, 1e-5, "merged into torch::nn::Linear"));
}

}  // namespace
