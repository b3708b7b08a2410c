#pragma once
// Job: text-to-image generation (core/sampling/text_to_image.h) with progress, previews and cancel, writing
// PNGs with their A1111 "parameters" chunk. The models come from a PipelineProvider, so the job does not
// know how weights are loaded or cached; the engine owner (EngineWorker's user) supplies one that keeps
// the loaded pipeline between jobs.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/jobs/job.h"
#include "core/sampling/text_to_image.h"

namespace olis::jobs {

struct GenerationJobParams {
  olis::sampling::GenerateParams generate;
  std::filesystem::path model_path;  // diffusers folder or single .safetensors
  std::filesystem::path lora_path;   // empty: none
  std::filesystem::path output_path; // "<folder>/<name>.png"; batches get -1, -2, ...
  int preview_every_steps = 5;       // 0: no previews
};

// Loads (or returns the cached) pipeline for a model and optional LoRA. Runs on the engine thread; may
// report progress and logs through `callbacks`, and throws olis::Error when the model cannot be used.
using PipelineProvider = std::function<std::shared_ptr<const olis::sampling::PipelineComponents>(
    const std::filesystem::path& model, const std::filesystem::path& lora, const JobCallbacks& callbacks)>;

class GenerationJob : public Job {
 public:
  GenerationJob(GenerationJobParams params, PipelineProvider provider);
  std::string name() const override;
  JobKind kind() const override { return JobKind::Generation; }
  std::filesystem::path output_dir() const override { return params_.output_path.parent_path(); }
  void run(const JobCallbacks& callbacks, CancelToken& cancel) override;

  const GenerationJobParams& params() const { return params_; }
  // After run(): the files written and their parameters text, one per image.
  const std::vector<std::filesystem::path>& written() const { return written_; }
  const std::vector<std::string>& parameters() const { return parameters_; }

 private:
  GenerationJobParams params_;
  PipelineProvider provider_;
  std::vector<std::filesystem::path> written_;
  std::vector<std::string> parameters_;
};

}  // namespace olis::jobs
