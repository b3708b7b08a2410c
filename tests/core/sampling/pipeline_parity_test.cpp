// The guided sampling loop against diffusers (fixtures/pipeline_*): every intermediate latent and guided
// noise prediction of a CFG DDIM loop and the decoded image. Data driven: each pipeline_* folder names its
// UNet and VAE (unet/ and vae/ inside it, or "UNet = `../x`" / "VAE = `../y`" in its README).
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/unet_2d_condition.h"
#include "core/sampling/text_to_image.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using olis::test::tensors_close;

// README tolerances: latents 2e-4 (CFG 7.5 amplifies float32 error), image 1e-4.
constexpr double kLatentAtol = 2e-4;
constexpr double kImageAtol = 1e-4;

fs::path component_dir(const fs::path& dir, const std::string& component, const std::string& readme_label,
                       const std::string& fallback) {
  if (fs::exists(dir / component / "config.json")) return dir / component;
  std::ifstream f(dir / "README.md");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::smatch m;
  if (std::regex_search(text, m, std::regex(readme_label + R"(\s*=\s*`\.\./([A-Za-z0-9_\-]+)`)")))
    return dir.parent_path() / m[1].str();
  return dir.parent_path() / fallback;
}

TEST(PipelineParity, GuidedDdimLoopMatchesDiffusers) {
  OLIS_REQUIRE_FIXTURES(dirs, "pipeline_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto unet_dir = component_dir(dir, "unet", "UNet", "unet_sd15_tiny");
    const auto vae_dir = component_dir(dir, "vae", "VAE", "vae_tiny");
    ASSERT_TRUE(fs::exists(unet_dir)) << unet_dir;
    ASSERT_TRUE(fs::exists(vae_dir)) << vae_dir;
    auto unet = olis::models::load_unet(unet_dir);
    auto vae = olis::models::load_vae(vae_dir);
    unet->eval();
    vae->eval();

    olis::sampling::PipelineComponents m;
    const auto cond = c.at("prompt_embeds");
    const auto uncond = c.at("negative_prompt_embeds");
    m.encode_prompt = [&](const std::string&, const std::string&, bool) {
      olis::sampling::PromptConditioning p;
      p.cond.encoder_hidden_states = cond;
      p.uncond.encoder_hidden_states = uncond;
      return p;
    };
    m.denoise = [&](const torch::Tensor& x, double t, const olis::sampling::Conditioning& cc) {
      return unet->forward(x, torch::tensor(static_cast<int64_t>(t)), cc.encoder_hidden_states);
    };
    m.decode = [&](const torch::Tensor& z) { return vae->decode(z); };
    m.scheduler = olis::value_or_throw(olis::sampling::load_scheduler_config(dir / "scheduler" / "scheduler_config.json"));
    m.vae_scaling_factor = vae->scaling_factor();
    m.latent_channels = unet->config().in_channels;

    const auto& init = c.at("init_latents");
    const auto& expected_latents = c.at("out_latents");
    olis::sampling::GenerateParams p;
    p.prompt = "given embeddings";
    p.batch_size = static_cast<int>(init.size(0));
    p.height = static_cast<int>(init.size(2)) * 8;
    p.width = static_cast<int>(init.size(3)) * 8;
    p.steps = static_cast<int>(c.at("out_timesteps").size(0));
    p.guidance_scale = c.at("guidance_scale").item<double>();
    p.sampler = olis::sampling::SchedulerKind::DDIM;
    p.initial_latents = init;
    p.keep_intermediates = true;
    auto r = olis::sampling::generate(m, p);

    ASSERT_EQ(r.status, olis::sampling::GenerateStatus::Completed);
    const auto ts = c.at("out_timesteps");
    ASSERT_EQ(r.timesteps.size(), static_cast<size_t>(ts.size(0)));
    for (int64_t i = 0; i < ts.size(0); ++i) EXPECT_EQ(r.timesteps[static_cast<size_t>(i)], ts[i].item<double>());
    for (int64_t i = 0; i < expected_latents.size(0); ++i) {
      const auto at = "[" + std::to_string(i) + "]";
      if (c.count("out_noise_preds")) {
        EXPECT_TRUE(tensors_close(r.noise_preds[static_cast<size_t>(i)], c.at("out_noise_preds")[i], kLatentAtol, 0,
                                  "noise_pred" + at));
      }
      ASSERT_TRUE(tensors_close(r.step_latents[static_cast<size_t>(i)], expected_latents[i], kLatentAtol, 0,
                                "latents after step" + at));
    }
    EXPECT_TRUE(tensors_close(r.decoded, c.at("out_image"), kImageAtol, 0, "out_image"));
    if (c.count("out_image_01")) {
      // The PNG pixels are diffusers' postprocessing of the same image (8-bit rounding may flip by 1).
      auto expected_u8 = (c.at("out_image_01")[0] * 255).round().permute({1, 2, 0}).contiguous().to(torch::kUInt8);
      const auto& img = r.images.at(0);
      auto ours = torch::from_blob(const_cast<uint8_t*>(img.rgb.data()), {img.height, img.width, 3}, torch::kUInt8);
      EXPECT_LE((ours.to(torch::kInt32) - expected_u8.to(torch::kInt32)).abs().max().item<int>(), 1);
    }
  }
}

}  // namespace
