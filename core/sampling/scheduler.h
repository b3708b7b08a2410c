#pragma once
// The samplers of Olis, each computing what its diffusers class computes (v0.26.3):
// DDIMScheduler, DDPMScheduler, EulerDiscreteScheduler and DPMSolverMultistepScheduler (dpmsolver++).
//
// Use: set_timesteps(N); latents *= init_noise_sigma(); for each t in timesteps():
//   x = scale_model_input(latents, t); eps = model(x, t); latents = step(eps, t, latents).prev_sample.
// Like diffusers, Euler and DPM are stateful (a step index; DPM keeps the previous model output), so one
// scheduler object serves one sampling loop at a time; set_timesteps() resets it.
#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "core/sampling/scheduler_config.h"

namespace olis::sampling {

struct StepOptions {
  double eta = 0.0;              // DDIM: 0 = deterministic DDIM, 1 = DDPM-like variance
  torch::Tensor variance_noise;  // DDIM eta > 0: use this noise instead of drawing it
  at::Generator generator;       // CPU generator for the step's noise (DDPM, DDIM eta > 0); none = default
};

struct StepResult {
  torch::Tensor prev_sample;           // same shape/dtype as the sample
  torch::Tensor pred_original_sample;  // the model's x0 estimate (undefined for DPM-Solver, as in diffusers)
};

class Scheduler {
 public:
  explicit Scheduler(SchedulerConfig config);
  virtual ~Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  const SchedulerConfig& config() const { return config_; }
  SchedulerKind kind() const { return config_.kind; }
  const torch::Tensor& betas() const { return betas_; }                    // [T] float32
  const torch::Tensor& alphas_cumprod() const { return alphas_cumprod_; }  // [T] float32

  // Throws olis::Error for 0 steps or more steps than training timesteps (where diffusers refuses them).
  virtual void set_timesteps(int64_t num_inference_steps) = 0;
  // [N] on CPU: int64 for DDIM, DDPM and DPM-Solver, float32 for Euler (as diffusers).
  const torch::Tensor& timesteps() const { return timesteps_; }
  std::vector<double> timestep_values() const;
  int64_t num_inference_steps() const { return num_inference_steps_; }
  // [N+1] float32 for the sigma-based samplers (Euler, DPM); undefined otherwise.
  const torch::Tensor& sigmas() const { return sigmas_; }

  virtual double init_noise_sigma() const { return 1.0; }
  virtual torch::Tensor scale_model_input(const torch::Tensor& sample, double timestep);
  virtual StepResult step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                          const StepOptions& options = {}) = 0;

  // Forward diffusion q(x_t | x_0) for training timesteps [B] (int64): sqrt(a) x0 + sqrt(1-a) noise.
  // Euler and DPM use their sigmas instead and need timesteps from the current schedule.
  virtual torch::Tensor add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                  const torch::Tensor& timesteps) const;
  // v-prediction target sqrt(a) noise - sqrt(1-a) x0 (Salimans & Ho 2022, §4).
  torch::Tensor get_velocity(const torch::Tensor& sample, const torch::Tensor& noise,
                             const torch::Tensor& timesteps) const;

 protected:
  void check_steps(int64_t num_inference_steps) const;
  // alphas_cumprod at timestep t, with a clear error out of range.
  float alpha_prod(int64_t t) const;
  // Per-sample [B,1,1,...] coefficients from alphas_cumprod[timesteps] for a tensor of rank `rank`.
  std::pair<torch::Tensor, torch::Tensor> sqrt_alpha_coefficients(const torch::Tensor& timesteps,
                                                                  const torch::Tensor& like) const;
  // Index of `timestep` in the schedule; the second match when it occurs twice (diffusers' rule, so that
  // img2img starting mid-schedule does not skip a sigma). -1 when absent.
  int64_t index_for_timestep(double timestep) const;

  SchedulerConfig config_;
  torch::Tensor betas_, alphas_cumprod_;
  torch::Tensor timesteps_, sigmas_;
  int64_t num_inference_steps_ = 0;
};

std::unique_ptr<Scheduler> make_scheduler(const SchedulerConfig& config);

// Standard normal noise of `shape` drawn from a CPU generator (float32, as torch.randn(shape,
// generator=g) draws it) and then moved to `options`' device and dtype. An undefined generator uses
// libtorch's default one.
torch::Tensor randn_like_diffusers(at::IntArrayRef shape, const at::Generator& generator,
                                   const torch::TensorOptions& options);
// A CPU generator seeded like torch.Generator().manual_seed(seed).
at::Generator make_cpu_generator(uint64_t seed);

}  // namespace olis::sampling
