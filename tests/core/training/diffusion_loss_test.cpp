#include "core/training/diffusion_loss.h"

#include <gtest/gtest.h>

#include "core/training/step_rng.h"
#include "core/util/error.h"

using namespace olis::training;

namespace {
NoiseSchedule sd_schedule(olis::io::PredictionType p = olis::io::PredictionType::Epsilon) {
  NoiseScheduleConfig c;
  c.prediction = p;
  return NoiseSchedule(c);
}
}  // namespace

TEST(PriorPreservationLoss, InstancePlusWeightedPrior) {
  auto schedule = sd_schedule();
  auto x0 = torch::zeros({2, 4, 2, 2});
  auto noise = torch::zeros({2, 4, 2, 2});
  auto pred = torch::zeros({2, 4, 2, 2});
  pred[0].fill_(1.0);  // instance error 1 everywhere
  pred[1].fill_(2.0);  // prior error 2 everywhere -> mse 4
  auto t = torch::tensor({10, 500}, torch::kInt64);
  LossOptions o;
  o.prior_loss_weight = 0.5;
  auto terms = prior_preservation_loss(pred, x0, noise, t, schedule, o, 1);
  EXPECT_DOUBLE_EQ(terms.instance.item<double>(), 1.0);
  EXPECT_DOUBLE_EQ(terms.prior.item<double>(), 4.0);
  EXPECT_DOUBLE_EQ(terms.total.item<double>(), 3.0);
  auto only = prior_preservation_loss(pred, x0, noise, t, schedule, o, 0);
  EXPECT_DOUBLE_EQ(only.total.item<double>(), 2.5);  // mean over both rows, no prior term
  EXPECT_THROW(prior_preservation_loss(pred, x0, noise, t, schedule, o, 2), olis::Error);
}

TEST(PriorPreservationLoss, VPredictionTargetsVelocity) {
  auto schedule = sd_schedule(olis::io::PredictionType::VPrediction);
  torch::manual_seed(0);
  auto x0 = torch::randn({2, 4, 3, 3});
  auto noise = torch::randn({2, 4, 3, 3});
  auto t = torch::tensor({100, 900}, torch::kInt64);
  auto v = schedule.velocity(x0, noise, t);
  auto perfect = prior_preservation_loss(v, x0, noise, t, schedule, {}, 1);
  EXPECT_LT(perfect.total.item<double>(), 1e-12);
  auto eps = prior_preservation_loss(noise, x0, noise, t, schedule, {}, 1);
  EXPECT_GT(eps.total.item<double>(), 1e-3);  // predicting noise is wrong for a v model
}

TEST(PriorPreservationLoss, MinSnrDownweightsLowNoiseSteps) {
  auto schedule = sd_schedule();
  auto x0 = torch::zeros({2, 1, 1, 1});
  auto noise = torch::zeros({2, 1, 1, 1});
  auto pred = torch::ones({2, 1, 1, 1});
  auto t = torch::tensor({1, 999}, torch::kInt64);  // snr huge at t=1, tiny at t=999
  LossOptions o;
  o.min_snr_gamma = 5.0;
  auto terms = prior_preservation_loss(pred, x0, noise, t, schedule, o, 1);
  const double snr1 = schedule.snr(torch::tensor({1}, torch::kInt64)).item<double>();
  EXPECT_NEAR(terms.instance.item<double>(), 5.0 / snr1, 1e-6);
  EXPECT_NEAR(terms.prior.item<double>(), 1.0, 1e-6);  // snr < gamma: weight 1
}

TEST(StepNoise, DeterministicPerStreamAndOffsetIsPerChannel) {
  auto g1 = step_generator(7, 3, RngStream::Noise);
  auto g2 = step_generator(7, 3, RngStream::Noise);
  auto g3 = step_generator(7, 4, RngStream::Noise);
  auto a = draw_step_noise({2, 4, 8, 8}, 1000, 0.0, g1);
  auto b = draw_step_noise({2, 4, 8, 8}, 1000, 0.0, g2);
  auto c = draw_step_noise({2, 4, 8, 8}, 1000, 0.0, g3);
  EXPECT_TRUE(torch::equal(a.noise, b.noise));
  EXPECT_TRUE(torch::equal(a.timesteps, b.timesteps));
  EXPECT_FALSE(torch::equal(a.noise, c.noise));
  EXPECT_TRUE((a.timesteps >= 0).all().item<bool>() && (a.timesteps < 1000).all().item<bool>());
  auto g4 = step_generator(7, 3, RngStream::Noise);
  auto off = draw_step_noise({2, 4, 8, 8}, 1000, 0.5, g4);
  // The offset shifts each (example, channel) plane by one constant: the plane means differ by more
  // than plain noise would.
  auto shift = (off.noise - a.noise);
  EXPECT_LT((shift - shift.mean({2, 3}, true)).abs().max().item<double>(), 1e-5);
  EXPECT_GT(shift.abs().max().item<double>(), 1e-3);
}
