// CUDA against the CPU (label `gpu`; OLIS_TEST_DEVICE=cuda): a training step, text-to-image and a resumed
// run on the GPU give what the CPU gives. float32 with TF32 off; bf16 steps must stay finite and keep
// float32 master weights. Every test skips where no CUDA device exists, and fails there instead with
// OLIS_REQUIRE_CUDA=1 (scripts/gpu-check.sh sets it, so that a libtorch without CUDA cannot pass as green).
#include <cstdlib>
#include <filesystem>
#include <limits>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/unet_2d_condition.h"
#include "core/sampling/scheduler_config.h"
#include "core/sampling/text_to_image.h"
#include "core/training/checkpoint.h"
#include "core/training/step_rng.h"
#include "core/training/train_step.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"
#include "tests/support/test_device.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::training;

// The GPU these tests compare with the CPU: OLIS_TEST_DEVICE when it names CUDA, else cuda:0.
torch::Device cuda_device() {
  const auto d = olis::test::test_device();
  return d.is_cuda() ? d : torch::Device(torch::kCUDA, 0);
}

#define OLIS_REQUIRE_CUDA()                                                                  \
  if (!torch::cuda::is_available()) {                                                       \
    if (olis::test::cuda_required()) GTEST_FAIL() << "OLIS_REQUIRE_CUDA is set but no CUDA device is usable"; \
    GTEST_SKIP() << "no CUDA device: nothing to compare";                                   \
  }                                                                                         \
  olis::compat::set_cuda_tf32(false)

struct TinyUnetRun {
  olis::models::UNet2DConditionModel unet{nullptr};
  std::vector<NamedParameter> params;
  std::unique_ptr<AdamW> optimizer;
  NoiseSchedule schedule{NoiseScheduleConfig{}};

  TinyUnetRun(const fs::path& dir, const olis::models::Placement& placement) {
    unet = olis::models::load_unet(dir, placement);
    unet->train();
    for (auto& p : unet->named_parameters()) {
      p.value().set_requires_grad(true);
      params.push_back({p.key(), p.value()});
    }
    optimizer = std::make_unique<AdamW>(params, AdamWParams{1e-3, 0.9, 0.999, 1e-8, 1e-2});
  }

  StepResult step(int64_t s, LossScaler* scaler = nullptr) {
    const auto device = unet->device();
    auto data = step_generator(5, 0, RngStream::InstanceCrop);
    StepInputs in;
    in.latents = torch::randn({2, unet->config().in_channels, 8, 8}, data).to(device);
    in.cond.encoder_hidden_states = torch::randn({2, 77, unet->config().cross_attention_dim.at(0)}, data).to(device);
    auto g = step_generator(5, static_cast<uint64_t>(s), RngStream::Noise);
    auto n = draw_step_noise(in.latents.sizes(), 1000, 0.0, g);
    in.noise = n.noise;
    in.timesteps = n.timesteps;
    in.prior_rows = 1;
    StepOptions o;
    o.lr = 1e-3;
    Denoiser d = [&](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) {
      return unet->forward(x.to(unet->dtype()), t, c.encoder_hidden_states.to(unet->dtype())).to(torch::kFloat32);
    };
    return train_step(d, in, schedule, o, *optimizer, scaler);
  }
};

TEST(CudaTraining, StepsMatchTheCpu) {
  OLIS_REQUIRE_CUDA();
  OLIS_REQUIRE_FIXTURES(dirs, "unet_sd15_tiny", "config.json");
  TinyUnetRun cpu(dirs.front(), {torch::kCPU, torch::kFloat32});
  TinyUnetRun gpu(dirs.front(), {cuda_device(), torch::kFloat32});
  for (int64_t s = 0; s < 3; ++s) {
    auto a = cpu.step(s), b = gpu.step(s);
    EXPECT_NEAR(b.loss, a.loss, 1e-5 * std::abs(a.loss) + 1e-7) << "step " << s;
    EXPECT_NEAR(b.grad_norm, a.grad_norm, 1e-4 * a.grad_norm) << "step " << s;
  }
  for (std::size_t i = 0; i < cpu.params.size(); ++i)
    EXPECT_TRUE(olis::test::tensors_close(gpu.params[i].tensor, cpu.params[i].tensor, 1e-5, 1e-4, cpu.params[i].name));
}

