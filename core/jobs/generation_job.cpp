#include "core/jobs/generation_job.h"

#include <atomic>

namespace olis::jobs {

GenerationJob::GenerationJob(GenerationJobParams params, PipelineProvider provider)
    : params_(std::move(params)), provider_(std::move(provider)) {}

std::string GenerationJob::name() const {
  std::string p = params_.generate.prompt;
  if (p.size() > 48) p = p.substr(0, 45) + "...";
  return "Generate \"" + p + "\"";
}

void GenerationJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  if (!provider_) throw Error("No model loaded: this build has no image pipeline");
  olis::sampling::validate_generate_params(params_.generate);
  callbacks.emit_log("loading " + params_.model_path.string());
  const auto components = provider_(params_.model_path, params_.lora_path, callbacks);
  if (!components) throw Error(params_.model_path.string() + ": the model could not be loaded");
  cancel.throw_if_cancelled();

  // The sampling loop polls its own flag before every step; it follows our token after each step.
  auto flag = std::make_shared<std::atomic<bool>>(false);
  olis::sampling::GenerateCallbacks cb;
  cb.on_progress = [&](const olis::sampling::StepProgress& p) {
    callbacks.emit_progress(JobProgress{p.step, p.total, p.eta_s});
    if (cancel.cancelled()) flag->store(true);
  };
  cb.preview_every_steps = params_.preview_every_steps;
  cb.on_preview = [&](const olis::io::Image& image, const olis::sampling::StepProgress&) {
    callbacks.emit_preview(PreviewImage{image.width, image.height, image.rgb});
  };
  callbacks.emit_progress(JobProgress{0, params_.generate.steps, -1.0});
  const auto result = olis::sampling::generate(*components, params_.generate, cb, flag);
  if (result.status == olis::sampling::GenerateStatus::Cancelled || cancel.cancelled()) throw JobCancelled();
  std::error_code ec;
  std::filesystem::create_directories(params_.output_path.parent_path(), ec);
  written_ = olis::sampling::save_generated_images(result, params_.output_path);
  parameters_ = result.parameters;
  if (!result.images.empty()) {
    const auto& last = result.images.back();
    callbacks.emit_preview(PreviewImage{last.width, last.height, last.rgb});
  }
  for (const auto& p : written_) callbacks.emit_log("wrote " + p.string());
}

}  // namespace olis::jobs
