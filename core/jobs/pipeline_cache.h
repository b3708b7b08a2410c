#pragma once
// Keeps the last loaded text-to-image pipeline (core/sampling/pipeline_loader.h) so that consecutive
// generation jobs with the same model, LoRA and placement do not load weights again. provider() plugs into
// GenerationJob; it runs on the engine thread. Thread-safe.
#include <memory>
#include <mutex>
#include <string>

#include "core/jobs/generation_job.h"

namespace olis::sampling {
class TextToImagePipeline;
}

namespace olis::jobs {

class PipelineCache : public std::enable_shared_from_this<PipelineCache> {
 public:
  // "auto" picks CUDA when available (fp16 there, fp32 on CPU).
  void set_placement(const std::string& device, const std::string& precision);
  PipelineProvider provider();
  void clear();

 private:
  std::shared_ptr<const olis::sampling::PipelineComponents> get(const std::filesystem::path& model,
                                                                const std::filesystem::path& lora,
                                                                const JobCallbacks& callbacks);
  std::mutex mutex_;
  std::string device_ = "auto";
  std::string precision_ = "auto";
  std::string key_;
  std::shared_ptr<olis::sampling::TextToImagePipeline> pipeline_;
};

}  // namespace olis::jobs
