// The sampling loop with stand-in models: guidance arithmetic and batch order, seeds, progress,
// cancellation, validation, and that two pipelines can run at once.
#include "core/sampling/text_to_image.h"

#include <thread>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/sampling/generation_parameters.h"
#include "core/sampling/scheduler.h"
#include "tests/support/fixtures.h"

namespace {

using namespace olis::sampling;

SchedulerConfig sd15_ddim() {
  nlohmann::json j = {{"_class_name", "DDIMScheduler"}, {"beta_start", 0.00085}, {"beta_end", 0.012},
                      {"beta_schedule", "scaled_linear"}, {"clip_sample", false}, {"set_alpha_to_one", false},
                      {"steps_offset", 1}};
  return scheduler_config_from_json(j, "test");
}

// Prompt "x" encodes to a constant tensor whose value is the prompt length; the denoiser returns
// 0.1 * latents + 0.01 * conditioning mean, so guidance and batch order are visible in the numbers.
PipelineComponents fake_components() {
  PipelineComponents m;
  m.encode_prompt = [](const std::string& prompt, const std::string& negative, bool guided) {
    PromptConditioning c;
    c.cond.encoder_hidden_states = torch::full({1, 77, 8}, static_cast<float>(prompt.size()));
    if (guided) c.uncond.encoder_hidden_states = torch::full({1, 77, 8}, static_cast<float>(negative.size()));
    return c;
  };
  m.denoise = [](const torch::Tensor& x, double, const Conditioning& c) {
    auto level = c.encoder_hidden_states.mean({1, 2}).view({-1, 1, 1, 1});
    return 0.1 * x + 0.01 * level;
  };
  m.decode = [](const torch::Tensor& latents) {
    return torch::tanh(0.05 * torch::nn::functional::interpolate(
        latents.slice(1, 0, 3), torch::nn::functional::InterpolateFuncOptions().scale_factor(
                                    std::vector<double>{8, 8}).mode(torch::kNearest)));
  };
  m.scheduler = sd15_ddim();
  m.model_name = "fake";
  return m;
}

GenerateParams small_params() {
  GenerateParams p;
  p.prompt = "a photo of sks dog";
  p.negative_prompt = "blurry";
  p.width = 32;
  p.height = 24;
  p.steps = 4;
  p.guidance_scale = 7.5;
  p.seed = 42;
  p.keep_intermediates = true;
  return p;
}

TEST(TextToImage, InitialNoiseIsTorchRandnOfTheSeed) {
  auto n = initial_noise(1234, 2, 4, 64, 32);
  EXPECT_EQ(n.sizes(), (std::vector<int64_t>{2, 4, 4, 8}));
  auto g = at::make_generator<at::CPUGeneratorImpl>(1234);
  EXPECT_TRUE(torch::equal(n, torch::randn({2, 4, 4, 8}, g, torch::kFloat32)));
  EXPECT_FALSE(torch::equal(n, initial_noise(1235, 2, 4, 64, 32)));
}

TEST(TextToImage, GuidanceCombinesUncondFirstAndCond) {
  auto m = fake_components();
  std::vector<torch::Tensor> seen_cond;
  auto inner = m.denoise;
  m.denoise = [&](const torch::Tensor& x, double t, const Conditioning& c) {
    seen_cond.push_back(c.encoder_hidden_states.mean({1, 2}));
    return inner(x, t, c);
  };
  auto p = small_params();
  auto r = generate(m, p);
  ASSERT_EQ(r.status, GenerateStatus::Completed);
  ASSERT_EQ(seen_cond.size(), 4u);
  // batch order [uncond, cond]: the negative prompt "blurry" (6) first, the prompt (18) second
  EXPECT_FLOAT_EQ(seen_cond[0][0].item<float>(), 6.0f);
  EXPECT_FLOAT_EQ(seen_cond[0][1].item<float>(), 18.0f);

  // Replay by hand: eps = u + g (c - u) with u = 0.1 x + 0.06, c = 0.1 x + 0.18 and DDIM steps.
  auto sched = make_scheduler(sd15_ddim());
  sched->set_timesteps(4);
  auto x = initial_noise(42, 1, 4, 32, 24);
  for (int i = 0; i < 4; ++i) {
    const double t = sched->timestep_values()[static_cast<size_t>(i)];
    auto u = 0.1 * x + 0.06;
    auto c = 0.1 * x + 0.18;
    auto eps = u + 7.5 * (c - u);
    EXPECT_TRUE(torch::allclose(r.noise_preds[static_cast<size_t>(i)], eps, 1e-5, 1e-6)) << "step " << i;
    x = sched->step(eps, t, x).prev_sample;
    EXPECT_TRUE(torch::allclose(r.step_latents[static_cast<size_t>(i)], x, 1e-5, 1e-6)) << "step " << i;
  }
  EXPECT_EQ(r.timesteps, (std::vector<double>{751, 501, 251, 1}));
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0].width, 32);
  EXPECT_EQ(r.images[0].height, 24);
}

