#pragma once
// The forward (noising) process used for training, as diffusers' DDPMScheduler defines it:
// betas "scaled_linear" = linspace(sqrt(b0), sqrt(b1), N, float32)^2 (SD's schedule) or "linear";
// alphas_cumprod = cumprod(1 - betas) in float32.
//   add_noise:    x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) eps
//   velocity:     v   = sqrt(a_t) eps - sqrt(1 - a_t) x_0
//   snr(t)        = a_t / (1 - a_t)
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/model_family.h"

namespace olis::training {

struct NoiseScheduleConfig {
  int64_t num_train_timesteps = 1000;
  double beta_start = 0.00085;
  double beta_end = 0.012;
  std::string beta_schedule = "scaled_linear";  // or "linear"
  bool rescale_betas_zero_snr = false;          // Lin et al. 2023: the last timestep has SNR 0
  io::PredictionType prediction = io::PredictionType::Epsilon;
};

// Reads a diffusers scheduler_config.json (any scheduler class: the training fields are shared).
// Throws olis::Error naming `label` for an unknown beta_schedule.
NoiseScheduleConfig noise_schedule_from_json(const nlohmann::json& j, const std::string& label);

class NoiseSchedule {
 public:
  explicit NoiseSchedule(const NoiseScheduleConfig& config);

  const NoiseScheduleConfig& config() const { return config_; }
  const torch::Tensor& alphas_cumprod() const { return alphas_cumprod_; }  // [N] float32

  // x0, noise: [B, ...]; timesteps: [B] int64 -> [B, ...]
  torch::Tensor add_noise(const torch::Tensor& x0, const torch::Tensor& noise, const torch::Tensor& timesteps) const;
  torch::Tensor velocity(const torch::Tensor& x0, const torch::Tensor& noise, const torch::Tensor& timesteps) const;
  // timesteps [B] -> [B] float32
  torch::Tensor snr(const torch::Tensor& timesteps) const;

 private:
  // a_t^0.5 and (1 - a_t)^0.5 shaped [B, 1, 1, ...] to broadcast against `like`.
  std::pair<torch::Tensor, torch::Tensor> coefficients(const torch::Tensor& timesteps, const torch::Tensor& like) const;

  NoiseScheduleConfig config_;
  torch::Tensor alphas_cumprod_;
};

}  // namespace olis::training
