#pragma once
// Regularization images from a text-to-image pipeline (core/sampling/pipeline_loader.h): each call
// samples its whole batch at once, each image with its own prompt and seed, so a batch gives the images
// that one-by-one sampling gives (the sampler adds no noise of its own; the key's sampler, steps,
// guidance, size and negative prompt are used).
#include <memory>

#include "core/jobs/regset_job.h"

namespace olis::sampling {
class TextToImagePipeline;
}

namespace olis::jobs {

RegImageGenerator pipeline_generator(std::shared_ptr<const sampling::TextToImagePipeline> pipeline, const RegSetKey& key);

}  // namespace olis::jobs
