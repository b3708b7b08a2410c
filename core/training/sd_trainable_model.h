#pragma once
// Stable Diffusion 1.x / 2.x / SDXL as a TrainableModel: UNet2DConditionModel + AutoencoderKL + the CLIP
// text stack of a base model (diffusers folder or single file).
//   Full fine-tune: every UNet and text-encoder weight (the paper's SD setting: "we fine-tune the entire
//                   model"); train_text_encoder = false keeps the text encoder(s) frozen.
//   LoRA: rank-r adapters on the UNet attention (to_q/k/v/out.0) and feed-forward (ff.net.0.proj, ff.net.2)
//         projections and on both text encoders (q/k/v/out_proj, fc1, fc2), plus the identifier's token
//         embedding rows (the paper's SDXL setting). The rows are exported as an embedding bundled in the kohya
//         file and as a textual-inversion file (text/word_embedding.h).
// Latents: vae.encode(pixels).latent_dist.sample() * scaling_factor, as train_dreambooth.py.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/io/model_source.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/lora.h"
#include "core/models/placement.h"
#include "core/models/unet_2d_condition.h"
#include "core/sampling/scheduler_config.h"
#include "core/text/conditioner.h"
#include "core/training/conditioning_cache.h"
#include "core/training/text_lora.h"
#include "core/training/trainable_model.h"

namespace olis::training {

struct SdTrainOptions {
  TrainMode mode = TrainMode::Lora;
  int64_t lora_rank = 32;
  double lora_alpha = 32;
  bool train_text_encoder = true;      // full mode only; LoRA mode always adapts the text encoders
  bool train_identifier_rows = true;   // LoRA mode: the identifier's token embeddings
  std::string identifier = "olis";
  models::Placement placement;         // where the models run (weights in placement.dtype)
  std::filesystem::path vocab_dir;     // optional: tokenizer files instead of the model's own or the bundled ones
  int sample_steps = 25;               // validation sampling
  double guidance = 7.5;
  uint64_t seed = 0;                   // LoRA initialisation
};

class SdTrainableModel : public TrainableModel {
 public:
  // Throws olis::Error naming the model path on any problem.
  static std::shared_ptr<SdTrainableModel> load(const std::filesystem::path& model_path, const SdTrainOptions& options);
  ~SdTrainableModel() override;

  torch::Device device() const override { return options_.placement.device; }
  torch::ScalarType compute_dtype() const override { return options_.placement.dtype; }
  torch::Tensor encode_images(const torch::Tensor& pixels) override;
  bool has_latent_moments() const override { return true; }
  LatentMoments encode_moments(const torch::Tensor& pixels) override;
  torch::Tensor sample_latents(const LatentMoments& moments) override;
  Conditioning encode_prompts(const std::vector<std::string>& prompts, const torch::Tensor& time_ids) override;
  torch::Tensor denoise(const torch::Tensor& noisy, const torch::Tensor& timesteps, const Conditioning& cond) override;
  std::vector<NamedParameter> trainable_parameters() override { return trainable_; }
  NoiseScheduleConfig noise_schedule() const override { return noise_; }
  bool uses_time_ids() const override { return family_ == io::ModelFamily::SDXL; }
  void set_gradient_checkpointing(bool on) override;
  void set_training(bool on) override;
  std::vector<RgbImage> sample(const std::vector<std::string>& prompts, const std::vector<uint64_t>& seeds,
                               int width_px, int height_px) override;
  std::vector<ExportedFile> export_to(const std::filesystem::path& dir, const ExportMetadata& metadata) override;

  io::ModelFamily family() const { return family_; }
  int default_resolution() const;  // from the UNet's sample_size and the VAE factor
  models::UNet2DConditionModel& unet() { return unet_; }
  models::AutoencoderKL& vae() { return vae_; }
  text::TextStack& text_stack() { return *stack_; }
  const io::ModelSource& source() const { return *source_; }
  const sampling::SchedulerConfig& scheduler() const { return scheduler_; }
  // True when training leaves the text encoders untouched (full fine-tune of the UNet alone): prompts are
  // then encoded once each and their conditioning reused (conditioning_cache()).
  bool text_frozen() const { return options_.mode == TrainMode::Full && !options_.train_text_encoder; }
  const ConditioningCache& conditioning_cache() const { return prompt_cache_; }

 private:
  SdTrainableModel() = default;
  void setup_training();
  std::vector<ExportedFile> export_lora(const std::filesystem::path& dir, const ExportMetadata& metadata);

  SdTrainOptions options_;
  std::shared_ptr<io::ModelSource> source_;
  io::ModelFamily family_ = io::ModelFamily::Unknown;
  models::UNet2DConditionModel unet_{nullptr};
  models::AutoencoderKL vae_{nullptr};
  std::shared_ptr<text::TextStack> stack_;
  std::unique_ptr<text::Conditioner> conditioner_;
  std::shared_ptr<models::TrainableLora> unet_lora_;
  std::vector<std::unique_ptr<TextLora>> text_loras_;
  sampling::SchedulerConfig scheduler_;
  NoiseScheduleConfig noise_;
  std::vector<NamedParameter> trainable_;
  ConditioningCache prompt_cache_;
};

}  // namespace olis::training
