#include "core/jobs/train_settings.h"

#include <yaml-cpp/yaml.h>

#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;

const char* to_string(TrainPrecision p) {
  switch (p) {
    case TrainPrecision::BFloat16: return "bf16";
    case TrainPrecision::Float16: return "fp16";
    case TrainPrecision::Float32: break;
  }
  return "fp32";
}

const char* to_string(RegPrior p) {
  switch (p) {
    case RegPrior::Class: return "class";
    case RegPrior::None: return "none";
    case RegPrior::Structured: break;
  }
  return "structured";
}

std::optional<RegPrior> parse_reg_prior(const std::string& text) {
  if (text == "structured") return RegPrior::Structured;
  if (text == "class") return RegPrior::Class;
  if (text == "none") return RegPrior::None;
  return std::nullopt;
}

namespace {

std::string where(const std::string& label, const YAML::Node& node) {
  const auto mark = node.Mark();
  return mark.line < 0 ? label : label + " line " + std::to_string(mark.line + 1);
}

template <class T>
void read(const YAML::Node& map, const char* key, T& out, const std::string& label) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return;
  try {
    out = node.as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where(label, node) + ": '" + key + "' has the wrong type");
  }
}

fs::path resolve(const std::string& p, const fs::path& base) {
  if (p.empty()) return {};
  fs::path path(p);
  return path.is_absolute() ? path : base / path;
}