TEST(TextToImage, GuidanceOneRunsTheConditionalBranchOnly) {
  auto m = fake_components();
  int64_t batch_seen = 0;
  auto inner = m.denoise;
  m.denoise = [&](const torch::Tensor& x, double t, const Conditioning& c) {
    batch_seen = x.size(0);
    return inner(x, t, c);
  };
  auto p = small_params();
  p.guidance_scale = 1.0;
  p.batch_size = 3;
  auto r = generate(m, p);
  EXPECT_EQ(batch_seen, 3);
  EXPECT_EQ(r.images.size(), 3u);
  EXPECT_EQ(r.parameters.size(), 3u);
}

TEST(TextToImage, SameSeedSameImageOtherSeedOtherImage) {
  auto m = fake_components();
  auto p = small_params();
  auto a = generate(m, p);
  auto b = generate(m, p);
  EXPECT_EQ(a.images[0].rgb, b.images[0].rgb);
  p.seed = 43;
  auto c = generate(m, p);
  EXPECT_NE(a.images[0].rgb, c.images[0].rgb);
}

TEST(TextToImage, SizeNotDivisibleByEightIsRefusedWithAClearMessage) {
  auto m = fake_components();
  auto p = small_params();
  p.width = 500;
  try {
    generate(m, p);
    FAIL() << "expected an error";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("500x24"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("multiples of 8"), std::string::npos) << e.what();
  }
  p.width = 32;
  p.steps = 0;
  EXPECT_THROW(generate(m, p), olis::Error);
}

TEST(TextToImage, ProgressEveryStepAndPreviews) {
  auto m = fake_components();
  auto p = small_params();
  p.steps = 5;
  GenerateCallbacks cb;
  std::vector<StepProgress> progress;
  int previews = 0;
  cb.on_progress = [&](const StepProgress& s) { progress.push_back(s); };
  cb.preview_every_steps = 2;
  cb.on_preview = [&](const olis::io::Image& img, const StepProgress&) {
    ++previews;
    EXPECT_EQ(img.width, 4);  // latent size 32/8 x 24/8
    EXPECT_EQ(img.height, 3);
  };
  generate(m, p, cb);
  ASSERT_EQ(progress.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(progress[static_cast<size_t>(i)].step, i + 1);
    EXPECT_EQ(progress[static_cast<size_t>(i)].total, 5);
  }
  EXPECT_DOUBLE_EQ(progress.back().eta_s, 0.0);
  EXPECT_EQ(previews, 3);  // steps 2, 4 and the last
}

TEST(TextToImage, CancelStopsBeforeTheNextStep) {
  auto m = fake_components();
  auto p = small_params();
  p.steps = 10;
  auto flag = std::make_shared<std::atomic<bool>>(false);
  GenerateCallbacks cb;
  int steps = 0;
  cb.on_progress = [&](const StepProgress& s) {
    steps = s.step;
    if (s.step == 3) flag->store(true);
  };
  auto r = generate(m, p, cb, flag);
  EXPECT_EQ(r.status, GenerateStatus::Cancelled);
  EXPECT_EQ(steps, 3);
  EXPECT_EQ(r.steps_done, 3);
  EXPECT_TRUE(r.images.empty());
}

