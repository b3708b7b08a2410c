#pragma once
// The regularization-set and training jobs of a project folder (project.olis.yaml + training.olis.yaml),
// built the same way for olis-cli and the GUI's job queue.
#include <cstdint>
#include <filesystem>
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

struct TrainOverrides {
  bool resume = false;
  std::optional<int64_t> eval_every;
  std::optional<int64_t> steps;
};

// The training job over the project's photos and its finished regularization set. Throws olis::Error
// when the set is missing or unfinished ("run olis-cli regset first"), or when checkpoints exist and
// resume is off.
std::unique_ptr<TrainJob> make_train_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model,
                                         const TrainOverrides& overrides);

}  // namespace olis::jobs
