// train_step_tiny: three DreamBooth prior-preservation AdamW steps (train_dreambooth.py of diffusers
// 0.26.3) from a tiny SD 1.5 UNet. Loss of every step and every weight after step 3 must match.
// Data driven: runs on every train_step_* fixture folder.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"
#include "core/training/train_step.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"
#include "tests/support/test_device.h"

using namespace olis::training;
namespace fs = std::filesystem;

namespace {

// The UNet the steps start from: a folder inside the fixture, else the one its README names ("../unet_...").
fs::path initial_unet_dir(const fs::path& dir) {
  for (const char* name : {"unet", "unet_before", "unet_initial"})
    if (fs::exists(dir / name / "config.json")) return dir / name;
  std::ifstream in(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (std::regex_search(text, m, std::regex(R"(\.\./(unet_[A-Za-z0-9_]+))"))) return dir.parent_path() / m[1].str();
  return dir.parent_path() / "unet_sd15_tiny";
}

}  // namespace

// On OLIS_TEST_DEVICE (a CUDA training step with OLIS_TEST_DEVICE=cuda), in float32: the fixture is
// diffusers' float32 training, so a bf16 run has nothing to match step for step and skips.
TEST(TrainStepParity, ThreePriorPreservationStepsMatchDiffusers) {
  OLIS_REQUIRE_TEST_DEVICE();
  if (olis::test::test_dtype() != torch::kFloat32) GTEST_SKIP() << "training parity is defined in float32";
  OLIS_REQUIRE_FIXTURES(dirs, "train_step_", "case.safetensors");
  const auto device = olis::test::test_device();
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    const auto unet_dir = initial_unet_dir(dir);
    ASSERT_TRUE(fs::exists(unet_dir / "config.json")) << "initial UNet not found: " << unet_dir;
    auto unet = olis::models::load_unet(unet_dir, {device, torch::kFloat32});
    unet->train();
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto latents = c.at("latents").to(device);
    const auto ehs = c.at("encoder_hidden_states").to(device);
    const auto& noise = c.at("noise");
    const auto& timesteps = c.at("timesteps");
    const int64_t steps = noise.size(0);

    std::vector<NamedParameter> params;
    for (auto& p : unet->named_parameters()) {
      p.value().set_requires_grad(true);
      params.push_back({p.key(), p.value()});
    }
    AdamW optimizer(params, AdamWParams{1e-4, 0.9, 0.999, 1e-8, 1e-2});
    NoiseSchedule schedule(NoiseScheduleConfig{});  // DDPM, SD 1.5 betas
    StepOptions options;
    options.lr = 1e-4;
    options.max_grad_norm = 1.0;
    options.loss.prior_loss_weight = 1.0;
    Denoiser denoiser = [&](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& cond) {
      return unet->forward(x, t, cond.encoder_hidden_states);
    };
    for (int64_t s = 0; s < steps; ++s) {
      StepInputs in;
      in.latents = latents;
      in.cond.encoder_hidden_states = ehs;
      in.noise = noise[s];
      in.timesteps = timesteps[s];
      in.prior_rows = latents.size(0) / 2;
      auto r = train_step(denoiser, in, schedule, options, optimizer);
      const double loss = c.at("out_loss")[s].item<double>();
      EXPECT_NEAR(r.loss, loss, 1e-5 * std::abs(loss) + 1e-8) << "loss of step " << s + 1;
      EXPECT_NEAR(r.instance_loss, c.at("out_instance_loss")[s].item<double>(), 1e-5 * std::abs(loss) + 1e-8);
      EXPECT_NEAR(r.prior_loss, c.at("out_prior_loss")[s].item<double>(), 1e-5 * std::abs(loss) + 1e-8);
      const double gn = c.at("out_grad_norm")[s].item<double>();
      EXPECT_NEAR(r.grad_norm, gn, 1e-4 * gn) << "pre-clip gradient norm of step " << s + 1;
    }
    auto after = olis::value_or_throw(olis::io::load_safetensors(dir / "unet_after" / "diffusion_pytorch_model.safetensors"));
    int64_t compared = 0;
    for (const auto& p : params) {
      auto it = after.find(p.name);
      ASSERT_NE(it, after.end()) << p.name << " is missing from unet_after";
      EXPECT_TRUE(olis::test::tensors_close(p.tensor, it->second, 2e-5, 0, p.name));
      ++compared;
    }
    EXPECT_EQ(compared, static_cast<int64_t>(after.size()));
  }
}

