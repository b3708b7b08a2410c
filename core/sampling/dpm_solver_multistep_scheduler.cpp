#include "core/sampling/dpm_solver_multistep_scheduler.h"

#include <cmath>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/sampling/noise_schedule.h"

namespace olis::sampling {
namespace {

struct AlphaSigma {
  float alpha, sigma, lambda;
};

// sigma is the Karras-style noise level; alpha_t = 1/sqrt(sigma^2+1), sigma_t = sigma * alpha_t and the
// half log-SNR lambda = log(alpha_t) - log(sigma_t) (+inf when sigma is 0), all in float32.
AlphaSigma alpha_sigma(float sigma) {
  const float alpha = 1.0f / std::sqrt(sigma * sigma + 1.0f);
  const float s = sigma * alpha;
  return {alpha, s, std::log(alpha) - std::log(s)};
}

}  // namespace

DPMSolverMultistepScheduler::DPMSolverMultistepScheduler(SchedulerConfig config) : Scheduler(std::move(config)) {
  sigmas_ = schedule::training_sigmas(alphas_cumprod_);
  timesteps_ = torch::tensor(schedule::np_linspace(0, config_.num_train_timesteps - 1, config_.num_train_timesteps))
                   .flip(0)
                   .to(torch::kFloat32);
  model_outputs_.resize(static_cast<size_t>(config_.solver_order));
}

void DPMSolverMultistepScheduler::set_timesteps(int64_t n) {
  check_steps(n);
  const int64_t T = config_.num_train_timesteps;
  // Timesteps whose log-SNR is below lambda_min_clipped are not sampled (a cosine-schedule fix).
  auto lambda_t = (torch::log(alphas_cumprod_.sqrt()) - torch::log((1 - alphas_cumprod_).sqrt())).flip(0);
  const auto lambdas = schedule::to_vector(lambda_t);
  int64_t clipped_idx = 0;
  while (clipped_idx < static_cast<int64_t>(lambdas.size()) &&
         lambdas[static_cast<size_t>(clipped_idx)] < static_cast<double>(static_cast<float>(config_.lambda_min_clipped)))
    ++clipped_idx;
  const int64_t last_timestep = T - clipped_idx;

  std::vector<int64_t> ts;
  switch (config_.timestep_spacing) {
    case TimestepSpacing::Linspace: {
      auto v = schedule::np_linspace(0, static_cast<double>(last_timestep - 1), n + 1);
      for (int64_t i = n; i >= 1; --i) ts.push_back(static_cast<int64_t>(schedule::np_round(v[static_cast<size_t>(i)])));
      break;
    }
    case TimestepSpacing::Leading: {
      const int64_t ratio = last_timestep / (n + 1);
      for (int64_t i = n; i >= 1; --i) ts.push_back(i * ratio + config_.steps_offset);
      break;
    }
    case TimestepSpacing::Trailing: {
      const double ratio = static_cast<double>(T) / static_cast<double>(n);
      for (double v : schedule::np_arange(static_cast<double>(last_timestep), 0, -ratio))
        ts.push_back(static_cast<int64_t>(schedule::np_round(v)) - 1);
      break;
    }
  }

  auto train_sigmas = schedule::training_sigmas(alphas_cumprod_);  // float32, ascending t
  const auto train = schedule::to_vector(train_sigmas);
  std::vector<double> sigmas;
  if (config_.use_karras_sigmas) {
    // Range of the full training schedule (diffusers' DPM reads no sigma_min/sigma_max override).
    sigmas = schedule::karras_sigmas(train.front(), train.back(), n);
    const auto log_sigmas = schedule::log_of(train_sigmas);
    ts.clear();
    for (double s : sigmas) ts.push_back(static_cast<int64_t>(schedule::np_round(schedule::sigma_to_t(s, log_sigmas))));
  } else {
    for (int64_t t : ts) sigmas.push_back(schedule::np_interp_index(static_cast<double>(t), train));
  }
  double sigma_last = 0;
  if (config_.final_sigmas_type == FinalSigmas::SigmaMin) {
    const float a0 = alphas_cumprod_.data_ptr<float>()[0];
    sigma_last = std::sqrt((1 - a0) / a0);
  }
  sigmas.push_back(sigma_last);
  sigmas_ = torch::tensor(sigmas, torch::kFloat64).to(torch::kFloat32);
  timesteps_ = torch::tensor(ts, torch::kInt64);
  num_inference_steps_ = static_cast<int64_t>(ts.size());
  model_outputs_.assign(static_cast<size_t>(config_.solver_order), torch::Tensor());
  lower_order_nums_ = 0;
  step_index_.reset();
}

int64_t DPMSolverMultistepScheduler::index_or_last(double timestep) const {
  const auto idx = index_for_timestep(timestep);
  return idx >= 0 ? idx : num_inference_steps_ - 1;
}

torch::Tensor DPMSolverMultistepScheduler::data_prediction(const torch::Tensor& model_output,
                                                           const torch::Tensor& sample) const {
  const auto s = alpha_sigma(sigma_at(*step_index_));
  switch (config_.prediction_type) {
    case PredictionType::Epsilon: return (sample - s.sigma * model_output) / s.alpha;
    case PredictionType::Sample: return model_output;
    case PredictionType::VPrediction: return s.alpha * sample - s.sigma * model_output;
  }
  return {};
}

torch::Tensor DPMSolverMultistepScheduler::first_order_update(const torch::Tensor& x0,
                                                              const torch::Tensor& sample) const {
  const auto t = alpha_sigma(sigma_at(*step_index_ + 1));
  const auto s = alpha_sigma(sigma_at(*step_index_));
  const float h = t.lambda - s.lambda;
  return (t.sigma / s.sigma) * sample - (t.alpha * (std::exp(-h) - 1.0f)) * x0;
}

torch::Tensor DPMSolverMultistepScheduler::second_order_update(const torch::Tensor& sample) const {
  const auto t = alpha_sigma(sigma_at(*step_index_ + 1));
  const auto s0 = alpha_sigma(sigma_at(*step_index_));
  const auto s1 = alpha_sigma(sigma_at(*step_index_ - 1));
  const auto& m0 = model_outputs_.back();
  const auto& m1 = model_outputs_[model_outputs_.size() - 2];
  const float h = t.lambda - s0.lambda;
  const float h0 = s0.lambda - s1.lambda;
  const float r0 = h0 / h;
  auto d1 = (1.0f / r0) * (m0 - m1);
  const float c = t.alpha * (std::exp(-h) - 1.0f);
  if (config_.solver_type == DPMSolverType::Heun)
    return (t.sigma / s0.sigma) * sample - c * m0 + (t.alpha * ((std::exp(-h) - 1.0f) / h + 1.0f)) * d1;
  return (t.sigma / s0.sigma) * sample - c * m0 - 0.5f * c * d1;
}

StepResult DPMSolverMultistepScheduler::step(const torch::Tensor& model_output, double timestep,
                                             const torch::Tensor& sample, const StepOptions&) {
  if (num_inference_steps_ == 0) throw Error("DPMSolverMultistepScheduler: call set_timesteps() before step()");
  if (!step_index_) step_index_ = index_or_last(timestep);
  if (*step_index_ >= num_inference_steps_)
    throw Error("DPMSolverMultistepScheduler: step() called more often than there are timesteps");
  const int64_t n = num_inference_steps_;
  const bool last = *step_index_ == n - 1;
  const bool lower_order_final =
      last && (config_.euler_at_final || (config_.lower_order_final && n < 15) ||
               config_.final_sigmas_type == FinalSigmas::Zero);

  auto x0 = data_prediction(model_output, sample);
  for (size_t i = 0; i + 1 < model_outputs_.size(); ++i) model_outputs_[i] = model_outputs_[i + 1];
  model_outputs_.back() = x0;

  torch::Tensor prev;
  if (config_.solver_order == 1 || lower_order_nums_ < 1 || lower_order_final)
    prev = first_order_update(x0, sample);
  else
    prev = second_order_update(sample);
  if (lower_order_nums_ < config_.solver_order) ++lower_order_nums_;
  ++*step_index_;
  return {prev, torch::Tensor()};
}

torch::Tensor DPMSolverMultistepScheduler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                                     const torch::Tensor& timesteps) const {
  const auto values = schedule::to_vector(timesteps.flatten());
  std::vector<float> alphas, sigmas;
  for (double t : values) {
    const auto s = alpha_sigma(sigma_at(index_or_last(t)));
    alphas.push_back(s.alpha);
    sigmas.push_back(s.sigma);
  }
  std::vector<int64_t> shape(static_cast<size_t>(std::max<int64_t>(original.dim(), 1)), 1);
  shape[0] = -1;
  auto opts = [&](std::vector<float>& v) {
    return torch::tensor(v, torch::kFloat32).to(original.scalar_type()).view(shape).to(original.device());
  };
  return opts(alphas) * original + opts(sigmas) * noise;
}

}  // namespace olis::sampling
