#include "core/jobs/regset_generator.h"

#include <atomic>

#include "core/sampling/pipeline_loader.h"
#include "core/sampling/scheduler_config.h"

namespace olis::jobs {

RegImageGenerator pipeline_generator(std::shared_ptr<const sampling::TextToImagePipeline> pipeline, const RegSetKey& key) {
  const auto sampler = sampling::scheduler_kind_from_sampler_name(key.sampler);
  if (!sampler) throw Error("unknown regularization sampler '" + key.sampler + "' (use ddim, euler or dpmpp2m)");
  return [pipeline, key, sampler](const std::vector<RegImageRequest>& batch, CancelToken& cancel) {
    sampling::GenerateParams gp;
    for (const auto& r : batch) {
      if (r.negative_prompt != batch.front().negative_prompt || r.width_px != batch.front().width_px ||
          r.height_px != batch.front().height_px)
        throw Error("a regularization batch must share its negative prompt and size");
      gp.prompts.push_back(r.prompt);
      gp.seeds.push_back(r.seed);
    }
    std::vector<training::RgbImage> out;
    if (batch.empty()) return out;
    gp.batch_size = static_cast<int>(batch.size());
    gp.negative_prompt = batch.front().negative_prompt;
    gp.width = batch.front().width_px;
    gp.height = batch.front().height_px;
    gp.steps = key.steps;
    gp.sampler = sampler;
    gp.guidance_scale = key.guidance;
    // The job's token, polled before every sampling step through the pipeline's flag.
    auto flag = std::make_shared<std::atomic<bool>>(false);
    sampling::GenerateCallbacks cb;
    cb.on_progress = [&cancel, flag](const sampling::StepProgress&) {
      if (cancel.cancelled()) flag->store(true);
    };
    auto result = pipeline->generate(gp, cb, flag);
    if (result.status == sampling::GenerateStatus::Cancelled || cancel.cancelled()) throw JobCancelled();
    for (auto& image : result.images) out.push_back(std::move(image));
    return out;
  };
}

}  // namespace olis::jobs
