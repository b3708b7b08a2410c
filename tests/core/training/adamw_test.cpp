#include "core/training/adamw.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <limits>

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

namespace {

// Parameters of both kinds: float32 (updated in place) and bf16 (through an fp32 master).
std::vector<torch::Tensor> mixed_params(int64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({5, 3}).requires_grad_(true), torch::randn({7}).to(torch::kBFloat16).requires_grad_(true),
          torch::randn({2, 2, 3}).requires_grad_(true)};
}

void mixed_backward(const std::vector<torch::Tensor>& params, int step) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    auto g = torch::sin(torch::arange(params[i].numel(), torch::kFloat32) * (0.3 + 0.1 * step) + static_cast<double>(i));
    params[i].mutable_grad() = g.reshape(params[i].sizes()).to(params[i].scalar_type());
  }
}

}  // namespace

TEST(AdamW, ForEachKernelEqualsThePerTensorLoop) {
  auto a = mixed_params(5), b = mixed_params(5);
  AdamWParams o{3e-2, 0.9, 0.99, 1e-8, 1e-2};
  o.kernel = AdamWKernel::PerTensor;
  AdamW ref(named(a), o);
  o.kernel = AdamWKernel::ForEach;
  AdamW fast(named(b), o);
  for (int s = 0; s < 5; ++s) {
    mixed_backward(a, s);
    mixed_backward(b, s);
    if (s % 2 == 0) {
      ref.step(o.lr);
      fast.step(o.lr);
    } else {  // the checked form (what the training step uses), with clipping
      ref.step(o.lr, check_gradients(ref.parameters(), {}, 0.5));
      fast.step(o.lr, check_gradients(fast.parameters(), {}, 0.5));
    }
    ref.zero_grad();
    fast.zero_grad();
  }
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
  const auto sa = ref.state_dict(), sb = fast.state_dict();
  ASSERT_EQ(sa.size(), sb.size());
  for (const auto& [k, v] : sa) EXPECT_TRUE(torch::equal(v, sb.at(k))) << k;
}

TEST(AdamW, CheckedStepEqualsPlainStepAndClipping) {
  for (auto kernel : {AdamWKernel::PerTensor, AdamWKernel::ForEach}) {
    auto a = make_params(6), b = make_params(6);
    AdamWParams o{1e-2, 0.9, 0.999, 1e-8, 1e-2};
    o.kernel = kernel;
    AdamW plain(named(a), o), checked(named(b), o);
    for (int s = 0; s < 3; ++s) {
      fake_backward(a, s);
      fake_backward(b, s);
      const double norm = clip_grad_norm(plain.parameters(), 1.0);
      plain.step(o.lr);
      auto c = check_gradients(checked.parameters(), {}, 1.0);
      EXPECT_NEAR(c.norm.item<double>(), norm, 1e-5 * norm);
      EXPECT_EQ(c.found_inf.item<double>(), 0.0);
      checked.step(o.lr, c);
      plain.zero_grad();
      checked.zero_grad();
    }
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-6, 1e-7)) << "parameter " << i;
  }
}

TEST(AdamW, NonFiniteGradientsLeaveEverythingUntouched) {
  for (auto kernel : {AdamWKernel::PerTensor, AdamWKernel::ForEach}) {
    auto p = mixed_params(7);
    AdamWParams o{1e-2, 0.9, 0.999, 1e-8, 1e-2};
    o.kernel = kernel;
    AdamW opt(named(p), o);
    mixed_backward(p, 0);
    opt.step(o.lr);
    opt.zero_grad();
    std::vector<torch::Tensor> before;
    for (const auto& t : p) before.push_back(t.detach().clone());
    olis::io::TensorMap state;
    for (auto& [k, v] : opt.state_dict()) state[k] = v.clone();
    mixed_backward(p, 1);
    p[0].mutable_grad()[0][0] = std::numeric_limits<float>::infinity();
    p[1].mutable_grad()[1] = std::numeric_limits<float>::quiet_NaN();
    auto c = check_gradients(opt.parameters(), {}, 1.0);
    EXPECT_EQ(c.found_inf.item<double>(), 1.0);
    opt.step(o.lr, c);
    for (std::size_t i = 0; i < p.size(); ++i) EXPECT_TRUE(torch::equal(p[i], before[i])) << "parameter " << i;
    for (const auto& [k, v] : opt.state_dict()) EXPECT_TRUE(torch::equal(v, state.at(k))) << k;  // step counts too
  }
}