TEST(CudaTraining, Bf16AndFp16StepsKeepFloat32Masters) {
  OLIS_REQUIRE_CUDA();
  OLIS_REQUIRE_FIXTURES(dirs, "unet_sd15_tiny", "config.json");
  for (auto dtype : {torch::kBFloat16, torch::kHalf}) {
    SCOPED_TRACE(dtype == torch::kHalf ? "fp16" : "bf16");
    TinyUnetRun run(dirs.front(), {cuda_device(), dtype});
    const auto before = run.params[0].tensor.detach().to(torch::kFloat32).clone();
    // fp16 starts at a loss scale of 65536, which the first steps may overflow (skipped, scale halved).
    LossScaler scaler(dtype == torch::kHalf);
    StepResult r;
    int updates = 0;
    for (int64_t s = 0; s < 12 && updates < 3; ++s) {
      r = run.step(s, &scaler);
      if (!r.skipped) ++updates;
    }
    EXPECT_EQ(updates, 3) << "steps were skipped until the end (loss scale " << scaler.scale() << ")";
    EXPECT_TRUE(std::isfinite(r.loss));
    const auto state = run.optimizer->state_dict();
    const auto& master = state.at(run.params[0].name + ".master");
    EXPECT_EQ(master.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(torch::equal(master.to(dtype), run.params[0].tensor.detach())) << "the weight is the rounded master";
    // AdamW moves each element by about lr per step: most of the master must have moved, although many of
    // those moves are below the bf16/fp16 rounding step of the weight itself.
    const double moved = (master != before).to(torch::kFloat32).mean().item<double>();
    EXPECT_GT(moved, 0.5) << "fraction of master elements updated";
  }
}

TEST(CudaTraining, ResumedStepsEqualUninterruptedOnes) {
  OLIS_REQUIRE_CUDA();
  OLIS_REQUIRE_FIXTURES(dirs, "unet_sd15_tiny", "config.json");
  // Bit-for-bit reruns need deterministic kernels: cuDNN's deterministic algorithms and a fixed cuBLAS
  // workspace (read when the process's first cuBLAS handle is made; each CTest test is its own process).
  setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 0);
  olis::compat::set_cudnn_benchmark(false);
  at::globalContext().setDeterministicCuDNN(true);
  const olis::models::Placement gpu{cuda_device(), torch::kFloat32};
  TinyUnetRun straight(dirs.front(), gpu);
  for (int64_t s = 0; s < 4; ++s) straight.step(s);
  const auto dir = olis::test::temp_dir("cuda_resume");
  {
    TinyUnetRun first(dirs.front(), gpu);
    for (int64_t s = 0; s < 2; ++s) first.step(s);
    TrainingCheckpoint c;
    c.step = 2;
    for (const auto& p : first.params) c.weights[p.name] = p.tensor.detach().to(torch::kCPU);
    for (auto& [k, v] : first.optimizer->state_dict()) c.optimizer[k] = v.to(torch::kCPU);
    save_checkpoint(dir, c, 2);
  }
  auto loaded = olis::value_or_throw(load_checkpoint(checkpoint_path(dir, 2)));
  TinyUnetRun resumed(dirs.front(), gpu);
  {
    torch::NoGradGuard g;
    for (auto& p : resumed.params) p.tensor.copy_(loaded.weights.at(p.name));
  }
  resumed.optimizer->load_state_dict(loaded.optimizer);
  for (int64_t s = 2; s < 4; ++s) resumed.step(s);
  for (std::size_t i = 0; i < straight.params.size(); ++i)
    EXPECT_TRUE(olis::test::tensors_close(resumed.params[i].tensor, straight.params[i].tensor, 1e-6, 1e-6,
                                          straight.params[i].name));
}

