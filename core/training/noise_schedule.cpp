#include "core/training/noise_schedule.h"

#include "core/compat/torch_compat.h"
#include "core/sampling/noise_schedule.h"
#include "core/util/error.h"
#include "core/util/json_util.h"

namespace olis::training {

NoiseScheduleConfig noise_schedule_from_json(const nlohmann::json& j, const std::string& label) {
  NoiseScheduleConfig c;
  c.num_train_timesteps = json_get<int64_t>(j, "num_train_timesteps", c.num_train_timesteps, label);
  c.beta_start = json_get<double>(j, "beta_start", c.beta_start, label);
  c.beta_end = json_get<double>(j, "beta_end", c.beta_end, label);
  c.beta_schedule = json_get<std::string>(j, "beta_schedule", c.beta_schedule, label);
  c.rescale_betas_zero_snr = json_get<bool>(j, "rescale_betas_zero_snr", false, label);
  const auto pred = json_get<std::string>(j, "prediction_type", "epsilon", label);
  if (pred == "v_prediction") c.prediction = io::PredictionType::VPrediction;
  else if (pred == "epsilon") c.prediction = io::PredictionType::Epsilon;
  else throw Error(label + ": prediction_type '" + pred + "' is not supported for training (epsilon or v_prediction)");
  if (c.beta_schedule != "scaled_linear" && c.beta_schedule != "linear")
    throw Error(label + ": beta_schedule '" + c.beta_schedule + "' is not supported (scaled_linear or linear)");
  if (c.num_train_timesteps < 1) throw Error(label + ": num_train_timesteps must be at least 1");
  return c;
}

NoiseSchedule::NoiseSchedule(const NoiseScheduleConfig& config) : config_(config) {
  torch::NoGradGuard no_grad;
  // The samplers' betas (core/sampling/noise_schedule.h): one recipe for training and sampling.
  const auto kind = config.beta_schedule == "linear" ? sampling::BetaSchedule::Linear : sampling::BetaSchedule::ScaledLinear;
  const auto betas = sampling::schedule::linear_betas(kind, config.beta_start, config.beta_end,
                                                      config.num_train_timesteps, config.rescale_betas_zero_snr);
  alphas_cumprod_ = sampling::schedule::alphas_cumprod_from_betas(betas);
}

std::pair<torch::Tensor, torch::Tensor> NoiseSchedule::coefficients(const torch::Tensor& timesteps,
                                                                    const torch::Tensor& like) const {
  // The table goes to the device without a host wait; the timesteps are normally there already.
  auto ac = compat::to_device_async(alphas_cumprod_, like.device())
                .to(like.scalar_type())
                .index_select(0, compat::to_device_async(timesteps, like.device()).to(torch::kLong));
  auto sa = ac.pow(0.5);
  auto s1 = (1.0 - ac).pow(0.5);
  std::vector<int64_t> shape(static_cast<std::size_t>(like.dim()), 1);
  shape[0] = like.size(0);
  return {sa.reshape(shape), s1.reshape(shape)};
}

torch::Tensor NoiseSchedule::add_noise(const torch::Tensor& x0, const torch::Tensor& noise,
                                       const torch::Tensor& timesteps) const {
  auto [sa, s1] = coefficients(timesteps, x0);
  return sa * x0 + s1 * noise;
}

torch::Tensor NoiseSchedule::velocity(const torch::Tensor& x0, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const {
  auto [sa, s1] = coefficients(timesteps, x0);
  return sa * noise - s1 * x0;
}

torch::Tensor NoiseSchedule::snr(const torch::Tensor& timesteps) const {
  // On the timesteps' device (a copy of them to the host would wait for the GPU).
  auto ac = compat::to_device_async(alphas_cumprod_, timesteps.device()).index_select(0, timesteps.to(torch::kLong));
  return ac / (1.0 - ac);
}

}  // namespace olis::training
