#pragma once
// Text-to-image sampling with classifier-free guidance, written the way diffusers'
// StableDiffusionPipeline / StableDiffusionXLPipeline __call__ computes it, so that a seed gives the
// image diffusers gives:
//   latents = randn([B, 4, H/8, W/8], torch.Generator().manual_seed(seed)) * init_noise_sigma
//   for t in timesteps: eps_u, eps_c = unet(scale(cat[latents, latents]), t, cat[uncond, cond]).chunk(2)
//                       latents = step(eps_u + g * (eps_c - eps_u), t, latents)
//   image = vae.decode(latents / scaling_factor)
// The models come in as functions (PipelineComponents), so this file knows no model class; the loader
// that builds them from a model folder is in pipeline_loader.h. No global state: two pipelines can run
// side by side on their own threads.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/io/image_io.h"
#include "core/sampling/latent_preview.h"
#include "core/sampling/scheduler_config.h"

namespace olis::sampling {

// What the denoiser needs besides latents and timestep, batched along dim 0.
struct Conditioning {
  torch::Tensor encoder_hidden_states;  // [N, L, D]
  torch::Tensor text_embeds;            // SDXL pooled text embedding [N, P]; undefined for SD 1.x / 2.x
  torch::Tensor time_ids;               // SDXL [N, 6]: original (h, w), crop (top, left), target (h, w)
};
Conditioning repeat_batch(const Conditioning& c, int64_t times);       // [N..] -> [N*times..] (each row repeated)
Conditioning concat_batch(const Conditioning& a, const Conditioning& b);  // [a; b]

// Model prediction (noise or v) for latents x [N, 4, h, w] at a timestep -> [N, 4, h, w].
using Denoiser = std::function<torch::Tensor(const torch::Tensor& x, double timestep, const Conditioning& cond)>;
// A prompt and its negative -> conditioning [1, ...] each (time_ids left undefined; the pipeline adds them for
// SDXL). `uncond` is only needed when guided; both halves must have the same sequence length.
struct PromptConditioning {
  Conditioning cond;
  Conditioning uncond;
};
using PromptEncoder =
    std::function<PromptConditioning(const std::string& prompt, const std::string& negative, bool guided)>;
// Latents already divided by the scaling factor [N, 4, h, w] -> image [N, 3, 8h, 8w] in about [-1, 1].
using LatentDecoder = std::function<torch::Tensor(const torch::Tensor& latents)>;

struct PipelineComponents {
  PromptEncoder encode_prompt;
  Denoiser denoise;
  LatentDecoder decode;
  double vae_scaling_factor = 0.18215;  // SDXL: 0.13025
  SchedulerConfig scheduler;            // the model's scheduler_config.json
  LatentSpace latent_space = LatentSpace::SD;
  bool sdxl = false;                    // adds time_ids
  int64_t latent_channels = 4;
  torch::Device device = torch::kCPU;
  torch::ScalarType dtype = torch::kFloat32;
  std::string model_name;  // for the PNG parameters ("Model: ...")
  std::string model_hash;  // optional ("Model hash: ...")
  std::vector<std::string> lora_notes;  // e.g. "subject.safetensors:0.8"
};

struct GenerateParams {
  std::string prompt;
  std::string negative_prompt;
  int width = 512;   // pixels, multiple of 8
  int height = 512;  // pixels, multiple of 8
  int steps = 50;
  int batch_size = 1;
  std::optional<SchedulerKind> sampler;  // default: the model's own scheduler
  std::optional<bool> karras_sigmas;     // Euler / DPM++: Karras noise levels
  double guidance_scale = 7.5;           // <= 1 turns classifier-free guidance off
  uint64_t seed = 1;
  double eta = 0.0;                      // DDIM only
  torch::Tensor initial_latents;         // optional [B, 4, H/8, W/8] instead of drawing from the seed
  // A batch of different prompts, one image each (regularization sets). When set, `prompts` and `seeds`
  // (same length) replace prompt, seed and batch_size: image b's noise is drawn for seeds[b] alone, so it
  // is the image that prompt = prompts[b], seed = seeds[b], batch_size = 1 gives. Needs a sampler that adds
  // no noise of its own (DDIM with eta 0, Euler, DPM++ 2M).
  std::vector<std::string> prompts;
  std::vector<uint64_t> seeds;
  bool keep_intermediates = false;       // fill GenerateResult::step_latents / noise_preds
};

struct StepProgress {
  int step = 0;   // steps done, 1..total
  int total = 0;
  double elapsed_s = 0;
  double eta_s = 0;  // estimated seconds left
};

struct GenerateCallbacks {
  std::function<void(const StepProgress&)> on_progress;                 // after every step
  std::function<void(const io::Image&, const StepProgress&)> on_preview;  // every preview_every_steps steps
  int preview_every_steps = 0;                                           // 0: no previews
};

enum class GenerateStatus { Completed, Cancelled };

struct GenerateResult {
  GenerateStatus status = GenerateStatus::Completed;
  std::vector<io::Image> images;        // batch_size images (empty when cancelled)
  std::vector<std::string> parameters;  // A1111 "parameters" text per image
  torch::Tensor latents;                // final latents [B, 4, h, w] (before 1/scaling_factor)
  torch::Tensor decoded;                // VAE output [B, 3, H, W], not clamped
  std::vector<double> timesteps;
  std::vector<torch::Tensor> step_latents;  // keep_intermediates: latents after each step
  std::vector<torch::Tensor> noise_preds;   // keep_intermediates: guided prediction of each step
  int steps_done = 0;
  double seconds = 0;
};

using CancelFlag = std::shared_ptr<const std::atomic<bool>>;

// Throws olis::Error with a message naming the problem (size not divisible by 8, no steps, ...).
void validate_generate_params(const GenerateParams& params);
// The scheduler config a run uses: the model's, switched to params.sampler / karras_sigmas if given.
SchedulerConfig scheduler_for_run(const SchedulerConfig& model_scheduler, const GenerateParams& params);
// Initial noise as diffusers draws it on CPU for `seed`, float32 [B, C, H/8, W/8].
torch::Tensor initial_noise(uint64_t seed, int batch_size, int64_t channels, int width, int height);

// Runs the sampling loop; the cancel flag is polled before every step. Throws olis::Error on bad params
// or model failure.
GenerateResult generate(const PipelineComponents& components, const GenerateParams& params,
                        const GenerateCallbacks& callbacks = {}, const CancelFlag& cancel = nullptr);

// Output file names for a batch: "out.png" for one image, "out-1.png" .. "out-N.png" for N.
std::vector<std::filesystem::path> batch_output_paths(const std::filesystem::path& out, int count);
// Writes the images with their "parameters" chunk (atomically). Returns the paths written.
std::vector<std::filesystem::path> save_generated_images(const GenerateResult& result, const std::filesystem::path& out);

}  // namespace olis::sampling
