#pragma once
// Training settings of a project: <project folder>/training.olis.yaml, next to project.olis.yaml (kept
// in their own file so that the GUI's project saves never drop them). Every key but base_model is
// optional, and every key is described once, in the table of train_settings_keys.h, which the reader, the
// writer, `olis-cli train --dry-run` and the Train tab share.
//
// Two layers:
//   TrainSettingsDoc: what the file says (only the keys it sets, each checked by type and range; unknown
//                     and duplicate keys refused). The Train tab edits this.
//   TrainSettings:    the effective settings of a run: the file over the defaults of the base model's
//                     family (read from its headers, no weights; train_settings_defaults.h) and under
//                     command-line flags, with where each value came from.
// Example:
//   base_model: /models/stable-diffusion-v1-5
//   steps: 4000
//   eval_every: 500
//   regularization: {prior: structured, count: 2000, batch: 4, seed: 1, sampler: ddim, steps: 50}
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/io/model_family.h"
#include "core/training/lr_schedule.h"
#include "core/training/train_mode.h"
#include "core/util/error.h"

namespace olis::jobs {

inline constexpr const char* kTrainSettingsFileName = "training.olis.yaml";

enum class TrainPrecision { Float32, BFloat16, Float16 };
const char* to_string(TrainPrecision p);  // "fp32", "bf16", "fp16"

// Which prior the regularization images teach (the paper's Figure 3 compares the three):
//   Structured: the paper's set (20 % training-caption backgrounds, 60 % photographic, 20 % styled);
//   Class:      DreamBooth's prior: every prompt "a [class noun]", same count, same model;
//   None:       no regularization images and no prior-preservation loss.
enum class RegPrior { Structured, Class, None };
const char* to_string(RegPrior p);  // "structured", "class", "none"
std::optional<RegPrior> parse_reg_prior(const std::string& text);

// GPU memory the defaults are chosen for (issue: SDXL LoRA at 1024 px must fit a 24 GB card).
enum class MemoryProfile { Gb24, Gb12 };
const char* to_string(MemoryProfile p);  // "24gb", "12gb"

struct RegularizationSettings {
  RegPrior prior = RegPrior::Structured;
  std::filesystem::path model;  // the model that generates the set; empty: base_model
  int64_t count = 2000;
  int batch = 4;                // images per sampling batch
  uint64_t seed = 1;
  std::string sampler = "ddim"; // ddim, euler or dpmpp2m (deterministic, so a batch gives the images one by one gives)
  int steps = 50;
  double guidance = 7.5;
  int size_px = 0;              // 0: `resolution` (or the base model's size) with the base model, else the model's own size
  std::string negative_prompt;
  std::string manifest;         // where regset writes the project's manifest; default <project>/regularization.jsonl
  std::string cache_root;       // default: $XDG_DATA_HOME/olis/regsets
  bool cache_latents = false;   // also store each image's VAE latents; training then skips the VAE for them

  int effective_steps() const { return steps > 0 ? steps : 50; }
};

// The metric models of the sweep during training (DINO / CLIP-I / CLIP-T of each validation round against
// the subject's photos, written to <output_dir>/checkpoints/eval_metrics.jsonl). Empty paths: that metric
// is not computed; all empty: no sweep, only validation images.
struct MetricModelSettings {
  std::filesystem::path clip;       // CLIP folder: both towers (clip-vit-* layout) or the vision tower
  std::filesystem::path clip_text;  // CLIP text tower for CLIP-T (default: the clip folder)
  std::filesystem::path tokenizer;  // its vocab.json + merges.txt (default: the text folder)
  std::filesystem::path dino;       // DINO ViT-S/16 folder or .safetensors
  double clip_t_margin = 0.01;      // best-checkpoint rule: CLIP-T within this of the best

