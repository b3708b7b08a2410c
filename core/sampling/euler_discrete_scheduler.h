#pragma once
// Euler sampler over Karras-style sigmas (Karras et al. 2022, Algorithm 2 without churn), as diffusers'
// EulerDiscreteScheduler: inputs are scaled by 1/sqrt(sigma^2 + 1), timesteps are float32.
#include <optional>

#include "core/sampling/scheduler.h"

namespace olis::sampling {

class EulerDiscreteScheduler : public Scheduler {
 public:
  explicit EulerDiscreteScheduler(SchedulerConfig config);
  void set_timesteps(int64_t num_inference_steps) override;
  double init_noise_sigma() const override;
  torch::Tensor scale_model_input(const torch::Tensor& sample, double timestep) override;
  StepResult step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                  const StepOptions& options = {}) override;
  torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                          const torch::Tensor& timesteps) const override;

 private:
  float sigma_at(int64_t index) const { return sigmas_.data_ptr<float>()[index]; }
  void init_step_index(double timestep);
  std::optional<int64_t> step_index_;
};

}  // namespace olis::sampling