TEST(AdamW, ASkippedStepDoesNotCount) {
  // As torch's AdamW under GradScaler: after a skipped step the next update is the one an optimizer that never
  // saw the bad step makes (same bias correction), decided without reading anything back.
  for (auto kernel : {AdamWKernel::PerTensor, AdamWKernel::ForEach}) {
    auto a = mixed_params(8), b = mixed_params(8);
    AdamWParams o{1e-2, 0.9, 0.999, 1e-8, 1e-2};
    o.kernel = kernel;
    AdamW skipping(named(a), o), clean(named(b), o);
    auto checked_step = [&](AdamW& opt, std::vector<torch::Tensor>& p, int s, bool bad) {
      mixed_backward(p, s);
      if (bad) p[2].mutable_grad()[0][1][2] = std::numeric_limits<float>::infinity();
      opt.step(o.lr, check_gradients(opt.parameters(), {}, 1.0));
      opt.zero_grad();
    };
    checked_step(skipping, a, 0, false);
    checked_step(clean, b, 0, false);
    checked_step(skipping, a, 1, true);  // skipped
    for (int s = 2; s < 5; ++s) {
      checked_step(skipping, a, s, false);
      checked_step(clean, b, s, false);
    }
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
    const auto sa = skipping.state_dict(), sb = clean.state_dict();
    for (const auto& [k, v] : sb) EXPECT_TRUE(torch::equal(sa.at(k), v)) << k;
    EXPECT_EQ(sa.at("p0.step").item<int64_t>(), 4);
  }
}

TEST(AdamW, ASkipWhileAParameterHasNoGradientDoesNotCountForIt) {
  // A parameter without a gradient in a skipped step neither advances nor loses a step.
  auto a = make_params(9), b = make_params(9);
  AdamWParams o{1e-2, 0.9, 0.999, 1e-8, 0.0};
  AdamW skipping(named(a), o), clean(named(b), o);
  fake_backward(a, 0);
  fake_backward(b, 0);
  skipping.step(o.lr, check_gradients(skipping.parameters(), {}, 0.0));
  clean.step(o.lr, check_gradients(clean.parameters(), {}, 0.0));
  skipping.zero_grad();
  clean.zero_grad();
  a[0].mutable_grad() = torch::full({5, 3}, std::numeric_limits<float>::quiet_NaN());  // p1 has no gradient
  skipping.step(o.lr, check_gradients(skipping.parameters(), {}, 0.0));
  skipping.zero_grad();
  for (int s = 1; s < 3; ++s) {
    fake_backward(a, s);
    fake_backward(b, s);
    skipping.step(o.lr, check_gradients(skipping.parameters(), {}, 0.0));
    clean.step(o.lr, check_gradients(clean.parameters(), {}, 0.0));
    skipping.zero_grad();
    clean.zero_grad();
  }
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
  EXPECT_EQ(skipping.state_dict().at("p1.step").item<int64_t>(), 3);
}

TEST(AdamW, HalfGradientsAreUnscaledAndMeasuredInFloat32) {
  // Scaled by 65536, true gradients of 1e-8 are normal fp16 numbers (6.6e-4). The norm and the update
  // must use them at full float32 precision: unscaled in fp16 they would flush to zero.
  auto p = torch::ones({64}, torch::kHalf).requires_grad_(true);
  AdamW opt({{"w", p}}, {1e-3, 0.9, 0.999, 1e-9, 0.0});
  p.mutable_grad() = torch::full({64}, 1e-8 * 65536.0, torch::kHalf);
  const double stored = p.grad()[0].item<double>() / 65536.0;  // the fp16-rounded true gradient
  auto c = check_gradients(opt.parameters(), torch::full({}, 1.0 / 65536.0, torch::kFloat64), 0.0);
  EXPECT_NEAR(c.norm.item<double>(), 8 * stored, 1e-6 * 8 * stored);  // sqrt(64) * g
  opt.step(1e-3, c);
  const double expected = 1.0 - 1e-3 * stored / (stored + 1e-9);  // Adam's first step: lr * g / (|g| + eps)
  EXPECT_NEAR(opt.state_dict().at("w.master")[0].item<double>(), expected, 1e-7);
}
