#pragma once
// DPM-Solver++ (Lu et al. 2022, "DPM-Solver++", Algorithm 2: multistep, data prediction), order 1 or 2,
// as diffusers' DPMSolverMultistepScheduler with algorithm_type "dpmsolver++". Stateful: keeps the
// previous data prediction, and the first (and, with final_sigmas_type "zero", the last) step is first order.
#include <optional>
#include <vector>

#include "core/sampling/scheduler.h"

namespace olis::sampling {

class DPMSolverMultistepScheduler : public Scheduler {
 public:
  explicit DPMSolverMultistepScheduler(SchedulerConfig config);
  void set_timesteps(int64_t num_inference_steps) override;
  StepResult step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                  const StepOptions& options = {}) override;
  torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                          const torch::Tensor& timesteps) const override;

 private:
  float sigma_at(int64_t index) const { return sigmas_.data_ptr<float>()[index]; }
  int64_t index_or_last(double timestep) const;
  torch::Tensor data_prediction(const torch::Tensor& model_output, const torch::Tensor& sample) const;
  torch::Tensor first_order_update(const torch::Tensor& x0, const torch::Tensor& sample) const;
  torch::Tensor second_order_update(const torch::Tensor& sample) const;

  std::vector<torch::Tensor> model_outputs_;  // oldest first, solver_order entries
  int lower_order_nums_ = 0;
  std::optional<int64_t> step_index_;
};

}  // namespace olis::sampling
