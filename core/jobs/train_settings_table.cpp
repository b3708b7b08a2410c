// The table of training.olis.yaml keys (train_settings_keys.h): one row per key, binding its name, type,
// range and documentation to its field of TrainSettings.
#include <fmt/format.h>

#include "core/jobs/train_settings_keys.h"

namespace olis::jobs {

namespace fs = std::filesystem;
using training::TrainMode;

namespace {

constexpr double kMaxSteps = 10'000'000;

template <class T>
using Field = T& (*)(TrainSettings&);

fs::path resolve_path(const std::string& p, const fs::path& base) {
  if (p.empty()) return {};
  fs::path path(p);
  return path.is_absolute() || base.empty() ? path : base / path;
}

template <class T>
SettingKey whole(std::string name, Field<T> field, double min, double max, std::string default_doc, std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Int;
  k.min = min;
  k.max = max;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(static_cast<int64_t>(field(const_cast<TrainSettings&>(s)))); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path&) { field(s) = static_cast<T>(std::get<int64_t>(v)); };
  return k;
}

SettingKey number(std::string name, Field<double> field, double min, double max, std::string default_doc, std::string doc,
                  bool min_exclusive = false) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Float;
  k.min = min;
  k.max = max;
  k.min_exclusive = min_exclusive;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(field(const_cast<TrainSettings&>(s))); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path&) { field(s) = std::get<double>(v); };
  return k;
}

SettingKey flag(std::string name, Field<bool> field, std::string default_doc, std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Bool;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(field(const_cast<TrainSettings&>(s))); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path&) { field(s) = std::get<bool>(v); };
  return k;
}

SettingKey seed(std::string name, Field<uint64_t> field, std::string default_doc, std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Unsigned;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(field(const_cast<TrainSettings&>(s))); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path&) { field(s) = std::get<uint64_t>(v); };
  return k;
}

SettingKey text(std::string name, Field<std::string> field, std::string default_doc, std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Text;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(field(const_cast<TrainSettings&>(s))); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path&) { field(s) = std::get<std::string>(v); };
  return k;
}

SettingKey path(std::string name, Field<fs::path> field, std::string default_doc, std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Path;
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field](const TrainSettings& s) { return SettingValue(field(const_cast<TrainSettings&>(s)).string()); };
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path& base) {
    field(s) = resolve_path(std::get<std::string>(v), base);
  };
  return k;
}

// A path kept as a string field (the regularization job's manifest and cache root).
SettingKey path_text(std::string name, Field<std::string> field, std::string default_doc, std::string doc) {
  SettingKey k = text(std::move(name), field, std::move(default_doc), std::move(doc));
  k.type = SettingType::Path;
  k.set = [field](TrainSettings& s, const SettingValue& v, const fs::path& base) {
    field(s) = resolve_path(std::get<std::string>(v), base).string();
  };
  return k;
}

// One of `choices`, kept as a string field (the regularization sampler).
SettingKey text_choice(std::string name, Field<std::string> field, std::vector<std::string> choices, std::string default_doc,
                       std::string doc) {
  SettingKey k = text(std::move(name), field, std::move(default_doc), std::move(doc));
  k.type = SettingType::Choice;
  k.choices = std::move(choices);
  return k;
}

template <class E>
SettingKey choice(std::string name, Field<E> field, std::vector<std::pair<std::string, E>> options, std::string default_doc,
                  std::string doc) {
  SettingKey k;
  k.name = std::move(name);
  k.type = SettingType::Choice;
  for (const auto& o : options) k.choices.push_back(o.first);
  k.default_doc = std::move(default_doc);
  k.doc = std::move(doc);
  k.get = [field, options](const TrainSettings& s) {
    const E e = field(const_cast<TrainSettings&>(s));
    for (const auto& o : options)
      if (o.second == e) return SettingValue(o.first);
    return SettingValue(options.front().first);
  };
  k.set = [field, options](TrainSettings& s, const SettingValue& v, const fs::path&) {
    for (const auto& o : options)
      if (o.first == std::get<std::string>(v)) field(s) = o.second;
  };
  return k;
}

