#include "core/jobs/train_settings_defaults.h"

#include <fmt/format.h>

namespace olis::jobs {

using training::TrainMode;

int paper_sampling_steps(io::ModelFamily family) { return family == io::ModelFamily::SDXL ? 50 : 200; }

int64_t default_steps(TrainMode mode) { return mode == TrainMode::Full ? 4000 : 8000; }
double default_lr(TrainMode mode) { return mode == TrainMode::Full ? 2e-6 : 1e-4; }

int family_resolution(io::ModelFamily family, bool v_prediction) {
  switch (family) {
    case io::ModelFamily::SDXL: return 1024;
    case io::ModelFamily::SD2: return v_prediction ? 768 : 512;
    case io::ModelFamily::SD1:
    case io::ModelFamily::Unknown: break;
  }
  return 512;
}

FamilyDefaults family_defaults(const BaseModelFacts& model, MemoryProfile profile, bool cuda) {
  FamilyDefaults d;
  const bool sdxl = model.family == io::ModelFamily::SDXL;
  const bool small = profile == MemoryProfile::Gb12;
  d.why = fmt::format("{}, memory_profile {}{}", io::family_name(model.family), to_string(profile), cuda ? ", CUDA" : ", CPU");
  d.mode = sdxl || small ? TrainMode::Lora : TrainMode::Full;
  d.eval_steps = paper_sampling_steps(model.family);
  // SDXL at 1024 px needs checkpointing to fit 24 GB even with LoRA; a full SD fine-tune fits 24 GB
  // without it (about 20 GB at 512 px in bf16 with fp32 master weights); 12 GB needs it everywhere.
  d.gradient_checkpointing = sdxl || small;
  d.precision = cuda ? TrainPrecision::BFloat16 : TrainPrecision::Float32;
  d.resolution_px = model.resolution_px > 0 ? model.resolution_px : family_resolution(model.family, model.v_prediction);
  return d;
}

}  // namespace olis::jobs
