#include "core/training/train_step.h"

#include <cmath>

#include "core/compat/torch_compat.h"

namespace olis::training {

LossScaler::LossScaler(bool enabled, double initial_scale, int64_t growth_interval)
    : enabled_(enabled), growth_interval_(growth_interval), scale_(torch::full({}, initial_scale, torch::kFloat64)) {}

double LossScaler::scale() const { return scale_.item<double>(); }
int64_t LossScaler::good_steps() const { return static_cast<int64_t>(good_.item<double>()); }

void LossScaler::set_state(double scale, int64_t good_steps) {
  scale_ = torch::full({}, scale, scale_.options());
  good_ = torch::full({}, static_cast<double>(good_steps), good_.options());
}

torch::Tensor LossScaler::scale_tensor(const torch::Device& device) {
  if (scale_.device() != device) {
    scale_ = scale_.to(device);
    good_ = good_.to(device);
  }
  return scale_;
}

void LossScaler::update(const torch::Tensor& found_inf) {
  torch::NoGradGuard no_grad;
  const auto found = (found_inf > 0.5).to(scale_.device());
  const auto good = good_ + 1;
  const auto grow = good >= static_cast<double>(growth_interval_);
  const auto zero = torch::zeros_like(good_);
  scale_ = torch::where(found, torch::clamp_min(scale_ * 0.5, 1.0), torch::where(grow, scale_ * 2.0, scale_));
  good_ = torch::where(torch::logical_or(found, grow), zero, good);
}

StepResult StepTensors::read() const { return read_steps({*this}).front(); }

std::vector<StepResult> read_steps(const std::vector<StepTensors>& steps) {
  std::vector<StepResult> out;
  if (steps.empty()) return out;
  std::vector<torch::Tensor> all;
  all.reserve(steps.size() * 5);
  for (const auto& s : steps)
    for (const auto* t : {&s.loss, &s.instance_loss, &s.prior_loss, &s.grad_norm, &s.skipped})
      all.push_back(t->detach().to(torch::kFloat32).reshape({}));
  const auto host = torch::stack(all).to(torch::kCPU, torch::kFloat64).contiguous();  // the one sync
  const auto* v = host.data_ptr<double>();
  for (std::size_t i = 0; i < steps.size(); ++i, v += 5)
    out.push_back(StepResult{v[0], v[1], v[2], v[3], v[4] > 0.5});
  return out;
}

StepTensors train_step_async(const Denoiser& denoiser, const StepInputs& in, const NoiseSchedule& schedule,
                             const StepOptions& options, AdamW& optimizer, LossScaler* scaler) {
  const auto device = in.latents.device();
  auto noise = compat::to_device_async(in.noise, device).to(in.latents.scalar_type());
  auto timesteps = compat::to_device_async(in.timesteps, device);
  torch::Tensor noisy;
  {
    torch::NoGradGuard no_grad;
    noisy = schedule.add_noise(in.latents, noise, timesteps);
  }
  auto pred = denoiser(noisy, timesteps, in.cond);
  auto terms = prior_preservation_loss(pred, in.latents, noise, timesteps, schedule, options.loss, in.prior_rows);

  const bool scaling = scaler != nullptr && scaler->enabled();
  torch::Tensor inv_scale;
  if (scaling) {
    const auto scale = scaler->scale_tensor(device);
    inv_scale = 1.0 / scale;
    (terms.total * scale.to(terms.total.scalar_type())).backward();
  } else {
    terms.total.backward();
  }
  // Unscaling, the norm, clipping and the overflow verdict in float32 on the device; a step with
  // non-finite gradients (fp16 overflow, or a diverged run) changes nothing.
  auto check = check_gradients(optimizer.parameters(), inv_scale, options.max_grad_norm);
  optimizer.step(options.lr, check);
  if (scaling) scaler->update(check.found_inf);
  optimizer.zero_grad();
  return StepTensors{terms.total.detach(), terms.instance.detach(), terms.prior.detach(), check.norm, check.found_inf};
}

StepResult train_step(const Denoiser& denoiser, const StepInputs& in, const NoiseSchedule& schedule,
                      const StepOptions& options, AdamW& optimizer, LossScaler* scaler) {
  return train_step_async(denoiser, in, schedule, options, optimizer, scaler).read();
}

void SmoothedLoss::add(double loss) {
  if (!std::isfinite(loss)) return;
  avg_ = beta_ * avg_ + (1 - beta_) * loss;
  ++count_;
}

double SmoothedLoss::value() const {
  if (count_ == 0) return 0;
  return avg_ / (1 - std::pow(beta_, static_cast<double>(count_)));
}

}  // namespace olis::training
