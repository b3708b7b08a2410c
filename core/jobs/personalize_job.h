#pragma once
// One click from photos to results (a booth personalizes one visitor's subject after another). For a
// project folder (project.olis.yaml + training.olis.yaml) the chain runs:
//   1. captions            photos without a caption get the best CLIP suggestion (optional; needs the CLIP
//                          model of the settings' metrics with its text tower)
//   2. regularization_set  from the class cache when another subject of the class made it; a file lock keeps
//                          two chains from filling the same set at once
//   3. training            with the metric sweep; resumed from the newest checkpoint when there is one
//   4. export              the suggested checkpoint (else the newest) to <output>/export/step-N
//   5. sample_grid         the base model against that checkpoint on the validation prompts
//                          (<output>/personalize/grid.png; the checkpoint's validation images are reused, the
//                          cells are kept with the project's other grids in <project>/compare/cells)
// Each stage records its state in <output>/personalize.json and is resumable, so a cancelled or killed chain
// goes on where it stopped. A chain pinned to a device ("cuda:1") runs there whatever the settings say,
// so a booth with two GPUs runs two subjects at once; chains of different projects share no files but the
// regularization cache.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/job.h"
#include "core/training/trainable_model.h"

namespace olis::jobs {

enum class PersonalizeStage { Captions, RegularizationSet, Training, Export, SampleGrid };
inline constexpr PersonalizeStage kPersonalizeStages[] = {PersonalizeStage::Captions, PersonalizeStage::RegularizationSet,
                                                          PersonalizeStage::Training, PersonalizeStage::Export,
                                                          PersonalizeStage::SampleGrid};
const char* to_string(PersonalizeStage stage);  // "captions", "regularization_set", "training", "export", "sample_grid"

enum class StageState { Pending, Running, Done, Skipped, Failed, Cancelled };
const char* to_string(StageState state);  // "pending", "running", "done", "skipped", "failed", "cancelled"

struct StageRecord {
  StageState state = StageState::Pending;
  std::string message;  // what happened, for people ("3 captions suggested", "resumed from step 200")
};

// <output>/personalize.json.
struct PersonalizeState {
  std::map<PersonalizeStage, StageRecord> stages;
  std::optional<int64_t> exported_step;
  std::vector<training::ExportedFile> exported;
  std::filesystem::path grid;  // the sample grid PNG
  std::optional<int64_t> grid_step;  // the checkpoint the grid shows
  bool finished() const;       // every stage done or skipped
};
inline constexpr const char* kPersonalizeStateFile = "personalize.json";
// The state of a project's chain (all Pending when it never ran). Errors name the file.
Expected<PersonalizeState> read_personalize_state(const std::filesystem::path& project_dir);

struct PersonalizeOptions {
  bool suggest_captions = true;
  std::string device;  // empty: the project's setting ("auto", "cpu", "cuda:1")
  // Called on the job's thread when a stage changes state (after personalize.json is written).
  std::function<void(PersonalizeStage, const StageRecord&)> on_stage;
};

class PersonalizeJob : public Job {
 public:
  PersonalizeJob(std::filesystem::path project_dir, PersonalizeOptions options = {});
  std::string name() const override;
  JobKind kind() const override { return JobKind::Training; }
  std::filesystem::path output_dir() const override { return output_dir_; }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const std::filesystem::path& project_dir() const { return dir_; }
  const PersonalizeState& state() const { return state_; }

 private:
  void set_stage(PersonalizeStage stage, StageState state, const std::string& message = {});
  void save_state() const;

  std::filesystem::path dir_;
  PersonalizeOptions options_;
  std::filesystem::path output_dir_;
  PersonalizeState state_;
};

}  // namespace olis::jobs
