#include "core/sampling/noise_schedule.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "core/util/error.h"

namespace olis::sampling::schedule {
namespace {

// Rescales betas to zero terminal SNR (Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps
// are Flawed", Algorithm 1), in float32 like diffusers.
torch::Tensor rescale_zero_terminal_snr(const torch::Tensor& betas) {
  auto alphas = 1.0 - betas;
  auto alphas_bar_sqrt = torch::cumprod(alphas, 0).sqrt();
  auto s0 = alphas_bar_sqrt[0].clone();
  auto sT = alphas_bar_sqrt[-1].clone();
  alphas_bar_sqrt -= sT;
  alphas_bar_sqrt *= s0 / (s0 - sT);
  auto alphas_bar = alphas_bar_sqrt.pow(2);
  auto ratios = alphas_bar.slice(0, 1) / alphas_bar.slice(0, 0, -1);
  alphas = torch::cat({alphas_bar.slice(0, 0, 1), ratios});
  return 1 - alphas;
}

torch::Tensor squaredcos_cap_v2(int64_t n) {
  auto alpha_bar = [](double t) { return std::pow(std::cos((t + 0.008) / 1.008 * M_PI / 2), 2); };
  std::vector<float> betas;
  betas.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const double t1 = static_cast<double>(i) / static_cast<double>(n);
    const double t2 = static_cast<double>(i + 1) / static_cast<double>(n);
    betas.push_back(static_cast<float>(std::min(1 - alpha_bar(t2) / alpha_bar(t1), 0.999)));
  }
  return torch::tensor(betas, torch::kFloat32);
}

}  // namespace

std::vector<float> torch_linspace_f32(double start_d, double end_d, int64_t num) {
  std::vector<float> y(static_cast<size_t>(std::max<int64_t>(num, 0)));
  if (num <= 0) return y;
  const float start = static_cast<float>(start_d), end = static_cast<float>(end_d);
  if (num == 1) {
    y[0] = start;
    return y;
  }
  const float step = (end - start) / static_cast<float>(num - 1);
  const int64_t halfway = num / 2;
  auto fused = [&](int64_t i) {
    return i < halfway ? std::fma(step, static_cast<float>(i), start)
                       : std::fma(-step, static_cast<float>(num - 1 - i), end);
  };
  constexpr int64_t kLanes = 8;
  const int64_t vector_end = num / (2 * kLanes) * (2 * kLanes);
  for (int64_t i0 = 0; i0 < vector_end; i0 += kLanes) {
    const float base = fused(i0);
    y[static_cast<size_t>(i0)] = base;
    for (int64_t j = 1; j < kLanes; ++j) {
      // Rounded product, then rounded sum: the kernel's lanes are not fused (volatile keeps the compiler
      // from contracting them into an fma).
      volatile float offset = static_cast<float>(j) * step;
      y[static_cast<size_t>(i0 + j)] = base + offset;
    }
  }
  for (int64_t i = vector_end; i < num; ++i) y[static_cast<size_t>(i)] = fused(i);
  return y;
}

torch::Tensor linear_betas(BetaSchedule kind, double beta_start, double beta_end, int64_t num, bool rescale_zero_snr) {
  if (kind != BetaSchedule::Linear && kind != BetaSchedule::ScaledLinear)
    throw Error("linear_betas: the schedule must be linear or scaled_linear");
  torch::Tensor betas;
  if (kind == BetaSchedule::Linear) {
    betas = torch::tensor(torch_linspace_f32(beta_start, beta_end, num), torch::kFloat32);
  } else {
    betas = torch::tensor(torch_linspace_f32(std::sqrt(beta_start), std::sqrt(beta_end), num), torch::kFloat32).pow(2);
  }
  return rescale_zero_snr ? rescale_zero_terminal_snr(betas) : betas;
}

torch::Tensor make_betas(const SchedulerConfig& c) {
  if (c.trained_betas.empty() && c.beta_schedule != BetaSchedule::SquaredCosCapV2)
    return linear_betas(c.beta_schedule, c.beta_start, c.beta_end, c.num_train_timesteps, c.rescale_betas_zero_snr);
  auto betas = !c.trained_betas.empty() ? torch::tensor(c.trained_betas, torch::kFloat64).to(torch::kFloat32)
                                        : squaredcos_cap_v2(c.num_train_timesteps);
  if (c.rescale_betas_zero_snr) betas = rescale_zero_terminal_snr(betas);
  return betas;
}