TEST(TextToImage, TwoPipelinesSideBySideGiveTheirSequentialResults) {
  auto m = fake_components();
  auto p1 = small_params();
  auto p2 = small_params();
  p2.seed = 7;
  p2.sampler = SchedulerKind::EulerDiscrete;
  const auto s1 = generate(m, p1).images[0].rgb;
  const auto s2 = generate(m, p2).images[0].rgb;
  std::vector<uint8_t> r1, r2;
  std::thread a([&] { r1 = generate(m, p1).images[0].rgb; });
  std::thread b([&] { r2 = generate(m, p2).images[0].rgb; });
  a.join();
  b.join();
  EXPECT_EQ(r1, s1);
  EXPECT_EQ(r2, s2);
}

TEST(TextToImage, SavedPngCarriesA1111Parameters) {
  auto m = fake_components();
  auto p = small_params();
  p.batch_size = 2;
  p.sampler = SchedulerKind::DPMSolverMultistep;
  p.karras_sigmas = true;
  auto r = generate(m, p);
  const auto dir = olis::test::temp_dir("t2i_png");
  auto paths = save_generated_images(r, dir / "out.png");
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[1].filename(), "out-2.png");
  auto text = olis::io::read_png_text(paths[1]);
  ASSERT_TRUE(text);
  auto info = parse_a1111_parameters(text->at("parameters"));
  ASSERT_TRUE(info) << info.error().what();
  EXPECT_EQ(info->prompt, p.prompt);
  EXPECT_EQ(info->negative_prompt, "blurry");
  EXPECT_EQ(info->steps, 4);
  EXPECT_EQ(info->sampler, "DPM++ 2M Karras");
  EXPECT_DOUBLE_EQ(info->cfg_scale, 7.5);
  EXPECT_EQ(info->seed, 42u);
  EXPECT_EQ(info->width, 32);
  EXPECT_EQ(info->height, 24);
  EXPECT_EQ(info->model_name, "fake");
}

TEST(GenerationParameters, FormatsLikeA1111AndParsesBack) {
  GenerationInfo i;
  i.prompt = "a photo of sks dog";
  i.negative_prompt = "lowres, bad anatomy";
  i.steps = 50;
  i.sampler = "DDIM";
  i.cfg_scale = 7.5;
  i.seed = 1;
  i.width = 512;
  i.height = 768;
  i.model_hash = "6ce0161689";
  i.model_name = "v1-5-pruned-emaonly";
  i.extra = {{"Lora", "sks.safetensors:0.8, style: x"}};
  const auto text = format_a1111_parameters(i);
  EXPECT_EQ(text,
            "a photo of sks dog\nNegative prompt: lowres, bad anatomy\nSteps: 50, Sampler: DDIM, CFG scale: 7.5, "
            "Seed: 1, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Lora: \"sks.safetensors:0.8, "
            "style: x\"");
  auto back = parse_a1111_parameters(text);
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->prompt, i.prompt);
  EXPECT_EQ(back->negative_prompt, i.negative_prompt);
  EXPECT_EQ(back->height, 768);
  EXPECT_EQ(back->model_hash, "6ce0161689");
  ASSERT_EQ(back->extra.size(), 1u);
  EXPECT_EQ(back->extra[0].second, "sks.safetensors:0.8, style: x");

  // A1111's own output (no negative prompt, multi-line prompt, CFG as integer)
  auto a1111 = parse_a1111_parameters(
      "masterpiece\nbest quality\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 3973, Size: 512x512, Model hash: "
      "6ce0161689, Model: v1-5, Version: v1.6.0");
  ASSERT_TRUE(a1111);
  EXPECT_EQ(a1111->prompt, "masterpiece\nbest quality");
  EXPECT_TRUE(a1111->negative_prompt.empty());
  EXPECT_EQ(a1111->sampler, "Euler a");
  EXPECT_EQ(a1111->seed, 3973u);
  EXPECT_FALSE(parse_a1111_parameters("just a prompt"));
}

}  // namespace
