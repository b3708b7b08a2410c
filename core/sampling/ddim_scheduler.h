#pragma once
// DDIM (Song et al. 2021, eq. 12), as diffusers' DDIMScheduler.
#include "core/sampling/scheduler.h"

namespace olis::sampling {

class DDIMScheduler : public Scheduler {
 public:
  explicit DDIMScheduler(SchedulerConfig config);
  void set_timesteps(int64_t num_inference_steps) override;
  StepResult step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                  const StepOptions& options = {}) override;

 private:
  float final_alpha_cumprod_;
};

// Inference timesteps of DDIM/DDPM for a spacing (leading + steps_offset, trailing, linspace), int64.
std::vector<int64_t> ddim_timesteps(const SchedulerConfig& c, int64_t num_inference_steps);

}  // namespace olis::sampling
