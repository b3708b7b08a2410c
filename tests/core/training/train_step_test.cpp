// The model-independent training step on a toy denoiser: it learns, it is reproducible, and a run
// resumed from a checkpoint equals an uninterrupted one bit for bit.
#include "core/training/train_step.h"

#include <gtest/gtest.h>

#include <limits>

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
  LossScaler scaler(true, 1e39);  // overflows float32 gradients like 65536 overflows fp16 ones
  auto before = toy.conv->weight.detach().clone();
  StepOptions o;
  auto r = train_step(toy.denoiser(), inputs_for(0, 3), schedule, o, opt, &scaler);
  EXPECT_TRUE(r.skipped);
  EXPECT_TRUE(torch::equal(before, toy.conv->weight.detach()));
  EXPECT_DOUBLE_EQ(scaler.scale(), 5e38);
  EXPECT_EQ(scaler.good_steps(), 0);
  EXPECT_EQ(opt.state_dict().at("conv.weight.step").item<int64_t>(), 0) << "a skipped step does not count";
  scaler.set_state(1024, 0);
  r = train_step(toy.denoiser(), inputs_for(1, 3), schedule, o, opt, &scaler);
  EXPECT_FALSE(r.skipped);
  EXPECT_FALSE(torch::equal(before, toy.conv->weight.detach()));
  EXPECT_EQ(scaler.good_steps(), 1);
  EXPECT_EQ(opt.state_dict().at("conv.weight.step").item<int64_t>(), 1);
}

TEST(TrainStep, ScaleGrowsAfterGoodSteps) {
  Toy toy;
  NoiseSchedule schedule(NoiseScheduleConfig{});
  AdamW opt(toy.params(), {});
  LossScaler scaler(true, 256, /*growth_interval=*/2);
  StepOptions o;
  train_step(toy.denoiser(), inputs_for(0, 4), schedule, o, opt, &scaler);
  EXPECT_DOUBLE_EQ(scaler.scale(), 256);
  train_step(toy.denoiser(), inputs_for(1, 4), schedule, o, opt, &scaler);
  EXPECT_DOUBLE_EQ(scaler.scale(), 512);
  EXPECT_EQ(scaler.good_steps(), 0);
}

TEST(TrainStep, NonFiniteLossSkipsTheUpdateWithoutAScaler) {
  // bf16/fp32 runs: a diverged step (NaN) changes neither the weights nor the optimizer's moments.
  Toy toy;
  NoiseSchedule schedule(NoiseScheduleConfig{});
  AdamW opt(toy.params(), {});
  StepOptions o;
  train_step(toy.denoiser(), inputs_for(0, 5), schedule, o, opt);
  const auto state = opt.state_dict();
  std::vector<torch::Tensor> before;
  for (const auto& p : toy.params()) before.push_back(p.tensor.detach().clone());
  auto nan_denoiser = [&](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) {
    return toy.denoiser()(x, t, c) * std::numeric_limits<float>::quiet_NaN();
  };
  auto r = train_step(nan_denoiser, inputs_for(1, 5), schedule, o, opt);
  EXPECT_TRUE(r.skipped);
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(before[i], toy.params()[i].tensor)) << i;
  for (const auto& [k, v] : opt.state_dict())
    if (k.find(".exp_avg") != std::string::npos) EXPECT_TRUE(torch::equal(v, state.at(k))) << k;
}

TEST(TrainStep, AsyncStepsReadBackInOneGo) {
  Toy a, b;
  NoiseSchedule schedule(NoiseScheduleConfig{});
  AdamW opt_a(a.params(), {}), opt_b(b.params(), {});
  StepOptions o;
  std::vector<StepTensors> pending;
  std::vector<StepResult> direct;
  for (int s = 0; s < 3; ++s) {
    pending.push_back(train_step_async(a.denoiser(), inputs_for(s, 6), schedule, o, opt_a));
    direct.push_back(train_step(b.denoiser(), inputs_for(s, 6), schedule, o, opt_b));
  }
  auto read = read_steps(pending);
  ASSERT_EQ(read.size(), 3u);
  for (int s = 0; s < 3; ++s) {
    EXPECT_DOUBLE_EQ(read[s].loss, direct[s].loss);
    EXPECT_DOUBLE_EQ(read[s].grad_norm, direct[s].grad_norm);
    EXPECT_EQ(read[s].skipped, direct[s].skipped);
  }
}

TEST(TrainStep, Fp16SmallGradientsSurviveUnscaling) {
  // An fp16 weight whose true gradients are ~1e-9: scaled by 65536 they are normal fp16 numbers, but
  // unscaled in fp16 they flush to zero (fp16's smallest subnormal is 6e-8) and the update is lost.
  // Unscaled and measured in float32 they reach the fp32 master weights.
  auto w = torch::ones({4, 1, 1}, torch::kHalf).requires_grad_(true);
  AdamW opt({{"w", w}}, {1e-3, 0.9, 0.999, 1e-10, 0.0});
  LossScaler scaler(true, 65536);
  NoiseSchedule schedule(NoiseScheduleConfig{});
  StepOptions o;
  o.lr = 1e-3;
  o.max_grad_norm = 0;
  Denoiser tiny_effect = [&](const torch::Tensor& x, const torch::Tensor&, const Conditioning&) {
    return (x.to(torch::kHalf) * w).to(torch::kFloat32) * 1e-8;  // d loss / d w ~ 1e-9
  };
  auto in = inputs_for(0, 7);
  auto r = train_step(tiny_effect, in, schedule, o, opt, &scaler);
  EXPECT_FALSE(r.skipped);
  EXPECT_GT(r.grad_norm, 1e-9);
  EXPECT_LT(r.grad_norm, 1e-6);
  const auto master = opt.state_dict().at("w.master");
  // Adam moves each weight by about lr (|g| >> eps): the update is there, not rounded or flushed away.
  EXPECT_GT((master - 1.0).abs().min().item<double>(), 0.5e-3);
}
