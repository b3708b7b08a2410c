// olis-cli generate: text-to-image from a model folder or single file, with a progress bar on stderr.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "app/cli/sampling_args.h"
#include "core/sampling/pipeline_loader.h"

namespace {

struct GenerateArgs {
  std::string model, prompt, negative, sampler = "ddim", size, device = "cpu", dtype = "fp32", out = "out.png";
  std::string vocab_dir, config_dir;
  std::vector<std::string> loras;
  int steps = 50, batch = 1, preview_every = 0;
  double guidance = 7.5, eta = 0;
  uint64_t seed = 1;
  bool karras = false, tiled_vae = false, quiet = false;
};

std::string format_seconds(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  const auto total = static_cast<long>(std::lround(s));
  return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                       : fmt::format("{:02}:{:02}", total / 60, total % 60);
}

void draw_progress(const olis::sampling::StepProgress& p) {
  constexpr int width = 30;
  const int filled = p.total > 0 ? p.step * width / p.total : width;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '-');
  std::fprintf(stderr, "\r[%s] %d/%d  %s elapsed, ETA %s  (%.2f s/step)", bar.c_str(), p.step, p.total,
               format_seconds(p.elapsed_s).c_str(), format_seconds(p.eta_s).c_str(),
               p.step > 0 ? p.elapsed_s / p.step : 0.0);
  if (p.step == p.total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

int run(const GenerateArgs& a) {
  using namespace olis::sampling;
  PipelineLoadOptions load;
  load.placement = olis::value_or_throw(olis::models::parse_placement(a.device, a.dtype));
  for (const auto& l : a.loras) load.loras.push_back(parse_lora_spec(l));
  load.vocab_dir = a.vocab_dir;
  load.config_dir = a.config_dir;
  load.vae_decode = a.tiled_vae ? VaeDecodeMode::Tiled : VaeDecodeMode::Full;
  load.on_log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  GenerateParams params;
  params.prompt = a.prompt;
  params.negative_prompt = a.negative;
  params.steps = a.steps;
  params.batch_size = a.batch;
  params.guidance_scale = a.guidance;
  params.seed = a.seed;
  params.eta = a.eta;
  params.sampler = olis::cli::parse_sampler(a.sampler);
  if (a.karras) params.karras_sigmas = true;
  if (!a.size.empty()) {
    auto [w, h] = olis::cli::parse_size(a.size);
    params.width = w;
    params.height = h;
    validate_generate_params(params);  // fail on a bad size before loading gigabytes
  }

  if (!a.quiet) std::fprintf(stderr, "loading %s ...\n", a.model.c_str());
  auto pipeline = TextToImagePipeline::load(a.model, load);
  if (a.size.empty()) params.width = params.height = pipeline->default_size_px();

  GenerateCallbacks cb;
  if (!a.quiet) cb.on_progress = draw_progress;
  if (a.preview_every > 0) {
    cb.preview_every_steps = a.preview_every;
    const auto preview_path = std::filesystem::path(a.out).replace_extension(".preview.png");
    cb.on_preview = [preview_path](const olis::io::Image& img, const StepProgress&) {
      olis::io::save_png(preview_path, img);
    };
  }
  auto result = pipeline->generate(params, cb);
  const auto paths = save_generated_images(result, a.out);
  for (const auto& p : paths) std::cout << p.string() << "\n";
  if (!a.quiet) std::fprintf(stderr, "done in %s\n", format_seconds(result.seconds).c_str());
  return 0;
}

olis::cli::Registrar reg{"generate", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("generate", "Generate images from a text prompt (PNG with A1111 parameters)");
  auto a = std::make_shared<GenerateArgs>();
  cmd->add_option("--model", a->model, "Model folder (diffusers layout) or single .safetensors checkpoint")->required();
  cmd->add_option("--prompt", a->prompt, "What to draw")->required();
  cmd->add_option("--negative", a->negative, "Negative prompt");
  cmd->add_option("--steps", a->steps, "Sampling steps")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--sampler", a->sampler, "ddim | ddpm | euler | dpmpp2m")->capture_default_str();
  cmd->add_flag("--karras", a->karras, "Karras noise levels (euler, dpmpp2m)");
  cmd->add_option("--guidance", a->guidance, "Classifier-free guidance scale (1 = off)")->capture_default_str();
  cmd->add_option("--seed", a->seed, "Seed of the initial noise (same numbers as torch.Generator().manual_seed)")
      ->capture_default_str();
  cmd->add_option("--size", a->size, "WIDTHxHEIGHT, multiples of 8 (default: 512x512, SDXL 1024x1024)");
  cmd->add_option("--batch", a->batch, "Images per run")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--eta", a->eta, "DDIM eta (0 = deterministic)")->capture_default_str();
  cmd->add_option("--lora", a->loras, "LoRA file with optional scale, FILE:0.8 (repeatable); its identifier embedding (bundled, or embeddings/ next to an Olis export) is applied too");
  cmd->add_option("--device", a->device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_option("--dtype", a->dtype, "fp32 | fp16 | bf16")->capture_default_str();
  cmd->add_option("--vocab", a->vocab_dir, "Folder with CLIP vocab.json and merges.txt to use instead of the model's own (default: the model's, else the vocabulary that comes with Olis)");
  cmd->add_option("--configs", a->config_dir,
                  "Diffusers folder whose text_encoder*/config.json describe a single-file checkpoint");
  cmd->add_flag("--tiled-vae", a->tiled_vae, "Decode in tiles (bounded memory for large images)");
  cmd->add_option("--preview-every", a->preview_every, "Write <out>.preview.png every N steps");
  cmd->add_flag("-q,--quiet", a->quiet, "No progress bar");
  cmd->add_option("--out", a->out, "Output PNG; a batch writes <out>-1.png, <out>-2.png, ...")->capture_default_str();
  cmd->callback([&ctx, a] { ctx.exit_code = olis::cli::run_guarded([&] { return run(*a); }); });
}};

}  // namespace
