#pragma once
// What the training job needs from a base model, whatever its family and training mode. The SD 1.x /
// 2.x / SDXL implementation (UNet + VAE + CLIP text encoders, full fine-tune or LoRA) implements this;
// tests use a small stand-in. Keeping the job behind this seam lets it be tested end to end on CPU.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/training/adamw.h"
#include "core/training/noise_schedule.h"
#include "core/training/train_image.h"
#include "core/training/train_mode.h"
#include "core/training/train_step.h"

namespace olis::training {

// A latent posterior: mean and log-variance [B, C, h, w] on the model's device, in its dtype (no graph).
struct LatentMoments {
  torch::Tensor mean, logvar;
};

struct ExportedFile {
  std::string format;  // "kohya", "diffusers", "embedding", "single_file", "diffusers_folder"
  std::filesystem::path path;
};

// Written into the __metadata__ of every exported safetensors file (kohya "ss_*" keys and Olis' own):
// which step, base model, settings and metrics the files hold.
using ExportMetadata = std::map<std::string, std::string>;

class TrainableModel {
 public:
  virtual ~TrainableModel() = default;

  virtual torch::Device device() const = 0;
  // The dtype the model computes in: float16 turns on dynamic loss scaling.
  virtual torch::ScalarType compute_dtype() const { return torch::kFloat32; }
  // Pixels [B, 3, H, W] in [-1, 1] -> scaled latents [B, C, H/f, W/f] (no graph).
  virtual torch::Tensor encode_images(const torch::Tensor& pixels) = 0;
  // Models whose latents are drawn from a posterior (a VAE) split encode_images() into these two, so that
  // the training job can keep a photo's posterior while its crop repeats (no random crop). For the same
  // random state, sample_latents(encode_moments(x)) must equal encode_images(x).
  virtual bool has_latent_moments() const { return false; }
  virtual LatentMoments encode_moments(const torch::Tensor& pixels);
  virtual torch::Tensor sample_latents(const LatentMoments& moments);
  // Prompts -> conditioning; time_ids [B, 6] for SDXL (ignored otherwise). Carries a graph when text
  // parts are trained.
  virtual Conditioning encode_prompts(const std::vector<std::string>& prompts, const torch::Tensor& time_ids) = 0;
  virtual torch::Tensor denoise(const torch::Tensor& noisy, const torch::Tensor& timesteps, const Conditioning& cond) = 0;

  // The trained tensors with stable names (checkpoints save and restore them by these names).
  virtual std::vector<NamedParameter> trainable_parameters() = 0;
  virtual NoiseScheduleConfig noise_schedule() const = 0;
  virtual bool uses_time_ids() const { return false; }  // SDXL micro-conditioning
  virtual void set_gradient_checkpointing(bool on) { (void)on; }
  virtual void set_training(bool on) { (void)on; }

  // Validation images for fixed prompts and seeds (the current weights).
  virtual std::vector<RgbImage> sample(const std::vector<std::string>& prompts, const std::vector<uint64_t>& seeds,
                                       int width_px, int height_px) = 0;
  // Writes the trained result into `dir` in every format the mode supports, with `metadata` in each file.
  virtual std::vector<ExportedFile> export_to(const std::filesystem::path& dir, const ExportMetadata& metadata) = 0;
};

}  // namespace olis::training
