// The real renderers of compare rows: a checkpoint samples with the trained model exactly as the run's
// validation does; base models and LoRA files go through the text-to-image pipeline (DDIM as well).
#include <torch/cuda.h>

#include "core/jobs/compare.h"
#include "core/jobs/project_training.h"
#include "core/models/placement.h"
#include "core/sampling/pipeline_loader.h"
#include "core/training/checkpoint.h"

namespace olis::jobs {

namespace {

class CheckpointRenderer : public CompareRenderer {
 public:
  CheckpointRenderer(const CompareRow& row, const CompareParams& params) {
    if (row.checkpoint.empty())
      throw Error(row.label + ": the checkpoint of step " + std::to_string(row.step) +
                  " was removed (keep_last), and its validation images do not match this grid's parameters");
    auto p = value_or_throw(open_project_training(row.model.path));
    p.settings.eval_steps = params.steps;
    p.settings.regularization.guidance = params.guidance;
    if (!params.device.empty() && params.device != "auto") p.settings.device = params.device;
    p.settings.precision = params.precision == "bf16"   ? TrainPrecision::BFloat16
                           : params.precision == "fp16" ? TrainPrecision::Float16
                                                        : TrainPrecision::Float32;
    model_ = load_project_model(p, true);
    auto ckpt = value_or_throw(training::load_checkpoint(row.checkpoint));
    auto trainable = model_->trainable_parameters();
    load_checkpoint_weights(trainable, ckpt, row.checkpoint);
    model_->set_training(false);
    size_ = p.resolution_px(*model_);
  }
  std::pair<int, int> default_size_px() const override { return {size_, size_}; }
  io::Image render(const std::string& prompt, uint64_t seed, int w, int h, CancelToken& cancel) override {
    cancel.throw_if_cancelled();
    return model_->sample({prompt}, {seed}, w, h).front();
  }

 private:
  std::shared_ptr<training::SdTrainableModel> model_;
  int size_ = 512;
};

class PipelineRenderer : public CompareRenderer {
 public:
  PipelineRenderer(const CompareRow& row, const CompareParams& params) : params_(params) {
    sampling::PipelineLoadOptions o;
    std::string device = params.device.empty() || params.device == "auto"
                             ? (torch::cuda::is_available() ? "cuda" : "cpu")
                             : params.device;
    o.placement = value_or_throw(models::parse_placement(device, params.precision));
    models::require_supported(o.placement, row.label);
    o.vocab_dir = params.vocab_dir;
    std::filesystem::path model = row.model.path;
    if (row.model.kind == CompareModelKind::LoraFile) {
      model = row.model.base_model;
      o.loras.push_back({row.model.path, row.model.lora_scale});
    }
    pipeline_ = sampling::TextToImagePipeline::load(model, o);
  }
  std::pair<int, int> default_size_px() const override {
    return {pipeline_->default_size_px(), pipeline_->default_size_px()};
  }
  io::Image render(const std::string& prompt, uint64_t seed, int w, int h, CancelToken& cancel) override {
    sampling::GenerateParams g;
    g.prompt = prompt;
    g.negative_prompt = params_.negative_prompt;
    g.width = w;
    g.height = h;
    g.steps = params_.steps;
    g.sampler = sampling::SchedulerKind::DDIM;
    g.guidance_scale = params_.guidance;
    g.seed = seed;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    // The pipeline polls a flag; mirror the job's token into it between steps.
    sampling::GenerateCallbacks cb;
    cb.on_progress = [&cancel, flag](const sampling::StepProgress&) { if (cancel.cancelled()) flag->store(true); };
    auto r = pipeline_->generate(g, cb, flag);
    cancel.throw_if_cancelled();
    if (r.images.empty()) throw Error("the pipeline returned no image");
    return r.images.front();
  }

 private:
  CompareParams params_;
  std::shared_ptr<sampling::TextToImagePipeline> pipeline_;
};

}  // namespace

CompareRendererFactory default_compare_renderers() {
  return [](const CompareRow& row, const CompareParams& params, const JobCallbacks&) -> std::unique_ptr<CompareRenderer> {
    if (row.model.kind == CompareModelKind::Checkpoint) return std::make_unique<CheckpointRenderer>(row, params);
    return std::make_unique<PipelineRenderer>(row, params);
  };
}

}  // namespace olis::jobs
