#include "core/jobs/export_metadata.h"

#include <chrono>
#include <cmath>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/jobs/content_hash.h"
#include "core/jobs/regset_cache.h"
#include "core/util/atomic_file.h"
#include "olis/version.h"

namespace olis::jobs {

namespace fs = std::filesystem;

namespace {

const char* py_bool(bool b) { return b ? "True" : "False"; }  // kohya writes str(bool)

// Python's str(float), as kohya writes numbers: "1.0", "0.0001", "1e-08".
std::string number(double v) {
  auto text = fmt::format("{}", v);
  if (std::isfinite(v) && text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

nlohmann::json score(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// The settings that shape the result (no paths: the files travel to other machines).
nlohmann::json settings_json(const TrainSettings& s, int64_t total_steps, int resolution_px) {
  const auto& r = s.regularization;
  return nlohmann::json{{"mode", training::to_string(s.mode)},
                        {"steps", total_steps},
                        {"lr", s.lr},
                        {"schedule", training::to_string(s.schedule)},
                        {"warmup_steps", s.warmup_steps},
                        {"adamw", {{"beta1", s.beta1}, {"beta2", s.beta2}, {"weight_decay", s.weight_decay}, {"eps", s.eps}}},
                        {"max_grad_norm", s.max_grad_norm},
                        {"lora_rank", s.lora_rank},
                        {"lora_alpha", s.lora_alpha},
                        {"train_text_encoder", s.train_text_encoder},
                        {"resolution", resolution_px},
                        {"horizontal_flip", s.horizontal_flip},
                        {"random_crop", s.random_crop},
                        {"prior_loss_weight", s.prior_loss_weight},
                        {"dropout_p", s.dropout_p},
                        {"min_snr_gamma", s.min_snr_gamma},
                        {"offset_noise", s.offset_noise},
                        {"seed", std::to_string(s.seed)},
                        {"precision", to_string(s.precision)},
                        {"regularization",
                         {{"count", r.count}, {"seed", std::to_string(r.seed)}, {"sampler", r.sampler}, {"steps", r.steps},
                          {"guidance", r.guidance}}}};
}

}  // namespace

fs::path export_dir_for_step(const fs::path& output_dir, int64_t step) {
  return output_dir / "export" / fmt::format("step-{:08d}", step);
}

Expected<std::string> legacy_model_hash(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(file.string() + ": cannot be opened to compute its model hash");
  in.seekg(0x100000);
  std::string block(0x10000, '\0');
  if (in) in.read(block.data(), static_cast<std::streamsize>(block.size()));
  block.resize(in ? block.size() : static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return sha256_hex(block).substr(0, 8);
}

Expected<std::string> cached_file_sha256(const fs::path& file, const fs::path& cache_file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return fail(file.string() + ": cannot read the file size (" + ec.message() + ")");
  const auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  const std::string path = fs::absolute(file).lexically_normal().string();
  if (auto text = read_text_file(cache_file)) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_object() && j.value("path", "") == path && j.value("size", uint64_t{0}) == size &&
        j.value("mtime", decltype(mtime){0}) == mtime && j.contains("sha256") && j["sha256"].is_string())
      return j["sha256"].get<std::string>();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(file.string() + ": cannot be opened to compute its SHA-256");
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  const auto digest = h.hex_digest();
  // The cache is a convenience: a failed write costs the next export another pass over the file.
  try {
    fs::create_directories(cache_file.parent_path());
    write_file_atomic(cache_file, nlohmann::json{{"path", path}, {"size", size}, {"mtime", mtime}, {"sha256", digest}}.dump(2) + "\n");
  } catch (const std::exception&) {
  }
  return digest;
}

training::ExportMetadata run_export_metadata(const Project& project, const fs::path& project_dir,
                                             const TrainSettings& settings, int64_t total_steps, int resolution_px) {
  training::ExportMetadata m;
  const auto& s = settings;
  const fs::path base = s.base_model;
  m["ss_output_name"] = project_dir.filename().string();
  m["ss_sd_model_name"] = base.filename().empty() ? base.parent_path().filename().string() : base.filename().string();
  if (fs::is_regular_file(base)) {
    m["ss_sd_model_hash"] = value_or_throw(legacy_model_hash(base));
    m["ss_new_sd_model_hash"] = value_or_throw(cached_file_sha256(base, s.output_dir / "base_model.sha256.json"));
  }
  m["olis_base_model_fingerprint"] = value_or_throw(model_fingerprint(base));
  m["ss_learning_rate"] = number(s.lr);
  m["ss_max_train_steps"] = std::to_string(total_steps);
  m["ss_lr_scheduler"] = training::to_string(s.schedule);
  m["ss_lr_warmup_steps"] = std::to_string(s.warmup_steps);
  m["ss_optimizer"] = fmt::format("AdamW(weight_decay={},betas=({},{}),eps={})", number(s.weight_decay),
                                  number(s.beta1), number(s.beta2), number(s.eps));
  m["ss_max_grad_norm"] = number(s.max_grad_norm);
  m["ss_seed"] = std::to_string(s.seed);
  m["ss_resolution"] = fmt::format("({}, {})", resolution_px, resolution_px);
  m["ss_prior_loss_weight"] = number(s.prior_loss_weight);
  m["ss_min_snr_gamma"] = number(s.min_snr_gamma);
  m["ss_noise_offset"] = number(s.offset_noise);
  m["ss_gradient_checkpointing"] = py_bool(s.gradient_checkpointing);
  m["ss_mixed_precision"] = s.precision == TrainPrecision::Float32 ? "no" : to_string(s.precision);
  m["ss_flip_aug"] = py_bool(s.horizontal_flip);
  m["ss_random_crop"] = py_bool(s.random_crop);
  m["ss_num_train_images"] = std::to_string(project.photos.size());
  m["ss_num_reg_images"] = std::to_string(s.regularization.count);
  m["ss_batch_size_per_device"] = "1";  // one photo and one regularization image per step
  m["ss_training_comment"] = fmt::format(
      "Olis DreamBooth with structured prior preservation; identifier '{}', class '{}' ({})", project.subject.identifier,
      project.subject.specific_class.empty() ? project.subject.class_noun : project.subject.specific_class,
      subject_kind_name(project.subject.kind));
  m["olis_version"] = OLIS_VERSION_STRING;
  m["olis_subject"] = nlohmann::json{{"identifier", project.subject.identifier},
                                     {"class", project.subject.class_noun},
                                     {"specific_class", project.subject.specific_class},
                                     {"kind", subject_kind_name(project.subject.kind)}}
                          .dump();
  m["olis_settings"] = settings_json(s, total_steps, resolution_px).dump();
  return m;
}

void add_step_metadata(training::ExportMetadata& m, const StepExport& s) {
  m["ss_steps"] = std::to_string(s.step);
  m["olis_step"] = std::to_string(s.step);
  m["olis_checkpoint"] = s.choice;
  if (s.suggested_step) m["olis_suggested_step"] = std::to_string(*s.suggested_step);
  if (s.metrics)
    m["olis_metrics"] = nlohmann::json{{"step", s.metrics->step},           {"dino", score(s.metrics->dino)},
                                       {"clip_i", score(s.metrics->clip_i)},   {"clip_t", score(s.metrics->clip_t)},
                                       {"clip_t_object", score(s.metrics->clip_t_object)},
                                       {"images", s.metrics->images}}
                            .dump();
  if (s.smoothed_loss && std::isfinite(*s.smoothed_loss)) m["olis_smoothed_loss"] = number(*s.smoothed_loss);
}

std::optional<eval::CheckpointMetrics> metrics_of_step(const fs::path& eval_log, int64_t step) {
  auto records = eval::read_metrics_log(eval_log);
  if (!records) return std::nullopt;
  for (const auto& r : *records)
    if (r.step == step) return r;
  return std::nullopt;
}

}  // namespace olis::jobs
