#pragma once
// What an export says about itself: which checkpoint it holds (the step, why that one), the base model, the
// settings and the sweep's metrics, in the __metadata__ of every exported file. kohya's "ss_*" names are
// used where kohya-ss/sd-scripts has one (A1111, Forge and ComfyUI show them); the rest are "olis_*".
// The export folder carries the step too: <output_dir>/export/step-XXXXXXXX.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/project.h"
#include "core/jobs/train_settings.h"
#include "core/training/trainable_model.h"

namespace olis::jobs {

// Which checkpoint an export holds when no step is named: the one the metric sweep suggests (the default;
// the newest when the run has no sweep), or the newest.
enum class ExportChoice { Suggested, Last };

// <output_dir>/export/step-XXXXXXXX
std::filesystem::path export_dir_for_step(const std::filesystem::path& output_dir, int64_t step);

// A1111's legacy model hash (kohya's ss_sd_model_hash): the first 8 hex digits of the SHA-256 of the 64 KiB
// that start at 1 MiB into the file (fewer when the file is shorter).
Expected<std::string> legacy_model_hash(const std::filesystem::path& file);
// SHA-256 of a whole file (ss_new_sd_model_hash), lower-case hex. Base models are gigabytes, so the value is
// cached in `cache_file` (JSON) for the file's path, size and modification time.
Expected<std::string> cached_file_sha256(const std::filesystem::path& file, const std::filesystem::path& cache_file);

// The run's part: base model (name, hashes, Olis fingerprint), subject, settings. `total_steps` and
// `resolution_px` as the run used them.
training::ExportMetadata run_export_metadata(const Project& project, const std::filesystem::path& project_dir,
                                             const TrainSettings& settings, int64_t total_steps, int resolution_px);

// The checkpoint's part.
struct StepExport {
  int64_t step = 0;
  std::string choice;                           // "suggested", "last" or "chosen" (a step named by the user)
  std::optional<int64_t> suggested_step;        // what the sweep suggests, if anything
  std::optional<eval::CheckpointMetrics> metrics;  // the sweep's record of this step
  std::optional<double> smoothed_loss;
};
void add_step_metadata(training::ExportMetadata& metadata, const StepExport& s);

// The sweep's record of `step` in the run's metric log, if any (an unreadable log gives none).
std::optional<eval::CheckpointMetrics> metrics_of_step(const std::filesystem::path& eval_log, int64_t step);

}  // namespace olis::jobs