torch::Tensor alphas_cumprod_from_betas(const torch::Tensor& betas) { return torch::cumprod(1.0 - betas, 0); }

std::vector<double> np_linspace(double start, double stop, int64_t num) {
  std::vector<double> y;
  if (num <= 0) return y;
  y.resize(static_cast<size_t>(num));
  if (num == 1) {
    y[0] = start;
    return y;
  }
  const double div = static_cast<double>(num - 1);
  const double delta = stop - start;
  const double step = delta / div;
  for (int64_t i = 0; i < num; ++i) {
    const double fi = static_cast<double>(i);
    y[static_cast<size_t>(i)] = (step == 0 ? (fi / div) * delta : fi * step) + start;
  }
  y.back() = stop;
  return y;
}

std::vector<double> np_arange(double start, double stop, double step) {
  std::vector<double> y;
  const double len = std::ceil((stop - start) / step);
  if (!(len > 0)) return y;
  const auto n = static_cast<int64_t>(len);
  y.reserve(static_cast<size_t>(n));
  y.push_back(start);
  if (n > 1) {
    const double x1 = start + step;
    const double delta = x1 - start;
    y.push_back(x1);
    for (int64_t i = 2; i < n; ++i) y.push_back(start + static_cast<double>(i) * delta);
  }
  return y;
}

double np_round(double x) { return std::nearbyint(x); }  // default rounding mode: to nearest, ties to even

double np_interp_index(double x, const std::vector<double>& fp) {
  const auto n = static_cast<int64_t>(fp.size());
  if (x <= 0) return fp.front();
  if (x >= static_cast<double>(n - 1)) return fp.back();
  const auto j = static_cast<int64_t>(std::floor(x));
  const double xj = static_cast<double>(j);
  if (x == xj) return fp[static_cast<size_t>(j)];
  const double slope = fp[static_cast<size_t>(j + 1)] - fp[static_cast<size_t>(j)];  // dx == 1
  return slope * (x - xj) + fp[static_cast<size_t>(j)];
}

std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int64_t num) {
  constexpr double rho = 7.0;
  const auto ramp = np_linspace(0, 1, num);
  const double min_inv_rho = std::pow(sigma_min, 1 / rho);
  const double max_inv_rho = std::pow(sigma_max, 1 / rho);
  std::vector<double> sigmas;
  sigmas.reserve(ramp.size());
  for (double r : ramp) sigmas.push_back(std::pow(max_inv_rho + r * (min_inv_rho - max_inv_rho), rho));
  return sigmas;
}

double sigma_to_t(double sigma, const std::vector<float>& log_sigmas) {
  const double log_sigma = std::log(std::max(sigma, 1e-10));
  const auto n = static_cast<int64_t>(log_sigmas.size());
  // low_idx = index of the last log_sigma <= log_sigma (argmax of the cumulative count), clipped to n-2
  int64_t count = 0, best = 0, best_idx = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (log_sigma - log_sigmas[static_cast<size_t>(i)] >= 0) ++count;
    if (count > best) {
      best = count;
      best_idx = i;
    }
  }
  const int64_t low_idx = std::min(best_idx, n - 2);
  const int64_t high_idx = low_idx + 1;
  const float low = log_sigmas[static_cast<size_t>(low_idx)];
  const float high = log_sigmas[static_cast<size_t>(high_idx)];
  const float span = low - high;  // float32 - float32 stays float32 in numpy
  const double w = std::clamp((static_cast<double>(low) - log_sigma) / static_cast<double>(span), 0.0, 1.0);
  return (1 - w) * static_cast<double>(low_idx) + w * static_cast<double>(high_idx);
}

torch::Tensor training_sigmas(const torch::Tensor& alphas_cumprod) {
  return ((1 - alphas_cumprod) / alphas_cumprod).pow(0.5);
}

std::vector<float> log_of(const torch::Tensor& float32_values) {
  auto f = float32_values.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  std::vector<float> out(static_cast<size_t>(f.numel()));
  const float* p = f.data_ptr<float>();
  for (size_t i = 0; i < out.size(); ++i) out[i] = std::log(p[i]);
  return out;
}

std::vector<double> to_vector(const torch::Tensor& t) {
  auto d = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

}  // namespace olis::sampling::schedule
