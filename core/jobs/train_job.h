#pragma once
// The DreamBooth training job: one training photo + one regularization image per step, prior-
// preservation loss, AdamW with an LR schedule and gradient clipping, checkpoints every K steps (kept:
// the last M) from which a stopped or killed run resumes bit-exactly on CPU, validation images every K
// steps with fixed prompts and seeds, and the export of the result at the end.
// Output folder layout:
//   checkpoints/step-XXXXXXXX.olisckpt.safetensors
//   validation/step-XXXXXXXX/NN.png, prompts.tsv, parameters.json (core/jobs/train_logs.h writes and reads them)
//   export/step-XXXXXXXX/ what TrainableModel::export_to writes, for the suggested (default) or last step
//   metrics.jsonl         one line per step: step, loss, smoothed loss, lr, grad norm (train_logs.h)
//   checkpoints/eval_metrics.jsonl   the sweep: DINO / CLIP-I / CLIP-T of each validation round (when a
//                         scorer is set); the suggested best checkpoint is kept beyond keep_last
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/export_metadata.h"
#include "core/jobs/job.h"
#include "core/training/adamw.h"
#include "core/training/checkpoint.h"
#include "core/training/diffusion_loss.h"
#include "core/training/lr_schedule.h"
#include "core/training/train_data.h"
#include "core/training/trainable_model.h"

namespace olis::jobs {

struct TrainMetrics {
  int64_t step = 0;  // steps done
  int64_t total = 0;
  double loss = 0;
  double smoothed_loss = 0;
  double lr = 0;
  double grad_norm = 0;
  double it_per_second = 0;
  double eta_seconds = -1;
  std::vector<std::filesystem::path> validation_images;  // set on validation steps
  std::optional<eval::CheckpointMetrics> eval;           // set when the validation round was scored
  std::optional<int64_t> suggested_step;                 // the sweep's best checkpoint so far
};

// Scores one validation round (its images with the prompts that made them) against the subject's photos.
using ValidationScorer =
    std::function<eval::CheckpointMetrics(int64_t step, const std::vector<eval::PromptedImage>& images)>;

struct TrainJobParams {
  std::filesystem::path output_dir;
  int64_t total_steps = 4000;
  int64_t checkpoint_every = 500;  // 0: only at the end
  int keep_last = 3;
  int64_t eval_every = 0;          // 0: no validation images
  std::vector<std::string> validation_prompts;  // identifier already rendered
  std::vector<uint64_t> validation_seeds;       // one per prompt (missing ones: 0, 1, ...)
  // How the model samples validation images ({"sampler", "steps", "guidance", "precision", ...}), written with
  // the image size to validation/step-N/parameters.json so that compare grids can reuse the images.
  nlohmann::json validation_parameters;
  training::AdamWParams adamw;
  training::LrSchedule schedule;   // base_lr is the learning rate
  training::LossOptions loss;
  double max_grad_norm = 1.0;
  uint64_t seed = 0;
  bool resume = true;              // continue from the newest checkpoint in output_dir
  bool gradient_checkpointing = false;
  bool export_at_end = true;
  ExportChoice export_choice = ExportChoice::Suggested;     // the checkpoint the end-of-run export holds
  std::function<training::ExportMetadata()> export_metadata;  // the run's part of the exported files' metadata
  // GPU: loss and gradient norm are read back every N steps (0: 10 on CUDA, every step on the CPU); the
  // metrics of every step still reach on_metrics and metrics.jsonl, in order, at each read-back.
  int64_t readback_every = 0;
  bool allow_tf32 = true;        // CUDA: float32 matmuls/convolutions on TF32 tensor cores
  bool cudnn_benchmark = true;   // CUDA: autotune convolution algorithms (shapes repeat every step)
  // Without a random crop scale (crop.min_scale == crop.max_scale) a photo's crop repeats: its latent
  // posterior is then computed once and kept (when the model exposes it), and only the sampling of the
  // latents is redone each step. The same run with or without it gives the same bits.
  bool cache_photo_latents = true;
  std::function<void(const TrainMetrics&)> on_metrics;  // for the GUI's loss plot; may be empty
  ValidationScorer score_validation;  // the metric sweep; empty: validation images only
  eval::BestCheckpointRule best_rule;
};

// Copies a checkpoint's weights into the trainable parameters (by name, shapes checked). Errors name `file`.
void load_checkpoint_weights(std::vector<training::NamedParameter>& trainable, const training::TrainingCheckpoint& ckpt,
                             const std::filesystem::path& file);

class TrainJob : public Job {
 public:
  TrainJob(TrainJobParams params, std::shared_ptr<training::TrainableModel> model,
           std::shared_ptr<const training::TrainingData> data);

  std::string name() const override;
  JobKind kind() const override { return JobKind::Training; }
  std::filesystem::path output_dir() const override { return params_.output_dir; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  int64_t resumed_from_step() const { return resumed_from_; }
  // The checkpoint the sweep suggests (best DINO among those within the CLIP-T margin), if any.
  std::optional<int64_t> suggested_step() const { return suggested_; }
  const std::vector<training::ExportedFile>& exported() const { return exported_; }
  std::optional<int64_t> exported_step() const { return exported_step_; }
  // Photos encoded by the VAE in the last run (fewer than its steps when their latents were cached).
  int64_t photos_encoded() const { return photos_encoded_; }

 private:
  std::vector<std::filesystem::path> validate(int64_t step, const JobCallbacks& callbacks);
  bool is_validation_step(int64_t step) const;
  // Validation images of `step` and, with a scorer, their metrics in the sweep log; fills m's round fields.
  void validation_round(int64_t step, bool has_checkpoint, const JobCallbacks& callbacks, TrainMetrics& m);
  void update_suggestion(const JobCallbacks& callbacks);
  // On resume from `step`: cuts the logs back to it; returns the round to redo when its validation was cut short.
  std::optional<TrainMetrics> trim_logs_to(int64_t step, const JobCallbacks& callbacks);
  void export_result(std::vector<training::NamedParameter>& trainable, double smoothed_loss,
                     const JobCallbacks& callbacks);

  TrainJobParams params_;
  std::shared_ptr<training::TrainableModel> model_;
  std::shared_ptr<const training::TrainingData> data_;
  int64_t resumed_from_ = -1;
  std::optional<int64_t> suggested_;
  std::vector<training::ExportedFile> exported_;
  std::optional<int64_t> exported_step_;
  int64_t photos_encoded_ = 0;
};

}  // namespace olis::jobs
