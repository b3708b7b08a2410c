// The model-independent training step on a toy denoiser: it learns, it is reproducible, and a run
// resumed from a checkpoint equals an uninterrupted one bit for bit.
#include "core/training/train_step.h"

#include <gtest/gtest.h>

#include "core/training/checkpoint.h"
#include "core/training/step_rng.h"
#include "tests/support/fixtures.h"

using namespace olis::training;

namespace {

struct Toy {
  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear cond{nullptr};
  Toy() {
    torch::manual_seed(11);
    conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(4, 4, 3).padding(1));
    cond = torch::nn::Linear(8, 4);
  }
  std::vector<NamedParameter> params() {
    return {{"conv.weight", conv->weight}, {"conv.bias", conv->bias}, {"cond.weight", cond->weight}, {"cond.bias", cond->bias}};
  }
  Denoiser denoiser() {
    return [this](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) {
      auto bias = cond->forward(c.encoder_hidden_states.mean(1));  // [B, 4]
      return conv->forward(x) + bias.unsqueeze(-1).unsqueeze(-1) + 1e-4 * t.to(torch::kFloat32).view({-1, 1, 1, 1});
    };
  }
};

StepInputs inputs_for(int64_t step, uint64_t seed) {
  StepInputs in;
  auto data = step_generator(seed, 0, RngStream::InstanceCrop);  // fixed "dataset"
  in.latents = torch::randn({2, 4, 6, 6}, data);
  in.cond.encoder_hidden_states = torch::randn({2, 5, 8}, data);
  auto g = step_generator(seed, static_cast<uint64_t>(step), RngStream::Noise);
  auto n = draw_step_noise(in.latents.sizes(), 1000, 0.0, g);
  in.noise = n.noise;
  in.timesteps = n.timesteps;
  in.prior_rows = 1;
  return in;
}

}  // namespace

TEST(TrainStep, LossDecreases) {
  Toy toy;
  NoiseSchedule schedule(NoiseScheduleConfig{});
  AdamW opt(toy.params(), {1e-2, 0.9, 0.999, 1e-8, 1e-2});
  StepOptions o;
  o.lr = 1e-2;
  double first = 0, last = 0;
  SmoothedLoss smooth;
  for (int s = 0; s < 60; ++s) {
    auto in = inputs_for(s % 4, 1);  // the same 4 noises over and over: the toy can fit them
    auto r = train_step(toy.denoiser(), in, schedule, o, opt);
    EXPECT_GT(r.grad_norm, 0);
    EXPECT_FALSE(r.skipped);
    EXPECT_NEAR(r.loss, r.instance_loss + r.prior_loss, 1e-5);
    smooth.add(r.loss);
    if (s < 4) first += r.loss;
    if (s >= 56) last += r.loss;
  }
  EXPECT_LT(last, first * 0.8);
  EXPECT_GT(smooth.value(), 0);
}

TEST(TrainStep, ResumeFromCheckpointIsBitExact) {
  NoiseSchedule schedule(NoiseScheduleConfig{});
  StepOptions o;
  o.lr = 5e-3;
  Toy straight;
  AdamW opt_a(straight.params(), {});
  for (int s = 0; s < 6; ++s) train_step(straight.denoiser(), inputs_for(s, 2), schedule, o, opt_a);

  auto dir = olis::test::temp_dir("train_step_resume");
  {
    Toy first_half;
    AdamW opt_b(first_half.params(), {});
    for (int s = 0; s < 3; ++s) train_step(first_half.denoiser(), inputs_for(s, 2), schedule, o, opt_b);
    TrainingCheckpoint c;
    c.step = 3;
    for (auto& p : first_half.params()) c.weights[p.name] = p.tensor;
    c.optimizer = opt_b.state_dict();
    c.order = make_data_order(1, 1, 6, 2);
    save_checkpoint(dir, c, 2);
  }
  Toy resumed;  // fresh weights: everything must come from the checkpoint
  auto c = load_latest_checkpoint(dir);
  ASSERT_TRUE(c.has_value());
  {
    torch::NoGradGuard g;
    for (auto& p : resumed.params()) p.tensor.copy_(c->weights.at(p.name));
  }
  AdamW opt_c(resumed.params(), {});
  opt_c.load_state_dict(c->optimizer);
  for (int64_t s = c->step; s < 6; ++s) train_step(resumed.denoiser(), inputs_for(s, 2), schedule, o, opt_c);
  auto a = straight.params(), b = resumed.params();
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i].tensor, b[i].tensor)) << a[i].name;
}

TEST(TrainStep, Fp16OverflowSkipsStepAndHalvesScale) {
  Toy toy;
  NoiseSchedule schedule(NoiseScheduleConfig{});
  AdamW opt(toy.params(), {});
  LossScaler scaler;
  scaler.enabled = true;
  scaler.scale = 1e39;  // overflows float32 gradients like 65536 overflows fp16 ones
  auto before = toy.conv->weight.detach().clone();
  StepOptions o;
  auto r = train_step(toy.denoiser(), inputs_for(0, 3), schedule, o, opt, &scaler);
  EXPECT_TRUE(r.skipped);
  EXPECT_TRUE(torch::equal(before, toy.conv->weight.detach()));
  EXPECT_DOUBLE_EQ(scaler.scale, 5e38);
  scaler.scale = 1024;
  r = train_step(toy.denoiser(), inputs_for(1, 3), schedule, o, opt, &scaler);
  EXPECT_FALSE(r.skipped);
  EXPECT_FALSE(torch::equal(before, toy.conv->weight.detach()));
}
