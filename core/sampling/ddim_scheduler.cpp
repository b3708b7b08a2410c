#include "core/sampling/ddim_scheduler.h"

#include <cmath>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/sampling/noise_schedule.h"

namespace olis::sampling {

std::vector<int64_t> ddim_timesteps(const SchedulerConfig& c, int64_t n) {
  const int64_t T = c.num_train_timesteps;
  std::vector<int64_t> ts;
  switch (c.timestep_spacing) {
    case TimestepSpacing::Linspace: {
      auto v = schedule::np_linspace(0, static_cast<double>(T - 1), n);
      for (auto it = v.rbegin(); it != v.rend(); ++it) ts.push_back(static_cast<int64_t>(schedule::np_round(*it)));
      break;
    }
    case TimestepSpacing::Leading: {
      const int64_t ratio = T / n;
      for (int64_t i = n - 1; i >= 0; --i) ts.push_back(i * ratio + c.steps_offset);
      break;
    }
    case TimestepSpacing::Trailing: {
      const double ratio = static_cast<double>(T) / static_cast<double>(n);
      for (double v : schedule::np_arange(static_cast<double>(T), 0, -ratio))
        ts.push_back(static_cast<int64_t>(schedule::np_round(v)) - 1);
      break;
    }
  }
  return ts;
}

DDIMScheduler::DDIMScheduler(SchedulerConfig config) : Scheduler(std::move(config)) {
  final_alpha_cumprod_ = config_.set_alpha_to_one ? 1.0f : alphas_cumprod_.data_ptr<float>()[0];
}

void DDIMScheduler::set_timesteps(int64_t n) {
  check_steps(n);
  num_inference_steps_ = n;
  timesteps_ = torch::tensor(ddim_timesteps(config_, n), torch::kInt64);
}

StepResult DDIMScheduler::step(const torch::Tensor& model_output, double timestep, const torch::Tensor& sample,
                               const StepOptions& options) {
  if (num_inference_steps_ == 0) throw Error("DDIMScheduler: call set_timesteps() before step()");
  const auto t = static_cast<int64_t>(timestep);
  const int64_t prev_t = t - config_.num_train_timesteps / num_inference_steps_;
  // Scalars in float32, as diffusers computes them from 0-dim float32 tensors.
  const float a_t = alpha_prod(t);
  const float a_prev = prev_t >= 0 ? alpha_prod(prev_t) : final_alpha_cumprod_;
  const float b_t = 1 - a_t;

  torch::Tensor x0, eps;
  switch (config_.prediction_type) {
    case PredictionType::Epsilon:
      x0 = (sample - std::sqrt(b_t) * model_output) / std::sqrt(a_t);
      eps = model_output;
      break;
    case PredictionType::Sample:
      x0 = model_output;
      eps = (sample - std::sqrt(a_t) * x0) / std::sqrt(b_t);
      break;
    case PredictionType::VPrediction:
      x0 = std::sqrt(a_t) * sample - std::sqrt(b_t) * model_output;
      eps = std::sqrt(a_t) * model_output + std::sqrt(b_t) * sample;
      break;
  }
  if (config_.clip_sample) x0 = x0.clamp(-config_.clip_sample_range, config_.clip_sample_range);

  // sigma_t of eq. 16 (variance of the reverse step), scaled by eta.
  const float b_prev = 1 - a_prev;
  const float variance = (b_prev / b_t) * (1 - a_t / a_prev);
  const float std_dev = static_cast<float>(options.eta) * std::sqrt(variance);
  auto direction = std::sqrt(1 - a_prev - std_dev * std_dev) * eps;
  auto prev = std::sqrt(a_prev) * x0 + direction;
  if (options.eta > 0) {
    auto noise = options.variance_noise.defined()
                     ? options.variance_noise.to(model_output.device(), model_output.scalar_type())
                     : randn_like_diffusers(model_output.sizes(), options.generator, model_output.options());
    prev = prev + std_dev * noise;
  }
  return {prev, x0};
}

}  // namespace olis::sampling