TrainSettings parse(const YAML::Node& root, const std::string& label, const fs::path& base) {
  if (!root.IsMap()) throw Error(label + ": expected a YAML mapping of training settings");
  TrainSettings s;
  std::string text;
  read(root, "base_model", text, label);
  if (text.empty()) throw Error(label + ": 'base_model' is missing (the path of a diffusers folder or .safetensors file)");
  s.base_model = resolve(text, base);
  text.clear();
  read(root, "output_dir", text, label);
  s.output_dir = text.empty() ? base / "training" : resolve(text, base);
  std::string mode = "lora";
  read(root, "mode", mode, label);
  if (mode == "lora") s.mode = training::TrainMode::Lora;
  else if (mode == "full") s.mode = training::TrainMode::Full;
  else throw Error(where(label, root["mode"]) + ": unknown mode '" + mode + "' (use lora or full)");
  read(root, "steps", s.steps, label);
  read(root, "lr", s.lr, label);
  std::string schedule = "constant";
  read(root, "lr_schedule", schedule, label);
  auto kind = training::parse_lr_schedule(schedule);
  if (!kind) throw Error(where(label, root["lr_schedule"]) + ": unknown lr_schedule '" + schedule + "' (use constant or cosine)");
  s.schedule = *kind;
  read(root, "warmup_steps", s.warmup_steps, label);
  read(root, "beta1", s.beta1, label);
  read(root, "beta2", s.beta2, label);
  read(root, "weight_decay", s.weight_decay, label);
  read(root, "eps", s.eps, label);
  read(root, "max_grad_norm", s.max_grad_norm, label);
  read(root, "lora_rank", s.lora_rank, label);
  s.lora_alpha = s.lora_rank;
  read(root, "lora_alpha", s.lora_alpha, label);
  read(root, "train_text_encoder", s.train_text_encoder, label);
  read(root, "resolution", s.resolution_px, label);
  read(root, "horizontal_flip", s.horizontal_flip, label);
  read(root, "prior_loss_weight", s.prior_loss_weight, label);
  read(root, "adjective_dropout", s.dropout_p, label);
  read(root, "min_snr_gamma", s.min_snr_gamma, label);
  read(root, "offset_noise", s.offset_noise, label);
  read(root, "seed", s.seed, label);
  read(root, "checkpoint_every", s.checkpoint_every, label);
  read(root, "keep_last", s.keep_last, label);
  read(root, "eval_every", s.eval_every, label);
  read(root, "eval_steps", s.eval_steps, label);
  read(root, "validation_prompts", s.validation_prompts, label);
  read(root, "gradient_checkpointing", s.gradient_checkpointing, label);
  read(root, "device", s.device, label);
  std::string vocab;
  read(root, "vocab_dir", vocab, label);
  s.vocab_dir = resolve(vocab, base);
  std::string precision = "fp32";
  read(root, "precision", precision, label);
  if (precision == "fp32") s.precision = TrainPrecision::Float32;
  else if (precision == "bf16") s.precision = TrainPrecision::BFloat16;
  else if (precision == "fp16") s.precision = TrainPrecision::Float16;
  else throw Error(where(label, root["precision"]) + ": unknown precision '" + precision + "' (use fp32, bf16 or fp16)");
  if (s.lora_rank < 1) throw Error(label + ": lora_rank must be at least 1");
  if (s.dropout_p < 0 || s.dropout_p > 1) throw Error(label + ": adjective_dropout must be between 0 and 1");
  if (s.keep_last < 1) throw Error(label + ": keep_last must be at least 1");

  const YAML::Node reg = root["regularization"];
  if (reg && !reg.IsNull()) {
    if (!reg.IsMap()) throw Error(where(label, reg) + ": 'regularization' should be a mapping");
    auto& r = s.regularization;
    std::string prior = to_string(r.prior);
    read(reg, "prior", prior, label);
    const auto parsed_prior = parse_reg_prior(prior);
    if (!parsed_prior)
      throw Error(where(label, reg["prior"]) + ": unknown regularization prior '" + prior +
                  "' (use structured, class or none)");
    r.prior = *parsed_prior;
    std::string model;
    read(reg, "model", model, label);
    r.model = resolve(model, base);
    read(reg, "count", r.count, label);
    read(reg, "batch", r.batch, label);
    read(reg, "seed", r.seed, label);
    read(reg, "sampler", r.sampler, label);
    if (r.sampler != "ddim" && r.sampler != "euler" && r.sampler != "dpmpp2m")
      throw Error(where(label, reg["sampler"]) + ": regularization sampler '" + r.sampler +
                  "' is not possible (use ddim, euler or dpmpp2m: samplers that add no noise of their own, so that "
                  "an image depends only on its prompt and seed)");
    read(reg, "steps", r.steps, label);
    read(reg, "guidance", r.guidance, label);
    read(reg, "size", r.size_px, label);
    read(reg, "negative_prompt", r.negative_prompt, label);
    std::string m, c;
    read(reg, "manifest", m, label);
    read(reg, "cache_root", c, label);
    r.manifest = resolve(m, base).string();
    r.cache_root = resolve(c, base).string();
    read(reg, "cache_latents", r.cache_latents, label);
    if (r.count < 0 || r.batch < 1) throw Error(where(label, reg) + ": regularization count must be >= 0 and batch >= 1");
    if (r.steps < 0) throw Error(where(label, reg) + ": regularization steps must be >= 0 (0: 50)");
    if (r.size_px < 0 || r.size_px % 8 != 0)
      throw Error(where(label, reg) + ": regularization size must be a multiple of 8 pixels (0: automatic)");
  }
  const YAML::Node met = root["metrics"];
  if (met && !met.IsNull()) {
    if (!met.IsMap()) throw Error(where(label, met) + ": 'metrics' should be a mapping (clip, clip_text, tokenizer, dino)");
    auto& m = s.metrics;
    for (auto [key, out] : {std::pair<const char*, fs::path*>{"clip", &m.clip}, {"clip_text", &m.clip_text},
                            {"tokenizer", &m.tokenizer}, {"dino", &m.dino}}) {
      std::string v;
      read(met, key, v, label);
      *out = resolve(v, base);
    }
    read(met, "clip_t_margin", m.clip_t_margin, label);
    if (m.clip_t_margin < 0) throw Error(where(label, met) + ": clip_t_margin must be >= 0");
  }
  if (s.validation_prompts < 0) throw Error(label + ": validation_prompts must be >= 0");
  if (s.regularization.manifest.empty()) s.regularization.manifest = (base / "regularization.jsonl").string();
  return s;
}

}  // namespace

