// The paper's SD setting: a full fine-tune trains the entire model, the UNet and the text encoder.
#include <gtest/gtest.h>

#include "core/training/sd_trainable_model.h"
#include "core/training/train_step.h"
#include "tests/support/fixtures.h"

using namespace olis::training;
namespace fs = std::filesystem;

TEST(SdFullFineTune, TrainsTheTextEncoderByDefault) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sd2_tiny", "model_index.json");
  SdTrainOptions o;
  o.mode = TrainMode::Full;
  o.vocab_dir = olis::test::fixtures_root() / "clip_tokenizer";
  auto model = SdTrainableModel::load(dirs.front(), o);
  auto params = model->trainable_parameters();
  std::size_t text = 0, unet = 0;
  for (const auto& p : params) {
    text += p.name.rfind("text_encoder.", 0) == 0;
    unet += p.name.rfind("unet.", 0) == 0;
  }
  EXPECT_GT(unet, 0u);
  EXPECT_GT(text, 0u) << "full mode left the text encoder frozen";

  // One step moves the text encoder's weights.
  torch::manual_seed(0);
  auto& tok = model->text_stack().towers.at(0).encoder->embeddings()->token_embedding->weight;
  const auto before = tok.detach().clone();
  StepInputs in;
  in.latents = model->encode_images(torch::rand({1, 3, 64, 64}) * 2 - 1);
  in.cond = model->encode_prompts({"a olis backpack on a rock"}, torch::Tensor());
  in.noise = torch::randn_like(in.latents);
  in.timesteps = torch::tensor({500}, torch::kInt64);
  AdamWParams adam;
  adam.lr = 1e-2;
  adam.weight_decay = 0;
  AdamW optimizer(params, adam);
  NoiseSchedule schedule(model->noise_schedule());
  auto denoise = [&](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) { return model->denoise(x, t, c); };
  StepOptions step;
  step.lr = 1e-2;
  train_step(denoise, in, schedule, step, optimizer);
  EXPECT_FALSE(torch::equal(before, tok.detach())) << "the text encoder did not change";

  o.train_text_encoder = false;
  auto frozen = SdTrainableModel::load(dirs.front(), o);
  for (const auto& p : frozen->trainable_parameters()) EXPECT_EQ(p.name.rfind("text_encoder.", 0), std::string::npos) << p.name;
}