  bool any() const { return !clip.empty() || !dino.empty(); }
};

// The fixed prompts and seeds of the validation rounds.
struct ValidationSettings {
  int prompts = 4;                      // N prompts, cycling through background, accessory, property, style
  int seeds_per_prompt = 1;             // images per prompt; prompt i, image j uses seed 1000 + i * seeds + j
  std::filesystem::path prompt_file;    // one prompt per line (<new> and {class}); replaces the built-in set
  bool rephrased = false;               // also each prompt with another sentence structure (paper, Figure 4)
};

// What the base model's headers and configs say (no weights are read): its family and usual resolution.
struct BaseModelFacts {
  io::ModelFamily family = io::ModelFamily::Unknown;
  bool v_prediction = false;
  int resolution_px = 0;  // the UNet's sample size times the VAE factor; 0: unknown
  std::string source;     // how it was found ("unet/config.json", "single-file key names", ...)
};

// Where an effective value came from.
enum class SettingSource { Default, Family, File, Flag };
const char* to_string(SettingSource s);  // "default", "family", "file", "flag"
struct SettingOrigin {
  SettingSource source = SettingSource::Default;
  std::string detail;  // "SDXL, memory_profile 24gb", "--steps", "training.olis.yaml line 4"
};

struct TrainSettings {
  std::filesystem::path base_model;  // diffusers folder or single .safetensors
  std::filesystem::path output_dir;  // default <project>/training
  MemoryProfile memory_profile = MemoryProfile::Gb24;
  training::TrainMode mode = training::TrainMode::Lora;
  int64_t steps = 8000;
  double lr = 1e-4;
  training::LrScheduleKind schedule = training::LrScheduleKind::Constant;
  int64_t warmup_steps = 0;
  double beta1 = 0.9, beta2 = 0.999, weight_decay = 1e-2, eps = 1e-8;
  double max_grad_norm = 1.0;
  int lora_rank = 32;
  double lora_alpha = 32;
  bool train_text_encoder = true;    // full mode (the paper fine-tunes the entire model); LoRA mode always
                                     // adapts both text encoders
  int resolution_px = 512;
  bool horizontal_flip = false;
  bool random_crop = true;           // false: the centered largest crop every step (photo latents are reused)
  double prior_loss_weight = 1.0;
  double dropout_p = 0.5;
  double min_snr_gamma = 0;
  double offset_noise = 0;
  uint64_t seed = 0;
  int64_t checkpoint_every = 500;
  int keep_last = 3;
  int64_t eval_every = 0;
  int eval_steps = 50;               // DDIM steps of the validation images (the paper: 200 SD, 50 SDXL)
  ValidationSettings validation;
  bool gradient_checkpointing = false;
  TrainPrecision precision = TrainPrecision::Float32;
  std::string device = "auto";       // auto, cpu, cuda, cuda:1
  std::filesystem::path vocab_dir;   // optional: CLIP vocab.json + merges.txt instead of the model's own / Olis' bundled one
  bool allow_caption_errors = false; // train even when captions fail `olis-cli captions check`
  RegularizationSettings regularization;
  MetricModelSettings metrics;

  // Filled by resolve_train_settings: the origin of every key of the table, and the model facts used.
  std::map<std::string, SettingOrigin> origins;
  BaseModelFacts model;
};

// One value of a setting, as the table's type says: bool, whole number, seed, number or text/path.
using SettingValue = std::variant<bool, int64_t, uint64_t, double, std::string>;
std::string format_setting_value(const SettingValue& v);

// What training.olis.yaml sets, by key name ("steps", "regularization.count"); paths as written.
struct TrainSettingsDoc {
  std::map<std::string, SettingValue> values;
  std::map<std::string, int> lines;  // 1-based line of each key in the file it was read from

  bool has(const std::string& key) const { return values.count(key) != 0; }
  // Sets a value after checking it against the table (type and range); the error names the key.
  Expected<void> set(const std::string& key, const SettingValue& value);
  void erase(const std::string& key) { values.erase(key); lines.erase(key); }
};

// Reads the YAML text; every key checked (unknown keys with the nearest known one, duplicates, types,
// ranges). Errors name `label` (the file), the line, the key, the value and what is allowed.
Expected<TrainSettingsDoc> parse_train_settings_doc(const std::string& yaml, const std::string& label);
Expected<TrainSettingsDoc> read_train_settings_doc(const std::filesystem::path& file);  // file or project folder
// The YAML text of the document, keys in table order; parse_train_settings_doc reads it back equal.
std::string format_train_settings(const TrainSettingsDoc& doc);
// Writes the document atomically; errors name the file.
Expected<void> save_train_settings(const std::filesystem::path& file, const TrainSettingsDoc& doc);

// Flag overrides (`olis-cli train --steps 100`): key -> (value, the flag's name).
struct SettingFlag {
  SettingValue value;
  std::string flag;  // "--steps"
};
using SettingFlags = std::map<std::string, SettingFlag>;

struct ResolveContext {
  std::filesystem::path base_dir;  // relative paths are resolved against it (the settings file's folder)
  std::string label;               // the settings file, for messages
  BaseModelFacts model;
  bool cuda_available = false;     // for device: auto and the precision default
};

// The effective settings: table defaults, then the family's (train_settings_defaults.h), then the file,
// then the flags; every value checked, `origins` filled. Errors name the file or flag.
Expected<TrainSettings> resolve_train_settings(const TrainSettingsDoc& doc, const ResolveContext& context,
                                               const SettingFlags& flags = {});

// Reads the file (or <folder>/training.olis.yaml), reads the base model's facts from its headers
// (train_settings_probe.h) and resolves. Errors name the file, the key and the model path.
Expected<TrainSettings> load_train_settings(const std::filesystem::path& file, const SettingFlags& flags = {});

// Convenience for tests and tools: parse + resolve against the given model facts.
Expected<TrainSettings> parse_train_settings(const std::string& yaml, const std::string& label,
                                             const std::filesystem::path& base_dir, const BaseModelFacts& model = {});

// The output folder the file names (default <folder>/training), without probing the model; empty when
// the file cannot be read.
std::filesystem::path train_output_dir(const std::filesystem::path& project_dir);

}  // namespace olis::jobs
