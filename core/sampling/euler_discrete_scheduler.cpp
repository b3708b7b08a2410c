#include "core/sampling/euler_discrete_scheduler.h"

#include <cmath>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/sampling/noise_schedule.h"

namespace olis::sampling {

EulerDiscreteScheduler::EulerDiscreteScheduler(SchedulerConfig config) : Scheduler(std::move(config)) {
  // Zero terminal SNR would make the last sigma infinite; diffusers pins alphas_cumprod[-1] to 2^-24.
  if (config_.rescale_betas_zero_snr) alphas_cumprod_[-1] = std::ldexp(1.0, -24);
  auto train = schedule::training_sigmas(alphas_cumprod_).flip(0);
  sigmas_ = torch::cat({train, torch::zeros({1}, torch::kFloat32)});
  timesteps_ = torch::tensor(schedule::np_linspace(0, config_.num_train_timesteps - 1, config_.num_train_timesteps))
                   .flip(0)
                   .to(torch::kFloat32);
}

void EulerDiscreteScheduler::set_timesteps(int64_t n) {
  check_steps(n);
  num_inference_steps_ = n;
  const int64_t T = config_.num_train_timesteps;
  std::vector<float> ts;
  switch (config_.timestep_spacing) {
    case TimestepSpacing::Linspace: {
      auto v = schedule::np_linspace(0, static_cast<double>(T - 1), n);
      for (auto it = v.rbegin(); it != v.rend(); ++it) ts.push_back(static_cast<float>(*it));
      break;
    }
    case TimestepSpacing::Leading: {
      const int64_t ratio = T / n;
      for (int64_t i = n - 1; i >= 0; --i)
        ts.push_back(static_cast<float>(i * ratio) + static_cast<float>(config_.steps_offset));
      break;
    }
    case TimestepSpacing::Trailing: {
      const double ratio = static_cast<double>(T) / static_cast<double>(n);
      for (double v : schedule::np_arange(static_cast<double>(T), 0, -ratio))
        ts.push_back(static_cast<float>(schedule::np_round(v)) - 1.0f);
      break;
    }
  }
  if (config_.interpolation_type != SigmaInterpolation::Linear)
    throw Error("EulerDiscreteScheduler: interpolation_type log_linear is not supported (use linear)");

  auto train_sigmas = schedule::training_sigmas(alphas_cumprod_);  // float32, ascending t
  const auto train = schedule::to_vector(train_sigmas);
  std::vector<double> sigmas;
  for (float t : ts) sigmas.push_back(schedule::np_interp_index(t, train));
  if (config_.use_karras_sigmas) {
    const double lo = config_.sigma_min.value_or(sigmas.back());
    const double hi = config_.sigma_max.value_or(sigmas.front());
    sigmas = schedule::karras_sigmas(lo, hi, n);
    const auto log_sigmas = schedule::log_of(train_sigmas);
    ts.clear();
    for (double s : sigmas) ts.push_back(static_cast<float>(schedule::sigma_to_t(s, log_sigmas)));
  }
  auto s = torch::tensor(sigmas, torch::kFloat64).to(torch::kFloat32);
  sigmas_ = torch::cat({s, torch::zeros({1}, torch::kFloat32)});
  timesteps_ = torch::tensor(ts, torch::kFloat32);
  step_index_.reset();
}

double EulerDiscreteScheduler::init_noise_sigma() const {
  const float max_sigma = sigmas_.max().item<float>();
  if (config_.timestep_spacing == TimestepSpacing::Linspace || config_.timestep_spacing == TimestepSpacing::Trailing)
    return max_sigma;
  return std::sqrt(max_sigma * max_sigma + 1.0f);
}

void EulerDiscreteScheduler::init_step_index(double timestep) {
  const auto idx = index_for_timestep(timestep);
  if (idx < 0)
    throw Error(fmt::format("EulerDiscreteScheduler: timestep {} is not in the current schedule", timestep));
  step_index_ = idx;
}

torch::Tensor EulerDiscreteScheduler::scale_model_input(const torch::Tensor& sample, double timestep) {
  if (!step_index_) init_step_index(timestep);
  const float sigma = sigma_at(*step_index_);
  return sample / std::sqrt(sigma * sigma + 1.0f);
}

StepResult EulerDiscreteScheduler::step(const torch::Tensor& model_output, double timestep,
                                        const torch::Tensor& sample, const StepOptions&) {
  if (num_inference_steps_ == 0) throw Error("EulerDiscreteScheduler: call set_timesteps() before step()");
  if (!step_index_) init_step_index(timestep);
  if (*step_index_ >= num_inference_steps_)
    throw Error("EulerDiscreteScheduler: step() called more often than there are timesteps");
  auto x = sample.to(torch::kFloat32);
  const float sigma = sigma_at(*step_index_);  // churn is 0: sigma_hat == sigma
  torch::Tensor x0;
  switch (config_.prediction_type) {
    case PredictionType::Sample: x0 = model_output; break;
    case PredictionType::Epsilon: x0 = x - sigma * model_output; break;
    case PredictionType::VPrediction:
      x0 = model_output * (-sigma / std::sqrt(sigma * sigma + 1.0f)) + (x / (sigma * sigma + 1.0f));
      break;
  }
  auto derivative = (x - x0) / sigma;
  const float dt = sigma_at(*step_index_ + 1) - sigma;
  auto prev = (x + derivative * dt).to(model_output.scalar_type());
  ++*step_index_;
  return {prev, x0};
}

torch::Tensor EulerDiscreteScheduler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                                const torch::Tensor& timesteps) const {
  const auto values = schedule::to_vector(timesteps.flatten());
  const auto schedule_ts = timestep_values();
  std::vector<float> sig;
  for (double t : values) {
    int64_t found = -1;
    for (size_t i = 0; i < schedule_ts.size(); ++i)
      if (schedule_ts[i] == static_cast<double>(static_cast<float>(t))) found = static_cast<int64_t>(i);
    if (found < 0) throw Error(fmt::format("EulerDiscreteScheduler: timestep {} is not in the current schedule", t));
    sig.push_back(sigma_at(found));
  }
  std::vector<int64_t> shape(static_cast<size_t>(std::max<int64_t>(original.dim(), 1)), 1);
  shape[0] = -1;
  auto sigma = torch::tensor(sig, torch::kFloat32).to(original.scalar_type()).view(shape).to(original.device());
  return original + noise * sigma;
}

}  // namespace olis::sampling
