#pragma once
// Training settings of a project: <project folder>/training.olis.yaml, next to project.olis.yaml (kept
// in their own file so that the GUI's project saves never drop them). Every key is optional except
// base_model; defaults follow the paper (full fine-tune: lr 2e-6, 4000 steps; LoRA: lr 1e-4, 8000
// steps, rank 32). Example:
//   base_model: /models/stable-diffusion-v1-5
//   mode: lora            # or full
//   steps: 8000
//   checkpoint_every: 500
//   eval_every: 500
//   regularization: {count: 2000, batch: 4, seed: 1, sampler: ddim, steps: 50}
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/training/lr_schedule.h"
#include "core/training/trainable_model.h"
#include "core/util/error.h"

namespace olis::jobs {

inline constexpr const char* kTrainSettingsFileName = "training.olis.yaml";

enum class TrainPrecision { Float32, BFloat16, Float16 };
const char* to_string(TrainPrecision p);  // "fp32", "bf16", "fp16"

struct RegularizationSettings {
  int64_t count = 2000;
  int batch = 4;
  uint64_t seed = 1;
  std::string sampler = "ddim";
  int steps = 0;                // 0: 50 for SDXL (the paper), the model's usual 50 otherwise
  double guidance = 7.5;
  std::string negative_prompt;
  std::string manifest;         // the prompt engine's manifest; default <project>/regularization.jsonl
  std::string cache_root;       // default: $XDG_DATA_HOME/olis/regsets
  std::string pool_version = "1";
  bool cache_latents = false;   // also store each image's VAE latents; training then skips the VAE for them
};

// The metric models of the sweep during training (DINO / CLIP-I / CLIP-T of each validation round against
// the subject's photos, written to <output_dir>/checkpoints/eval_metrics.jsonl). Empty paths: that metric
// is not computed; all empty: no sweep, only validation images.
struct MetricModelSettings {
  std::filesystem::path clip;       // CLIP vision tower + projection folder (e.g. ViT-B/32)
  std::filesystem::path clip_text;  // CLIP text tower for CLIP-T (default: the clip folder)
  std::filesystem::path tokenizer;  // its vocab.json + merges.txt (default: the text folder)
  std::filesystem::path dino;       // DINO ViT-S/16 folder or .safetensors
  double clip_t_margin = 0.01;      // best-checkpoint rule: CLIP-T within this of the best

  bool any() const { return !clip.empty() || !dino.empty(); }
};

struct TrainSettings {
  std::filesystem::path base_model;  // diffusers folder or single .safetensors
  std::filesystem::path output_dir;  // default <project>/training
  training::TrainMode mode = training::TrainMode::Lora;
  int64_t steps = 0;                 // 0: 4000 (full) / 8000 (LoRA)
  double lr = 0;                     // 0: 2e-6 (full) / 1e-4 (LoRA)
  training::LrScheduleKind schedule = training::LrScheduleKind::Constant;
  int64_t warmup_steps = 0;
  double beta1 = 0.9, beta2 = 0.999, weight_decay = 1e-2, eps = 1e-8;
  double max_grad_norm = 1.0;
  int lora_rank = 32;
  double lora_alpha = 32;
  bool train_text_encoder = false;   // full mode; LoRA mode always adapts both text encoders
  int resolution_px = 0;             // 0: the model's (512 SD 1.x, 768 SD 2.x v, 1024 SDXL)
  bool horizontal_flip = false;
  double prior_loss_weight = 1.0;
  double dropout_p = 0.5;
  double min_snr_gamma = 0;
  double offset_noise = 0;
  uint64_t seed = 0;
  int64_t checkpoint_every = 500;
  int keep_last = 3;
  int64_t eval_every = 0;
  int eval_steps = 25;
  int validation_prompts = 4;        // the first N DreamBench prompts of the subject's kind, seeds 1000 + i
  bool gradient_checkpointing = false;
  TrainPrecision precision = TrainPrecision::Float32;
  std::string device = "auto";       // auto, cpu, cuda, cuda:1
  std::filesystem::path vocab_dir;   // optional: CLIP vocab.json + merges.txt instead of the model's own / Olis' bundled one
  RegularizationSettings regularization;
  MetricModelSettings metrics;

  int64_t effective_steps() const { return steps > 0 ? steps : (mode == training::TrainMode::Full ? 4000 : 8000); }
  double effective_lr() const { return lr > 0 ? lr : (mode == training::TrainMode::Full ? 2e-6 : 1e-4); }
};

// Reads the settings; relative paths are resolved against the settings file's folder. Errors name the
// file and line.
Expected<TrainSettings> load_train_settings(const std::filesystem::path& file);
// The YAML text of the settings (every key, paths absolute) that parse_train_settings reads back equal.
std::string format_train_settings(const TrainSettings& settings);
// Writes the settings file atomically; errors name the file.
Expected<void> save_train_settings(const std::filesystem::path& file, const TrainSettings& settings);
Expected<TrainSettings> parse_train_settings(const std::string& yaml, const std::string& label,
                                             const std::filesystem::path& base_dir);

}  // namespace olis::jobs
