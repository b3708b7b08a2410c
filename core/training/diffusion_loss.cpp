#include "core/training/diffusion_loss.h"

#include "core/util/error.h"

namespace olis::training {

namespace {

// Mean squared error over the rows [begin, end), with optional per-row weights.
torch::Tensor weighted_mse(const torch::Tensor& pred, const torch::Tensor& target, const torch::Tensor& weights,
                           int64_t begin, int64_t end) {
  auto p = pred.slice(0, begin, end).to(torch::kFloat32);
  auto t = target.slice(0, begin, end).to(torch::kFloat32);
  if (!weights.defined()) return torch::mse_loss(p, t);
  auto per_row = (p - t).pow(2).flatten(1).mean(1);  // [rows]
  return (per_row * weights.slice(0, begin, end).to(per_row.device())).mean();
}

}  // namespace

LossTerms prior_preservation_loss(const torch::Tensor& pred, const torch::Tensor& x0, const torch::Tensor& noise,
                                  const torch::Tensor& timesteps, const NoiseSchedule& schedule,
                                  const LossOptions& options, int64_t prior_rows) {
  const int64_t rows = pred.size(0);
  if (prior_rows < 0 || prior_rows >= rows)
    throw Error("prior-preservation loss: the batch of " + std::to_string(rows) + " rows cannot hold " +
                std::to_string(prior_rows) + " prior rows and at least one instance row");
  const bool v = schedule.config().prediction == io::PredictionType::VPrediction;
  torch::Tensor target = v ? schedule.velocity(x0, noise, timesteps) : noise;
  torch::Tensor weights;
  if (options.min_snr_gamma > 0) {
    auto snr = schedule.snr(timesteps);
    weights = torch::clamp_max(snr, options.min_snr_gamma) / (v ? snr + 1.0 : snr);
  }
  const int64_t instance_rows = rows - prior_rows;
  LossTerms out;
  out.instance = weighted_mse(pred, target, weights, 0, instance_rows);
  if (prior_rows > 0) {
    out.prior = weighted_mse(pred, target, weights, instance_rows, rows);
    out.total = out.instance + options.prior_loss_weight * out.prior;
  } else {
    out.prior = torch::zeros({}, out.instance.options());
    out.total = out.instance;
  }
  return out;
}

StepNoise draw_step_noise(torch::IntArrayRef shape, int64_t num_train_timesteps, double offset_noise,
                          torch::Generator& gen) {
  StepNoise s;
  auto cpu = torch::TensorOptions().dtype(torch::kFloat32);
  s.noise = torch::randn(shape, gen, cpu);
  if (offset_noise > 0 && shape.size() >= 2) {
    std::vector<int64_t> per_channel(shape.size(), 1);
    per_channel[0] = shape[0];
    per_channel[1] = shape[1];
    s.noise = s.noise + offset_noise * torch::randn(per_channel, gen, cpu);
  }
  s.timesteps = torch::randint(0, num_train_timesteps, {shape[0]}, gen, torch::TensorOptions().dtype(torch::kInt64));
  return s;
}

}  // namespace olis::training