TEST(CudaTraining, FusedAdamWMatchesTheForEachKernel) {
  // torch's fused kernel (libtorch 2.x) against the foreach ops, with a master-weight parameter, clipping,
  // loss-scale unscaling and a skipped step, all decided on the device.
  OLIS_REQUIRE_CUDA();
  if (!olis::compat::has_fused_adamw()) GTEST_SKIP() << "libtorch " << olis::compat::torch_version() << " has no fused AdamW";
  const auto dev = cuda_device();
  auto make = [&] {
    torch::manual_seed(4);
    return std::vector<torch::Tensor>{torch::randn({64, 32}).to(dev).requires_grad_(true),
                                      torch::randn({300}).to(dev, torch::kBFloat16).requires_grad_(true)};
  };
  auto a = make(), b = make();
  AdamWParams o{1e-3, 0.9, 0.999, 1e-8, 1e-2};
  o.kernel = AdamWKernel::Fused;
  AdamW fused({{"w", a[0]}, {"h", a[1]}}, o);
  o.kernel = AdamWKernel::ForEach;
  AdamW foreach({{"w", b[0]}, {"h", b[1]}}, o);
  const auto inv_scale = torch::full({}, 1.0 / 1024, torch::TensorOptions().dtype(torch::kFloat64).device(dev));
  for (int s = 0; s < 5; ++s) {
    for (auto* p : {&a, &b}) {
      auto& ps = *p;
      ps[0].mutable_grad() = (torch::sin(torch::arange(64 * 32, torch::kFloat32) * (0.1 + s)) * 1024).view({64, 32}).to(dev);
      ps[1].mutable_grad() = (torch::cos(torch::arange(300, torch::kFloat32) * (0.2 + s)) * 1024).to(dev, torch::kBFloat16);
      if (s == 2) ps[0].mutable_grad()[3][4] = std::numeric_limits<float>::infinity();  // skipped
    }
    fused.step(o.lr, check_gradients(fused.parameters(), inv_scale, 1.0));
    foreach.step(o.lr, check_gradients(foreach.parameters(), inv_scale, 1.0));
    fused.zero_grad();
    foreach.zero_grad();
  }
  EXPECT_TRUE(olis::test::tensors_close(a[0], b[0], 1e-6, 1e-5, "float32 parameter"));
  const auto sa = fused.state_dict(), sb = foreach.state_dict();
  EXPECT_TRUE(olis::test::tensors_close(sa.at("h.master"), sb.at("h.master"), 1e-6, 1e-5, "bf16 parameter's master"));
  EXPECT_EQ(sa.at("w.step").item<int64_t>(), 4);
  EXPECT_EQ(sb.at("w.step").item<int64_t>(), 4);
}

TEST(CudaTextToImage, MatchesTheCpu) {
  OLIS_REQUIRE_CUDA();
  OLIS_REQUIRE_FIXTURES(dirs, "pipeline_sd15_tiny", "case.safetensors");
  const auto dir = dirs.front();
  auto c = olis::test::load_case(dir / "case.safetensors");
  auto run = [&](const torch::Device& device) {
    auto unet = olis::models::load_unet(dir.parent_path() / "unet_sd15_tiny", {device, torch::kFloat32});
    auto vae = olis::models::load_vae(dir.parent_path() / "vae_tiny", {device, torch::kFloat32});
    olis::sampling::PipelineComponents m;
    m.encode_prompt = [&](const std::string&, const std::string&, bool) {
      olis::sampling::PromptConditioning p;
      p.cond.encoder_hidden_states = c.at("prompt_embeds").to(device);
      p.uncond.encoder_hidden_states = c.at("negative_prompt_embeds").to(device);
      return p;
    };
    m.denoise = [&](const torch::Tensor& x, double t, const olis::sampling::Conditioning& cc) {
      return unet->forward(x, torch::tensor(static_cast<int64_t>(t)).to(device), cc.encoder_hidden_states);
    };
    m.decode = [&](const torch::Tensor& z) { return vae->decode(z); };
    m.scheduler = olis::value_or_throw(olis::sampling::load_scheduler_config(dir / "scheduler" / "scheduler_config.json"));
    m.vae_scaling_factor = vae->scaling_factor();
    m.latent_channels = unet->config().in_channels;
    m.device = device;
    olis::sampling::GenerateParams p;
    p.prompt = "given embeddings";
    p.width = p.height = 64;
    p.steps = 5;
    p.guidance_scale = 7.5;
    p.seed = 42;
    p.sampler = olis::sampling::SchedulerKind::DDIM;
    return olis::sampling::generate(m, p);
  };
  auto a = run(torch::kCPU), b = run(cuda_device());
  EXPECT_TRUE(olis::test::tensors_close(b.latents, a.latents, 2e-4, 0, "final latents"));
  ASSERT_EQ(a.images.size(), b.images.size());
  int worst = 0;
  for (std::size_t i = 0; i < a.images.front().rgb.size(); ++i)
    worst = std::max(worst, std::abs(int(a.images.front().rgb[i]) - int(b.images.front().rgb[i])));
  EXPECT_LE(worst, 1) << "8-bit pixels differ by more than rounding";
}

}  // namespace
