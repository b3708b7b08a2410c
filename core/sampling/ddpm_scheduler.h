#pragma once
// DDPM ancestral sampling (Ho et al. 2020, eq. 6-7), as diffusers' DDPMScheduler. Also the training
// noise schedule (add_noise, get_velocity).
#include "core/sampling/scheduler.h"

namespace olis::sampling {

class DDPMScheduler : public Scheduler {
 public:
  explicit DDPMScheduler(SchedulerConfig config);
  void set_timesteps(int64_t num_inference_steps) override;
  StepResult step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                  const StepOptions& options = {}) override;
};

}  // namespace olis::sampling
