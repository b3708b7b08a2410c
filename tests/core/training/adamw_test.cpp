#include "core/training/adamw.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

using namespace olis::training;

namespace {

std::vector<torch::Tensor> make_params(int64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({5, 3}).requires_grad_(true), torch::randn({7}).requires_grad_(true)};
}

void fake_backward(const std::vector<torch::Tensor>& params, int step) {
  // A loss whose gradient differs per step and per element.
  torch::Tensor loss = torch::zeros({});
  for (const auto& p : params) loss = loss + (p * p * (1.0 + 0.1 * step)).sum() + p.sin().sum();
  loss.backward();
}

std::vector<NamedParameter> named(const std::vector<torch::Tensor>& params) {
  std::vector<NamedParameter> out;
  for (std::size_t i = 0; i < params.size(); ++i) out.push_back({"p" + std::to_string(i), params[i]});
  return out;
}

}  // namespace

TEST(AdamW, MatchesLibtorchAdamWBitForBit) {
  // libtorch's AdamW and Python's torch.optim.AdamW share the operation order; ours must too, so that
  // training matches train_dreambooth.py.
  auto ours = make_params(1);
  auto ref = make_params(1);
  AdamWParams o{3e-2, 0.9, 0.999, 1e-8, 1e-2};
  AdamW opt(named(ours), o);
  torch::optim::AdamW ref_opt(ref, torch::optim::AdamWOptions(o.lr).betas({o.beta1, o.beta2}).eps(o.eps).weight_decay(o.weight_decay));
  for (int s = 0; s < 6; ++s) {
    fake_backward(ours, s);
    fake_backward(ref, s);
    opt.step(o.lr);
    ref_opt.step();
    opt.zero_grad();
    ref_opt.zero_grad();
  }
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_TRUE(torch::equal(ours[i], ref[i])) << "parameter " << i;
}

TEST(AdamW, DecoupledWeightDecayWithoutGradientSignal) {
  // A zero gradient leaves only the decay: p *= 1 - lr*wd (the Adam term is 0 / (0 + eps) = 0).
  auto p = torch::ones({4}).requires_grad_(true);
  AdamW opt({{"w", p}}, {0.1, 0.9, 0.999, 1e-8, 0.5});
  p.mutable_grad() = torch::zeros({4});
  opt.step(0.1);
  EXPECT_TRUE(torch::allclose(p.detach(), torch::full({4}, 0.95f)));
}

TEST(AdamW, StateRoundTripContinuesExactly) {
  auto straight = make_params(2);
  auto resumed = make_params(2);
  AdamWParams o{1e-2, 0.9, 0.99, 1e-8, 1e-2};
  AdamW a(named(straight), o);
  for (int s = 0; s < 5; ++s) { fake_backward(straight, s); a.step(o.lr); a.zero_grad(); }

  olis::io::TensorMap state;
  {
    AdamW b(named(resumed), o);
    for (int s = 0; s < 3; ++s) { fake_backward(resumed, s); b.step(o.lr); b.zero_grad(); }
    for (auto& [k, v] : b.state_dict()) state[k] = v.clone();
  }
  AdamW c(named(resumed), o);
  c.load_state_dict(state);
  for (int s = 3; s < 5; ++s) { fake_backward(resumed, s); c.step(o.lr); c.zero_grad(); }
  for (std::size_t i = 0; i < straight.size(); ++i) EXPECT_TRUE(torch::equal(straight[i], resumed[i]));
}

TEST(AdamW, LoadRejectsMissingOrMisshapenState) {
  auto p = make_params(3);
  AdamW opt(named(p), {});
  EXPECT_THROW(opt.load_state_dict({}), olis::Error);
  olis::io::TensorMap bad{{"p0.step", torch::tensor(1, torch::kInt64)}, {"p0.exp_avg", torch::zeros({2})},
                          {"p0.exp_avg_sq", torch::zeros({2})}, {"p1.step", torch::tensor(0, torch::kInt64)}};
  try {
    opt.load_state_dict(bad);
    FAIL() << "expected a shape error";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("p0"), std::string::npos) << e.what();
  }
}

TEST(AdamW, LowPrecisionParametersKeepFp32Master) {
  // An update of 1e-4 on 1.0 is below bf16's resolution (2^-7): without a master copy it would be lost.
  auto p = torch::ones({3}, torch::kBFloat16).requires_grad_(true);
  AdamW opt({{"w", p}}, {1e-4, 0.9, 0.999, 1e-8, 0.0});
  for (int s = 0; s < 200; ++s) {
    p.mutable_grad() = torch::ones({3}, torch::kBFloat16);
    opt.step(1e-4);
  }
  auto master = opt.state_dict().at("w.master");
  EXPECT_NEAR(master[0].item<double>(), 1.0 - 200 * 1e-4, 1e-5);
  EXPECT_NEAR(p[0].item<double>(), 0.98, 0.005);  // the parameter follows the master, rounded
}

TEST(ClipGradNorm, ReturnsPreClipNormAndScalesToMaxNorm) {
  auto a = torch::zeros({2}).requires_grad_(true);
  auto b = torch::zeros({1}).requires_grad_(true);
  a.mutable_grad() = torch::tensor({3.0f, 0.0f});
  b.mutable_grad() = torch::tensor({4.0f});
  std::vector<NamedParameter> ps{{"a", a}, {"b", b}};
  EXPECT_NEAR(clip_grad_norm(ps, 1.0), 5.0, 1e-6);
  EXPECT_NEAR(a.grad()[0].item<double>(), 3.0 / (5.0 + 1e-6), 1e-6);
  EXPECT_NEAR(b.grad()[0].item<double>(), 4.0 / (5.0 + 1e-6), 1e-6);
  // Below the limit: unchanged.
  EXPECT_NEAR(clip_grad_norm(ps, 10.0), 1.0, 1e-5);
  EXPECT_NEAR(b.grad()[0].item<double>(), 0.8, 1e-5);
}
