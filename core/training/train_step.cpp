#include "core/training/train_step.h"

#include <cmath>

namespace olis::training {

StepResult train_step(const Denoiser& denoiser, const StepInputs& in, const NoiseSchedule& schedule,
                      const StepOptions& options, AdamW& optimizer, LossScaler* scaler) {
  const auto device = in.latents.device();
  auto noise = in.noise.to(device, in.latents.scalar_type());
  auto timesteps = in.timesteps.to(device);
  torch::Tensor noisy;
  {
    torch::NoGradGuard no_grad;
    noisy = schedule.add_noise(in.latents, noise, timesteps);
  }
  auto pred = denoiser(noisy, timesteps, in.cond);
  auto terms = prior_preservation_loss(pred, in.latents, noise, timesteps, schedule, options.loss, in.prior_rows);

  const bool scaling = scaler != nullptr && scaler->enabled;
  if (scaling) (terms.total * scaler->scale).backward();
  else terms.total.backward();

  StepResult r;
  r.loss = terms.total.item<double>();
  r.instance_loss = terms.instance.item<double>();
  r.prior_loss = terms.prior.item<double>();
  if (scaling) {
    torch::NoGradGuard no_grad;
    for (const auto& p : optimizer.parameters())
      if (p.tensor.grad().defined()) p.tensor.grad().div_(scaler->scale);
  }
  r.grad_norm = clip_grad_norm(optimizer.parameters(), options.max_grad_norm);
  if (!std::isfinite(r.grad_norm)) {
    // Overflowed gradients (fp16) or a diverged run: never apply them.
    r.skipped = true;
    if (scaling) {
      scaler->scale = std::max(1.0, scaler->scale / 2);
      scaler->good_steps = 0;
    }
  } else {
    optimizer.step(options.lr);
    if (scaling && ++scaler->good_steps >= scaler->growth_interval) {
      scaler->scale *= 2;
      scaler->good_steps = 0;
    }
  }
  optimizer.zero_grad();
  return r;
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
