#include "core/sampling/scheduler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include "core/sampling/ddim_scheduler.h"
#include "core/sampling/ddpm_scheduler.h"
#include "core/sampling/dpm_solver_multistep_scheduler.h"
#include "core/sampling/euler_discrete_scheduler.h"
#include "core/sampling/noise_schedule.h"

namespace olis::sampling {

Scheduler::Scheduler(SchedulerConfig config) : config_(std::move(config)) {
  betas_ = schedule::make_betas(config_);
  alphas_cumprod_ = schedule::alphas_cumprod_from_betas(betas_);
  // Before set_timesteps: every training timestep, descending (diffusers' initial state).
  timesteps_ = torch::arange(config_.num_train_timesteps - 1, -1, -1, torch::kInt64);
}

std::vector<double> Scheduler::timestep_values() const { return schedule::to_vector(timesteps_); }

void Scheduler::check_steps(int64_t n) const {
  if (n < 1) throw Error(fmt::format("{}: the number of sampling steps must be at least 1 (got {})",
                                     scheduler_kind_name(kind()), n));
  if (n > config_.num_train_timesteps)
    throw Error(fmt::format("{}: {} sampling steps is more than the {} timesteps the model was trained with",
                            scheduler_kind_name(kind()), n, config_.num_train_timesteps));
}

float Scheduler::alpha_prod(int64_t t) const {
  if (t < 0 || t >= config_.num_train_timesteps)
    throw Error(fmt::format("{}: timestep {} is outside the trained range 0..{}", scheduler_kind_name(kind()), t,
                            config_.num_train_timesteps - 1));
  return alphas_cumprod_.data_ptr<float>()[t];
}

torch::Tensor Scheduler::scale_model_input(const torch::Tensor& sample, double) { return sample; }

std::pair<torch::Tensor, torch::Tensor> Scheduler::sqrt_alpha_coefficients(const torch::Tensor& timesteps,
                                                                           const torch::Tensor& like) const {
  auto t = timesteps.to(torch::kCPU, torch::kInt64).flatten();
  if (t.numel() > 0 && (t.min().item<int64_t>() < 0 || t.max().item<int64_t>() >= config_.num_train_timesteps))
    throw Error(fmt::format("{}: timesteps must lie in 0..{}", scheduler_kind_name(kind()),
                            config_.num_train_timesteps - 1));
  auto ac = alphas_cumprod_.to(like.scalar_type()).index_select(0, t);
  auto sqrt_a = ac.pow(0.5);
  auto sqrt_1ma = (1 - ac).pow(0.5);
  std::vector<int64_t> shape(static_cast<size_t>(std::max<int64_t>(like.dim(), 1)), 1);
  shape[0] = -1;
  return {sqrt_a.view(shape).to(like.device()), sqrt_1ma.view(shape).to(like.device())};
}

torch::Tensor Scheduler::add_noise(const torch::Tensor& original, const torch::Tensor& noise,
                                   const torch::Tensor& timesteps) const {
  auto [a, b] = sqrt_alpha_coefficients(timesteps, original);
  return a * original + b * noise;
}

torch::Tensor Scheduler::get_velocity(const torch::Tensor& sample, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const {
  auto [a, b] = sqrt_alpha_coefficients(timesteps, sample);
  return a * noise - b * sample;
}

int64_t Scheduler::index_for_timestep(double timestep) const {
  const auto values = timestep_values();
  int64_t first = -1;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == timestep) {
      if (first >= 0) return static_cast<int64_t>(i);
      first = static_cast<int64_t>(i);
    }
  }
  return first;
}

std::unique_ptr<Scheduler> make_scheduler(const SchedulerConfig& config) {
  switch (config.kind) {
    case SchedulerKind::DDIM: return std::make_unique<DDIMScheduler>(config);
    case SchedulerKind::DDPM: return std::make_unique<DDPMScheduler>(config);
    case SchedulerKind::EulerDiscrete: return std::make_unique<EulerDiscreteScheduler>(config);
    case SchedulerKind::DPMSolverMultistep: return std::make_unique<DPMSolverMultistepScheduler>(config);
  }
  throw Error("unknown scheduler kind");
}

at::Generator make_cpu_generator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

torch::Tensor randn_like_diffusers(at::IntArrayRef shape, const at::Generator& generator,
                                   const torch::TensorOptions& options) {
  auto cpu = torch::TensorOptions().dtype(torch::kFloat32).device(torch::kCPU);
  torch::Tensor noise;
  if (generator.defined()) {
    noise = torch::randn(shape, generator, cpu);  // the kernel locks the generator itself
  } else {
    noise = torch::randn(shape, cpu);
  }
  return noise.to(options.device(), options.dtype());
}

}  // namespace olis::sampling