SettingKey with_aliases(SettingKey k, std::vector<std::string> aliases) {
  k.aliases = std::move(aliases);
  return k;
}

SettingKey with_zero_hint(SettingKey k) {
  k.zero_hint = "Older versions of Olis wrote 0 for \"the default\": remove the line to use the default (" +
                k.default_doc + ").";
  return k;
}

std::vector<SettingKey> build_table() {
  using S = TrainSettings;
  std::vector<SettingKey> t;
  t.push_back(path("base_model", [](S& s) -> fs::path& { return s.base_model; }, "required",
                   "The base model: a diffusers folder or a single .safetensors file (SD 1.x, 2.x or SDXL)."));
  t.back().aliases = {"pretrained_model_name_or_path", "model", "ckpt", "checkpoint"};
  t.push_back(path("output_dir", [](S& s) -> fs::path& { return s.output_dir; }, "training/ in the project folder",
                   "Where checkpoints, validation images and exports go."));
  t.push_back(choice<MemoryProfile>("memory_profile", [](S& s) -> MemoryProfile& { return s.memory_profile; },
                                    {{"24gb", MemoryProfile::Gb24}, {"12gb", MemoryProfile::Gb12}}, "24gb",
                                    "The GPU memory the family defaults are chosen for (24 GB or 12 GB cards)."));
  t.push_back(with_aliases(
      choice<TrainMode>("mode", [](S& s) -> TrainMode& { return s.mode; }, {{"full", TrainMode::Full}, {"lora", TrainMode::Lora}},
                        "full for SD 1.x/2.x, lora for SDXL (the paper); lora for every family with memory_profile 12gb",
                        "full: fine-tune the entire model (UNet and text encoder); lora: rank-r adapters on the UNet "
                        "and the text encoders plus the identifier's embedding rows."),
      {"train_mode", "method"}));
  t.push_back(with_aliases(with_zero_hint(whole<int64_t>("steps", [](S& s) -> int64_t& { return s.steps; }, 1, kMaxSteps,
                                                         "4000 for full, 8000 for lora (the paper)",
                                                         "Training steps (one photo and one regularization image each).")),
                           {"max_train_steps", "max_steps", "iterations", "train_steps", "num_steps"}));
  t.push_back(with_aliases(with_zero_hint(number("lr", [](S& s) -> double& { return s.lr; }, 0, 1,
                                                 "2e-6 for full, 1e-4 for lora (the paper)", "AdamW learning rate.", true)),
                           {"learning_rate", "unet_lr", "rate"}));
  t.push_back(with_aliases(
      choice<training::LrScheduleKind>("lr_schedule", [](S& s) -> training::LrScheduleKind& { return s.schedule; },
                                       {{"constant", training::LrScheduleKind::Constant}, {"cosine", training::LrScheduleKind::Cosine}},
                                       "constant", "Learning-rate schedule after the warmup."),
      {"lr_scheduler", "scheduler", "schedule"}));
  t.push_back(with_aliases(whole<int64_t>("warmup_steps", [](S& s) -> int64_t& { return s.warmup_steps; }, 0, kMaxSteps, "0",
                                          "Steps of linear learning-rate warmup."),
                           {"lr_warmup_steps", "warmup"}));
  t.push_back(with_aliases(number("beta1", [](S& s) -> double& { return s.beta1; }, 0, 0.999999, "0.9", "AdamW beta1."),
                           {"adam_beta1"}));
  t.push_back(with_aliases(number("beta2", [](S& s) -> double& { return s.beta2; }, 0, 0.999999, "0.999", "AdamW beta2."),
                           {"adam_beta2"}));
  t.push_back(with_aliases(number("weight_decay", [](S& s) -> double& { return s.weight_decay; }, 0, 10, "0.01",
                                  "AdamW decoupled weight decay."),
                           {"adam_weight_decay"}));
  t.push_back(with_aliases(number("eps", [](S& s) -> double& { return s.eps; }, 0, 1, "1e-8", "AdamW epsilon.", true),
                           {"adam_epsilon", "epsilon"}));
  t.push_back(number("max_grad_norm", [](S& s) -> double& { return s.max_grad_norm; }, 0, 1e6, "1",
                     "Gradient clipping by global norm (0: no clipping)."));
  t.push_back(with_aliases(whole<int>("lora_rank", [](S& s) -> int& { return s.lora_rank; }, 1, 1024, "32 (the paper)",
                                      "LoRA rank (lora mode)."),
                           {"rank", "network_dim", "lora_r", "r"}));
  t.push_back(with_aliases(number("lora_alpha", [](S& s) -> double& { return s.lora_alpha; }, 0, 1e6, "lora_rank",
                                  "LoRA alpha (the update is scaled by alpha / rank).", true),
                           {"network_alpha", "alpha"}));
  t.push_back(flag("train_text_encoder", [](S& s) -> bool& { return s.train_text_encoder; }, "true",
                   "Full mode: also fine-tune the text encoder(s), as the paper does (\"we fine-tune the entire model\")."));
  t.push_back(with_aliases(whole<int>("resolution", [](S& s) -> int& { return s.resolution_px; }, 64, 2048,
                                      "the model's (512 SD 1.x, 768 SD 2.x v-prediction, 1024 SDXL)",
                                      "Training and validation image size in pixels (square)."),
                           {"resolution_px", "size", "image_size", "width"}));
  t.back().multiple_of = 64;
  t.back() = with_zero_hint(t.back());
  t.push_back(with_aliases(flag("horizontal_flip", [](S& s) -> bool& { return s.horizontal_flip; }, "false",
                                "Mirror photos at random (off: mirroring breaks logos and text)."),
                           {"flip", "random_flip"}));
  t.push_back(with_aliases(flag("random_crop", [](S& s) -> bool& { return s.random_crop; }, "true",
                                "Crop photos at random, 0.75 to 1 of the largest crop with the training image's shape "
                                "(the paper's augmentation). false: the centered largest crop every step, so each "
                                "photo's VAE latents are computed once and reused."),
                           {"random_crops", "crop_augmentation"}));
  t.push_back(number("prior_loss_weight", [](S& s) -> double& { return s.prior_loss_weight; }, 0, 100, "1",
                     "Weight of the regularization (prior preservation) loss."));
  t.push_back(with_aliases(number("adjective_dropout", [](S& s) -> double& { return s.dropout_p; }, 0, 1, "0.5",
                                  "Probability of dropping each adjective slot of a regularization prompt."),
                           {"dropout"}));
  t.push_back(number("min_snr_gamma", [](S& s) -> double& { return s.min_snr_gamma; }, 0, 1000, "0",
                     "Min-SNR loss weighting gamma (0: off)."));
  t.push_back(number("offset_noise", [](S& s) -> double& { return s.offset_noise; }, 0, 1, "0", "Offset noise strength (0: off)."));
  t.push_back(seed("seed", [](S& s) -> uint64_t& { return s.seed; }, "0", "Seed of every random choice of the run."));
  t.push_back(with_aliases(whole<int64_t>("checkpoint_every", [](S& s) -> int64_t& { return s.checkpoint_every; }, 0,
                                          kMaxSteps, "500", "Checkpoint every K steps (0: only at the end)."),
                           {"save_every", "checkpointing_steps", "save_steps"}));
  t.push_back(with_aliases(whole<int>("keep_last", [](S& s) -> int& { return s.keep_last; }, 1, 100000, "3",
                                      "Checkpoints kept (the sweep's suggested one is kept in addition)."),
                           {"checkpoints_total_limit", "keep"}));
  t.push_back(with_aliases(whole<int64_t>("eval_every", [](S& s) -> int64_t& { return s.eval_every; }, 0, kMaxSteps, "0",
                                          "Validation images (and metrics) every K steps (0: none)."),
                           {"validation_steps", "validate_every", "validation_every"}));
  t.push_back(with_aliases(whole<int>("eval_steps", [](S& s) -> int& { return s.eval_steps; }, 1, 1000,
                                      "200 for SD 1.x/2.x, 50 for SDXL (the paper's DDIM steps)",
                                      "DDIM steps of each validation image."),
                           {"validation_sampling_steps", "sample_steps"}));
  t.push_back(with_aliases(whole<int>("validation_prompts", [](S& s) -> int& { return s.validation.prompts; }, 0, 1000, "4",
                                      "Validation prompts, cycling through the DreamBench types background, accessory, "
                                      "property and style (or the first N lines of validation_prompt_file)."),
                           {"num_validation_prompts"}));
  t.push_back(with_aliases(whole<int>("validation_seeds", [](S& s) -> int& { return s.validation.seeds_per_prompt; }, 1, 64,
                                      "1", "Images (seeds) per validation prompt."),
                           {"num_validation_images", "seeds_per_prompt"}));
  t.push_back(with_aliases(path("validation_prompt_file", [](S& s) -> fs::path& { return s.validation.prompt_file; }, "none",
                                "A text file of validation prompts, one per line, with <new> and {class}."),
                           {"validation_prompt", "prompt_file"}));
  t.push_back(flag("validation_rephrased", [](S& s) -> bool& { return s.validation.rephrased; }, "false",
                   "Also validate each prompt rephrased with another sentence structure (the paper's Figure 4)."));
  t.push_back(flag("gradient_checkpointing", [](S& s) -> bool& { return s.gradient_checkpointing; },
                   "true for SDXL and with memory_profile 12gb, else false",
                   "Recompute activations in the backward pass: less memory, about 30% more time."));
  t.push_back(with_aliases(choice<TrainPrecision>("precision", [](S& s) -> TrainPrecision& { return s.precision; },
                                                  {{"fp32", TrainPrecision::Float32}, {"bf16", TrainPrecision::BFloat16},
                                                   {"fp16", TrainPrecision::Float16}},
                                                  "bf16 on CUDA, fp32 on the CPU", "Weight and compute precision."),
                           {"mixed_precision", "dtype"}));
  t.push_back(text("device", [](S& s) -> std::string& { return s.device; }, "auto",
                   "auto (CUDA when available), cpu, cuda or cuda:N."));
  t.push_back(path("vocab_dir", [](S& s) -> fs::path& { return s.vocab_dir; }, "the model's tokenizer folders",
                   "CLIP vocab.json + merges.txt when the model's tokenizer folders lack them."));
  t.push_back(flag("allow_caption_errors", [](S& s) -> bool& { return s.allow_caption_errors; }, "false",
                   "Train even when captions fail `olis-cli captions check` (no <new>, no class, ...)."));

  t.push_back(choice<RegPrior>("regularization.prior", [](S& s) -> RegPrior& { return s.regularization.prior; },
                               {{"structured", RegPrior::Structured}, {"class", RegPrior::Class}, {"none", RegPrior::None}},
                               "structured",
                               "What the regularization images teach: structured (the paper's set), class (DreamBooth's "
                               "\"a [class noun]\") or none (no regularization images, no prior-preservation loss)."));
  t.push_back(path("regularization.model", [](S& s) -> fs::path& { return s.regularization.model; }, "base_model",
                   "Generate the regularization set with another model (a diffusers folder or .safetensors file)."));
  t.push_back(with_aliases(whole<int64_t>("regularization.count", [](S& s) -> int64_t& { return s.regularization.count; }, 0,
                                          1'000'000, "2000 (the paper)", "Regularization images (0: no prior preservation)."),
                           {"num_class_images", "class_images"}));
  t.push_back(whole<int>("regularization.batch", [](S& s) -> int& { return s.regularization.batch; }, 1, 256, "4",
                         "Images generated per batch."));
  t.push_back(seed("regularization.seed", [](S& s) -> uint64_t& { return s.regularization.seed; }, "1",
                   "Seed of the prompt sampling and the images."));
  t.push_back(text_choice("regularization.sampler", [](S& s) -> std::string& { return s.regularization.sampler; },
                          {"ddim", "euler", "dpmpp2m"}, "ddim",
                          "Sampler of the regularization images (samplers that add no noise of their own, so that an "
                          "image depends only on its prompt and seed)."));
  t.push_back(whole<int>("regularization.size", [](S& s) -> int& { return s.regularization.size_px; }, 0, 4096,
                         "0: resolution (or the base model's size) with the base model, else that model's own size",
                         "Size of the regularization images in pixels (square)."));
  t.back().multiple_of = 8;
  t.push_back(with_zero_hint(whole<int>("regularization.steps", [](S& s) -> int& { return s.regularization.steps; }, 1, 1000,
                                        "50", "Sampling steps of each regularization image.")));
  t.push_back(number("regularization.guidance", [](S& s) -> double& { return s.regularization.guidance; }, 0, 100, "7.5",
                     "Classifier-free guidance scale of the regularization images."));
  t.push_back(text("regularization.negative_prompt", [](S& s) -> std::string& { return s.regularization.negative_prompt; }, "none",
                   "Negative prompt of the regularization images."));
  t.push_back(path_text("regularization.manifest", [](S& s) -> std::string& { return s.regularization.manifest; },
                        "regularization.jsonl in the project folder", "The prompt manifest (JSON Lines)."));
  t.push_back(path_text("regularization.cache_root", [](S& s) -> std::string& { return s.regularization.cache_root; },
                        "$XDG_DATA_HOME/olis/regsets", "The shared regularization-set cache."));
  t.push_back(flag("regularization.cache_latents", [](S& s) -> bool& { return s.regularization.cache_latents; }, "false",
                   "Also store each image's VAE latents (training then skips the VAE and the crop for them)."));

  t.push_back(path("metrics.clip", [](S& s) -> fs::path& { return s.metrics.clip; }, "none",
                   "CLIP folder for CLIP-I and CLIP-T: both towers (the clip-vit-* layout) or the vision tower."));
  t.push_back(path("metrics.clip_text", [](S& s) -> fs::path& { return s.metrics.clip_text; }, "the clip folder",
                   "CLIP text tower for CLIP-T when it is not in the clip folder."));
  t.push_back(path("metrics.tokenizer", [](S& s) -> fs::path& { return s.metrics.tokenizer; }, "the text tower's folder",
                   "Folder with the CLIP vocab.json and merges.txt for CLIP-T."));
  t.push_back(path("metrics.dino", [](S& s) -> fs::path& { return s.metrics.dino; }, "none", "DINO ViT-S/16 folder or .safetensors."));
  t.push_back(number("metrics.clip_t_margin", [](S& s) -> double& { return s.metrics.clip_t_margin; }, 0, 2, "0.01",
                     "Suggested checkpoint: the best DINO among those within this of the best CLIP-T."));
  return t;
}

}  // namespace

const std::vector<SettingKey>& train_setting_keys() {
  static const std::vector<SettingKey> table = build_table();
  return table;
}

const SettingKey* find_train_setting(std::string_view name) {
  for (const auto& k : train_setting_keys())
    if (k.name == name) return &k;
  return nullptr;
}

const std::vector<std::string>& train_setting_groups() {
  static const std::vector<std::string> groups = {"regularization", "metrics"};
  return groups;
}

}  // namespace olis::jobs