#include "core/training/unet_checkpointing.h"

TEST(UnetGradientCheckpointing, SameLossAndGradientsAsWithout) {
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto unet = olis::models::load_unet(dir);
    auto c = olis::test::load_case(dir / "case.safetensors");
    olis::models::UNetAddedCond added;
    if (c.count("text_embeds")) added.text_embeds = c.at("text_embeds");
    if (c.count("time_ids")) added.time_ids = c.at("time_ids");
    auto run = [&](bool on) {
      set_unet_gradient_checkpointing(unet, on);
      for (auto& p : unet->parameters()) {
        p.set_requires_grad(true);
        p.mutable_grad() = torch::Tensor();
      }
      auto out = unet->forward(c.at("sample"), c.at("timestep"), c.at("encoder_hidden_states"), added);
      out.pow(2).mean().backward();
      std::vector<torch::Tensor> grads;
      for (auto& p : unet->parameters()) grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
      return std::make_pair(out.detach(), grads);
    };
    auto [plain_out, plain] = run(false);
    auto [ckpt_out, ckpt] = run(true);
    EXPECT_TRUE(torch::equal(plain_out, ckpt_out));
    ASSERT_EQ(plain.size(), ckpt.size());
    for (std::size_t i = 0; i < plain.size(); ++i)
      EXPECT_TRUE(olis::test::tensors_close(ckpt[i], plain[i], 1e-6, 1e-5, "grad " + std::to_string(i)));
  }
}

#include "core/models/lora.h"

TEST(UnetGradientCheckpointing, LoraAdaptersGetTheSameGradientsAsWithout) {
  // LoRA with checkpointing (the SDXL memory setting): the UNet is frozen, so no checkpointed block's input
  // requires grad, yet the adapters inside the blocks must get the gradients a plain backward gives them.
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto unet = olis::models::load_unet(dir);
    for (auto& p : unet->parameters()) p.set_requires_grad(false);
    olis::models::LoraTargetTree tree{"unet", {"lora_unet"}, unet.get(), {}};
    olis::models::LoraTrainOptions lo;
    lo.rank = 4;
    lo.alpha = 4;
    lo.seed = 1;
    auto lora = olis::models::TrainableLora::inject({tree}, lo);
    auto params = lora->parameters();
    ASSERT_FALSE(params.empty());
    {
      torch::NoGradGuard g;
      auto gen = at::detail::createCPUGenerator(7);
      for (auto& p : params) p.add_(torch::randn(p.sizes(), gen, torch::TensorOptions()) * 0.05);  // up != 0
    }
    auto c = olis::test::load_case(dir / "case.safetensors");
    olis::models::UNetAddedCond added;
    if (c.count("text_embeds")) added.text_embeds = c.at("text_embeds");
    if (c.count("time_ids")) added.time_ids = c.at("time_ids");
    auto run = [&](bool on) {
      set_unet_gradient_checkpointing(unet, on);
      for (auto& p : params) p.mutable_grad() = torch::Tensor();
      auto out = unet->forward(c.at("sample"), c.at("timestep"), c.at("encoder_hidden_states"), added);
      out.pow(2).mean().backward();
      std::vector<torch::Tensor> grads;
      for (auto& p : params) grads.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
      return std::make_pair(out.detach(), grads);
    };
    auto [plain_out, plain] = run(false);
    auto [ckpt_out, ckpt] = run(true);
    set_unet_gradient_checkpointing(unet, false);
    EXPECT_TRUE(torch::equal(plain_out, ckpt_out));
    ASSERT_EQ(plain.size(), ckpt.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
      ASSERT_TRUE(plain[i].defined() && ckpt[i].defined()) << "adapter tensor " << i << " got no gradient";
      EXPECT_TRUE(olis::test::tensors_close(ckpt[i], plain[i], 1e-6, 1e-5, "adapter grad " + std::to_string(i)));
    }
    EXPECT_GT(ckpt.back().abs().sum().item<double>(), 0);
  }
}
