#pragma once
// How the defaults of a training run follow the base model's family, the GPU memory profile and the
// device (what `olis-cli train --dry-run` shows as "family"):
//
//   family        mode  text encoder  lr     steps  validation  grad. checkpointing     precision
//   SD 1.x/2.x    full  trained       2e-6   4000   DDIM 200    off (24gb)              bf16 on CUDA
//   SDXL          lora  LoRA + rows   1e-4   8000   DDIM 50     on                      bf16 on CUDA
//
// The paper: SD 1.x/2.x are fine-tuned entirely (UNet and text encoder, lr 2e-6, 4000 steps); SDXL gets
// LoRA rank 32 on the UNet and both text encoders plus the identifier's embedding rows (lr 1e-4, 8000
// steps); validation and evaluation sample with DDIM 200 (SD) and 50 (SDXL). The 24 GB profile keeps the
// paper's setup; on 12 GB cards a full fine-tune cannot hold its weights, gradients and AdamW moments
// (about 16 GB for SD 1.5), so every family trains LoRA with gradient checkpointing.
#include <cstdint>
#include <string>

#include "core/jobs/train_settings.h"

namespace olis::jobs {

struct FamilyDefaults {
  training::TrainMode mode = training::TrainMode::Lora;
  int eval_steps = 50;
  bool gradient_checkpointing = false;
  TrainPrecision precision = TrainPrecision::Float32;
  int resolution_px = 512;
  std::string why;  // "SDXL, memory_profile 24gb": the detail shown by the dry-run
};

// `cuda`: the run's device is a CUDA device.
FamilyDefaults family_defaults(const BaseModelFacts& model, MemoryProfile profile, bool cuda);

// The paper's DDIM steps for validation and evaluation: 200 for SD 1.x/2.x, 50 for SDXL.
int paper_sampling_steps(io::ModelFamily family);

// The mode's learning rate and step count (the paper's, whatever the family).
int64_t default_steps(training::TrainMode mode);  // 4000 full, 8000 LoRA
double default_lr(training::TrainMode mode);      // 2e-6 full, 1e-4 LoRA

// A resolution from the family when the model's configs do not tell it (single files): 512 SD 1.x,
// 768 SD 2.x v-prediction (512 otherwise), 1024 SDXL.
int family_resolution(io::ModelFamily family, bool v_prediction);

}  // namespace olis::jobs