Expected<TrainSettings> parse_train_settings(const std::string& yaml, const std::string& label, const fs::path& base_dir) {
  try {
    return parse(YAML::Load(yaml), label, base_dir);
  } catch (const YAML::Exception& e) {
    return fail(label + " line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const Error& e) {
    return fail(e.what());
  }
}

std::string format_train_settings(const TrainSettings& s) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  auto kv = [&](const char* k, const auto& v) { e << YAML::Key << k << YAML::Value << v; };
  auto path = [&](const char* k, const fs::path& p) { if (!p.empty()) kv(k, p.string()); };
  e << YAML::Comment("Olis training settings (see the README); every key but base_model is optional");
  path("base_model", s.base_model);
  path("output_dir", s.output_dir);
  kv("mode", s.mode == training::TrainMode::Full ? "full" : "lora");
  kv("steps", s.steps);
  kv("lr", s.lr);
  kv("lr_schedule", training::to_string(s.schedule));
  kv("warmup_steps", s.warmup_steps);
  kv("beta1", s.beta1);
  kv("beta2", s.beta2);
  kv("weight_decay", s.weight_decay);
  kv("eps", s.eps);
  kv("max_grad_norm", s.max_grad_norm);
  kv("lora_rank", s.lora_rank);
  kv("lora_alpha", s.lora_alpha);
  kv("train_text_encoder", s.train_text_encoder);
  kv("resolution", s.resolution_px);
  kv("horizontal_flip", s.horizontal_flip);
  kv("prior_loss_weight", s.prior_loss_weight);
  kv("adjective_dropout", s.dropout_p);
  kv("min_snr_gamma", s.min_snr_gamma);
  kv("offset_noise", s.offset_noise);
  kv("seed", s.seed);
  kv("checkpoint_every", s.checkpoint_every);
  kv("keep_last", s.keep_last);
  kv("eval_every", s.eval_every);
  kv("eval_steps", s.eval_steps);
  kv("validation_prompts", s.validation_prompts);
  kv("gradient_checkpointing", s.gradient_checkpointing);
  kv("precision", to_string(s.precision));
  kv("device", s.device);
  path("vocab_dir", s.vocab_dir);
  const auto& r = s.regularization;
  e << YAML::Key << "regularization" << YAML::Value << YAML::BeginMap;
  kv("prior", to_string(r.prior));
  path("model", r.model);
  kv("count", r.count);
  kv("batch", r.batch);
  kv("seed", r.seed);
  kv("sampler", r.sampler);
  kv("steps", r.steps);
  kv("guidance", r.guidance);
  kv("size", r.size_px);
  kv("negative_prompt", r.negative_prompt);
  if (!r.manifest.empty()) kv("manifest", r.manifest);
  if (!r.cache_root.empty()) kv("cache_root", r.cache_root);
  kv("cache_latents", r.cache_latents);
  e << YAML::EndMap;
  const auto& m = s.metrics;
  e << YAML::Key << "metrics" << YAML::Value << YAML::BeginMap;
  path("clip", m.clip);
  path("clip_text", m.clip_text);
  path("tokenizer", m.tokenizer);
  path("dino", m.dino);
  kv("clip_t_margin", m.clip_t_margin);
  e << YAML::EndMap;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

Expected<void> save_train_settings(const fs::path& file, const TrainSettings& settings) {
  try {
    write_file_atomic(file, format_train_settings(settings));
  } catch (const std::exception& e) {
    return fail(file.string() + ": cannot write the training settings (" + e.what() + ")");
  }
  return {};
}

Expected<TrainSettings> load_train_settings(const fs::path& file) {
  fs::path path = file;
  if (fs::is_directory(path)) path /= kTrainSettingsFileName;
  auto text = read_text_file(path);
  if (!text) return fail(path.string() + ": cannot read the training settings (" + text.error().message() + ")");
  return parse_train_settings(*text, path.string(), fs::absolute(path).parent_path());
}

}  // namespace olis::jobs
