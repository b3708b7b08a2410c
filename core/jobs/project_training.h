#pragma once
// The regularization-set and training jobs of a project folder (project.olis.yaml + training.olis.yaml),
// built the same way for olis-cli and the GUI's job queue.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/jobs/export_metadata.h"
#include "core/jobs/project.h"
#include "core/jobs/regset_job.h"
#include "core/jobs/train_job.h"
#include "core/jobs/train_settings.h"
#include "core/prompts/subject.h"
#include "core/training/sd_trainable_model.h"

namespace olis::jobs {

struct ProjectTraining {
  std::filesystem::path dir;  // the project folder
  Project project;
  TrainSettings settings;

  prompts::Subject subject() const;
  int resolution_px(const training::SdTrainableModel& model) const;
};

// Reads both files of a project folder (or a project.olis.yaml path), checks the subject fields jobs
// need, reads the base model's facts from its headers and resolves the settings (the family's defaults,
// the file, then `flags`). Errors name the file, line and key.
Expected<ProjectTraining> open_project_training(const std::filesystem::path& project, const SettingFlags& flags = {});

// The validation images of each round: the prompt file's prompts (all of them, or the first
// validation_prompts when that is set) or the built-in set (prompts/validation_prompts.h), each with
// validation_seeds seeds: prompt i, image j has seed 1000 + i * seeds + j (a rephrased variant shares its
// prompt's seeds). Errors name the prompt file.
struct ValidationImageSpec {
  std::string prompt;
  uint64_t seed = 0;
};
Expected<std::vector<ValidationImageSpec>> validation_images(const ProjectTraining& p);

// Loads the base model for generation (reg sets) or for training in the settings' mode.
// The device training runs on ("auto": cuda when a CUDA device is present, else cpu), e.g. "cuda:1".
std::string training_device_name(const TrainSettings& settings);

std::shared_ptr<training::SdTrainableModel> load_project_model(const ProjectTraining& p, bool for_training);

// The regularization-set job of the project's set as its settings and captions define it now
// (core/jobs/regset_plan.h). The generating model (regularization.model or the base model) is loaded when
// the first image is missing, so a cached set loads no weights and writes nothing into the cache.
std::unique_ptr<RegSetJob> make_regset_job(const ProjectTraining& p);

// The project's regularization set in the cache (keyed by base model, class, count, ...) and how far it is.
// Reads file headers and the pools, no weights: cheap enough to ask before queueing a training job.
enum class RegSetState { NotUsed, Missing, Unfinished, Complete };  // NotUsed: prior none or count 0
struct RegSetReadiness {
  RegSetState state = RegSetState::Missing;
  std::filesystem::path dir;  // <cache root>/<key digest>
  int64_t missing = 0;        // images of the set that do not exist yet
};
RegSetReadiness regset_readiness(const RegSetPlan& plan);  // looks only at the plan's image files
std::filesystem::path regularization_set_dir(const ProjectTraining& p);  // throws olis::Error (unreadable model)
Expected<RegSetReadiness> regularization_set_status(const ProjectTraining& p);

struct TrainOverrides {
  bool resume = false;
  ExportChoice export_choice = ExportChoice::Suggested;  // the checkpoint the end-of-run export holds
  std::optional<int64_t> eval_every;
  std::optional<int64_t> steps;
  std::function<void(const TrainMetrics&)> on_metrics;  // the GUI's live plot; runs on the job's thread
};

// The training job over the project's photos and its finished regularization set. Throws olis::Error
// when the set is missing or unfinished ("run olis-cli regset first"), or when checkpoints exist and
// resume is off.
std::unique_ptr<TrainJob> make_train_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model,
                                         const TrainOverrides& overrides);

// The sweep's scorer for make_train_job: loads the metric models of settings.metrics and scores each
// validation round against the project's photos. Empty when no metric model is configured.
ValidationScorer make_validation_scorer(const ProjectTraining& p);

// Exports the trainable weights of a checkpoint of the project's run with the same formats and metadata as
// the end of training (LoRA: kohya with the identifier embedding bundled, diffusers, embedding file; full:
// single file + diffusers folder) into `out_dir` (default <output_dir>/export/step-XXXXXXXX). The checkpoint:
// `step` when given, else the one `choice` names (the sweep's suggestion, or the newest when there is none).
// `model` must be loaded for training.
struct CheckpointExport {
  int64_t step = 0;
  std::string choice;  // "suggested", "last" or "chosen"
  std::vector<training::ExportedFile> files;
};
CheckpointExport export_checkpoint(const ProjectTraining& p, training::SdTrainableModel& model,
                                   std::optional<int64_t> step, std::filesystem::path out_dir = {},
                                   ExportChoice choice = ExportChoice::Suggested);

// One project task as a queueable job: the project files are read and the model is loaded inside run(),
// on the thread that runs the job (the GUI's engine thread), so queueing costs nothing.
enum class ProjectTask { RegularizationSet, Training, Export };

struct ProjectJobOptions {
  ProjectTask task = ProjectTask::Training;
  TrainOverrides train;                 // Training
  std::optional<int64_t> export_step;   // Export: nullopt = the one export_choice names
  ExportChoice export_choice = ExportChoice::Suggested;
  std::filesystem::path export_dir;     // Export: default <output_dir>/export/step-XXXXXXXX
};

class ProjectJob : public Job {
 public:
  ProjectJob(std::filesystem::path project_dir, ProjectJobOptions options);
  std::string name() const override;
  JobKind kind() const override;
  std::filesystem::path output_dir() const override { return output_dir_; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const std::vector<training::ExportedFile>& exported() const { return exported_; }
  std::optional<int64_t> suggested_step() const { return suggested_; }
  std::optional<int64_t> exported_step() const { return exported_step_; }

 private:
  std::filesystem::path dir_;
  ProjectJobOptions options_;
  std::filesystem::path output_dir_;
  std::vector<training::ExportedFile> exported_;
  std::optional<int64_t> suggested_;
  std::optional<int64_t> exported_step_;
};

}  // namespace olis::jobs
