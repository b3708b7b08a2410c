#include "core/jobs/pipeline_cache.h"

#include <torch/cuda.h>

#include "core/models/placement.h"
#include "core/sampling/pipeline_loader.h"

namespace olis::jobs {

void PipelineCache::set_placement(const std::string& device, const std::string& precision) {
  std::lock_guard<std::mutex> lock(mutex_);
  device_ = device.empty() ? "auto" : device;
  precision_ = precision.empty() ? "auto" : precision;
}

void PipelineCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  key_.clear();
  pipeline_.reset();
}

PipelineProvider PipelineCache::provider() {
  std::weak_ptr<PipelineCache> weak = shared_from_this();
  return [weak](const std::filesystem::path& model, const std::filesystem::path& lora, const JobCallbacks& cb) {
    auto self = weak.lock();
    if (!self) throw Error("The model cache is gone (Olis is closing)");
    return self->get(model, lora, cb);
  };
}

std::shared_ptr<const olis::sampling::PipelineComponents> PipelineCache::get(const std::filesystem::path& model,
                                                                             const std::filesystem::path& lora,
                                                                             const JobCallbacks& callbacks) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool cuda = torch::cuda::is_available();
  const std::string device = device_ == "auto" ? (cuda ? "cuda" : "cpu") : device_;
  const std::string dtype = precision_ == "auto" ? (device.rfind("cuda", 0) == 0 ? "fp16" : "fp32") : precision_;
  const std::string key = model.string() + "|" + lora.string() + "|" + device + "|" + dtype;
  if (!pipeline_ || key != key_) {
    pipeline_.reset();  // free the old weights before loading new ones
    olis::sampling::PipelineLoadOptions options;
    options.placement = value_or_throw(olis::models::parse_placement(device, dtype));
    olis::models::require_supported(options.placement, "the image models");
    if (!lora.empty()) options.loras.push_back(olis::sampling::parse_lora_spec(lora.string()));
    callbacks.emit_log("loading " + model.string() + " on " + device + " (" + dtype + ")");
    options.on_log = [&callbacks](const std::string& line) { callbacks.emit_log(line); };
    pipeline_ = olis::sampling::TextToImagePipeline::load(model, options);
    key_ = key;
  }
  // Aliasing pointer: the components stay valid as long as the job holds them, even if the cache moves on.
  return std::shared_ptr<const olis::sampling::PipelineComponents>(pipeline_, &pipeline_->components());
}

}  // namespace olis::jobs
