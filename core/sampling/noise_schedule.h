#pragma once
// The arithmetic diffusers' schedulers share: betas, alphas_cumprod, and the numpy expressions that pick
// inference timesteps. They are reproduced operation by operation (float32 where diffusers uses torch
// float32, float64 where it uses numpy), since a one-off timestep changes the whole image.
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "core/sampling/scheduler_config.h"

namespace olis::sampling::schedule {

// [T] float32, as DDIMScheduler.__init__ builds them (including rescale_betas_zero_snr).
torch::Tensor make_betas(const SchedulerConfig& c);
// The same for the linear and scaled-linear schedules alone (the training schedule's).
torch::Tensor linear_betas(BetaSchedule kind, double beta_start, double beta_end, int64_t num, bool rescale_zero_snr);

// torch.linspace(start, end, num, dtype=torch.float32) as the diffusers reference computed it (torch 1.13 on an
// AVX2 CPU), whatever libtorch Olis runs on: torch's own kernel changed between versions (2.x fills the
// middle values differently) and with the CPU's vector width, by one float ulp, which DPM-Solver trajectories
// amplify past the parity tolerances. The recipe, for num <= 32768 (one thread's chunk): step = (end - start)
// / (num - 1) in float; halfway = num / 2; the first num / 16 * 16 values in blocks of 8 whose first value is
// fma(step, i, start) below halfway and fma(-step, num - 1 - i, end) from it, the others base + j * step
// (unfused); the remaining values each by the fused formula of its side.
std::vector<float> torch_linspace_f32(double start, double end, int64_t num);
// cumprod(1 - betas) in float32.
torch::Tensor alphas_cumprod_from_betas(const torch::Tensor& betas);

// numpy.linspace(start, stop, num) (endpoint included), float64.
std::vector<double> np_linspace(double start, double stop, int64_t num);
// numpy.arange(start, stop, step) for a float step, float64 (numpy's fill: start + i * (x1 - x0)).
std::vector<double> np_arange(double start, double stop, double step);
// numpy.round: half to even.
double np_round(double x);
// numpy.interp(x, arange(len(fp)), fp) for ascending integer abscissae.
double np_interp_index(double x, const std::vector<double>& fp);

// Karras et al. (2022) rho=7 sigma ramp from sigma_max down to sigma_min, num values, float64.
std::vector<double> karras_sigmas(double sigma_min, double sigma_max, int64_t num);
// Fractional training timestep of a sigma, by linear interpolation in log-sigma (diffusers `_sigma_to_t`).
// log_sigmas: log of the float32 training sigmas (ascending t), kept in float32 as numpy does.
double sigma_to_t(double sigma, const std::vector<float>& log_sigmas);
std::vector<float> log_of(const torch::Tensor& float32_values);

// Training-timestep sigmas sqrt((1 - a) / a) of a float32 alphas_cumprod, computed in float32.
torch::Tensor training_sigmas(const torch::Tensor& alphas_cumprod);
std::vector<double> to_vector(const torch::Tensor& t);

}  // namespace olis::sampling::schedule
