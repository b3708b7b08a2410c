#pragma once
// DreamBooth's prior-preservation loss (Ruiz et al. §3.3, diffusers train_dreambooth.py):
//   loss = mse(pred_instance, target_instance) + prior_loss_weight * mse(pred_prior, target_prior)
// where the batch holds the instance examples first and the regularization (prior) examples second,
// and the target is the noise (epsilon models) or the velocity (v-prediction models).
// Options: min-SNR weighting (Hang et al. 2023, gamma 5 is the usual value) and offset noise.
#include <cstdint>

#include <torch/torch.h>

#include "core/training/noise_schedule.h"

namespace olis::training {

struct LossOptions {
  double prior_loss_weight = 1.0;
  double min_snr_gamma = 0.0;  // 0: off. Per-example weight min(snr, gamma) / snr (epsilon) or / (snr + 1) (v)
  double offset_noise = 0.0;   // 0: off. Adds offset * N(0,1) per example and channel to the noise
};

struct LossTerms {
  torch::Tensor total;     // 0-dim, differentiable
  torch::Tensor instance;  // 0-dim
  torch::Tensor prior;     // 0-dim (zero when there is no prior half)
};

// pred, noise, x0: [2B, C, H, W] (instance rows first); timesteps: [2B]. With `prior_rows` == 0 the whole
// batch is instance data (no prior preservation).
LossTerms prior_preservation_loss(const torch::Tensor& pred, const torch::Tensor& x0, const torch::Tensor& noise,
                                  const torch::Tensor& timesteps, const NoiseSchedule& schedule,
                                  const LossOptions& options, int64_t prior_rows);

// The noise of one step: N(0,1) of `shape` (plus the offset term), drawn from `gen` on the CPU so that
// runs on any device draw the same numbers. Timesteps uniform in [0, num_train_timesteps).
struct StepNoise {
  torch::Tensor noise;      // shape
  torch::Tensor timesteps;  // [shape[0]] int64
};
StepNoise draw_step_noise(torch::IntArrayRef shape, int64_t num_train_timesteps, double offset_noise,
                          torch::Generator& gen);

}  // namespace olis::training
