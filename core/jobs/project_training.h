#pragma once
// The regularization-set and training jobs of a project folder (project.olis.yaml + training.olis.yaml),
// built the same way for olis-cli and the GUI's job queue.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

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
  RegSetKey regset_key(const std::string& model_hash, const std::string& pool_version) const;
};

// Reads both files of a project folder (or a project.olis.yaml path). Errors name the file and line.
Expected<ProjectTraining> open_project_training(const std::filesystem::path& project);

// Loads the base model for generation (reg sets) or for training in the settings' mode.
std::shared_ptr<training::SdTrainableModel> load_project_model(const ProjectTraining& p, bool for_training);

// The regularization-set job. Samples the prompt manifest (paper §3: 20/60/20) into the project's
// manifest path first when it does not exist yet.
std::unique_ptr<RegSetJob> make_regset_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model);

// The project's regularization set in the cache (keyed by base model, class, count, ...) and how far it is.
// Reads file headers and the pools, no weights: cheap enough to ask before queueing a training job.
enum class RegSetState { NotUsed, Missing, Unfinished, Complete };  // NotUsed: regularization count 0
struct RegSetReadiness {
  RegSetState state = RegSetState::Missing;
  std::filesystem::path dir;  // <cache root>/<key digest>
};
std::filesystem::path regularization_set_dir(const ProjectTraining& p);  // throws olis::Error (unreadable model)
Expected<RegSetReadiness> regularization_set_status(const ProjectTraining& p);

struct TrainOverrides {
  bool resume = false;
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

// Exports the trainable weights of a checkpoint of the project's run (`step`; nullopt: the newest) with
// the same formats as the end of training (LoRA: kohya + diffusers; full: single file + diffusers folder)
// into `out_dir` (default <output_dir>/export/step-XXXXXXXX). `model` must be loaded for training.
std::vector<training::ExportedFile> export_checkpoint(const ProjectTraining& p, training::TrainableModel& model,
                                                      std::optional<int64_t> step, std::filesystem::path out_dir = {});

// One project task as a queueable job: the project files are read and the model is loaded inside run(),
// on the thread that runs the job (the GUI's engine thread), so queueing costs nothing.
enum class ProjectTask { RegularizationSet, Training, Export };

struct ProjectJobOptions {
  ProjectTask task = ProjectTask::Training;
  TrainOverrides train;                 // Training
  std::optional<int64_t> export_step;   // Export: nullopt = newest checkpoint
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

 private:
  std::filesystem::path dir_;
  ProjectJobOptions options_;
  std::filesystem::path output_dir_;
  std::vector<training::ExportedFile> exported_;
  std::optional<int64_t> suggested_;
};

}  // namespace olis::jobs
