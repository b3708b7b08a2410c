#pragma once
// The base model's facts for the training defaults, read from its headers and configs only (no tensor
// data is read, so this is cheap even for a 7 GB SDXL file).
#include <filesystem>

#include "core/jobs/train_settings.h"

namespace olis::jobs {

// Family (key names and shapes), prediction type and usual resolution (unet/config.json sample_size
// times the VAE factor; the family's for single files). Errors name the model path.
Expected<BaseModelFacts> probe_base_model(const std::filesystem::path& model);

}  // namespace olis::jobs
