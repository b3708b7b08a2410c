#include "core/sampling/ddpm_scheduler.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "core/sampling/ddim_scheduler.h"

namespace olis::sampling {

DDPMScheduler::DDPMScheduler(SchedulerConfig config) : Scheduler(std::move(config)) {}

void DDPMScheduler::set_timesteps(int64_t n) {
  check_steps(n);
  num_inference_steps_ = n;
  // Note: leading spacing with steps_offset 1 and n == num_train_timesteps yields T..1 (diffusers quirk);
  // step() refuses t == T with a clear message.
  timesteps_ = torch::tensor(ddim_timesteps(config_, n), torch::kInt64);
}

StepResult DDPMScheduler::step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                               const StepOptions& options) {
  const auto t = static_cast<int64_t>(timestep);
  const int64_t n = num_inference_steps_ > 0 ? num_inference_steps_ : config_.num_train_timesteps;
  const int64_t prev_t = t - config_.num_train_timesteps / n;
  const float a_t = alpha_prod(t);
  const float a_prev = prev_t >= 0 ? alpha_prod(prev_t) : 1.0f;
  const float b_t = 1 - a_t;
  const float b_prev = 1 - a_prev;
  // With skipped timesteps the per-step beta is 1 - a_t / a_prev, not betas[t].
  const float cur_alpha = a_t / a_prev;
  const float cur_beta = 1 - cur_alpha;

  torch::Tensor x0;
  switch (config_.prediction_type) {
    case PredictionType::Epsilon: x0 = (sample - std::sqrt(b_t) * model_output) / std::sqrt(a_t); break;
    case PredictionType::Sample: x0 = model_output; break;
    case PredictionType::VPrediction: x0 = std::sqrt(a_t) * sample - std::sqrt(b_t) * model_output; break;
  }
  if (config_.clip_sample) x0 = x0.clamp(-config_.clip_sample_range, config_.clip_sample_range);

  // Posterior mean, eq. 7.
  const float x0_coeff = (std::sqrt(a_prev) * cur_beta) / b_t;
  const float xt_coeff = std::sqrt(cur_alpha) * b_prev / b_t;
  auto prev = x0_coeff * x0 + xt_coeff * sample;

  if (t > 0) {
    auto noise = randn_like_diffusers(model_output.sizes(), options.generator, model_output.options());
    const float posterior_var = std::max((1 - a_prev) / (1 - a_t) * cur_beta, 1e-20f);
    float scale = 0;
    switch (config_.variance_type) {
      case DDPMVariance::FixedSmall: scale = std::sqrt(posterior_var); break;
      case DDPMVariance::FixedSmallLog: scale = std::exp(0.5f * std::log(posterior_var)); break;
      case DDPMVariance::FixedLarge: scale = std::sqrt(cur_beta); break;
      case DDPMVariance::FixedLargeLog:  // diffusers takes sqrt(log(beta)) here, which is NaN
        throw Error("DDPMScheduler: variance_type fixed_large_log is not supported");
    }
    prev = prev + scale * noise;
  }
  return {prev, x0};
}

}  // namespace olis::sampling
