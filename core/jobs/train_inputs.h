#pragma once
// Checks of a project's training inputs before any work starts (no model is loaded): the captions as
// `olis-cli captions check` judges them, the photos (readable, large enough for the training resolution)
// and the settings that would make a run pointless. The CLI, the dry-run and the GUI's training job share
// them, so a problem reads the same everywhere.
#include <functional>
#include <string>
#include <vector>

#include "core/jobs/project_training.h"

namespace olis::jobs {

struct TrainingInputReport {
  std::vector<std::string> errors;    // training would be wrong or fail: refused
  std::vector<std::string> warnings;  // training runs, but the user should know

  bool ok() const { return errors.empty(); }
};

// Caption errors are refused unless settings.allow_caption_errors; a caption over CLIP's 77 tokens is a
// warning (training cuts it, as CLIP does). A photo smaller than the resolution on its short side is a
// warning (it is enlarged).
TrainingInputReport check_training_inputs(const ProjectTraining& project);

// Runs the checks, passes every warning to `log` ("warning: ..."), and throws olis::Error listing every
// error.
void require_training_inputs(const ProjectTraining& project, const std::function<void(const std::string&)>& log);

}  // namespace olis::jobs
