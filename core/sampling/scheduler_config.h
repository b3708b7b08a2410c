#pragma once
// Noise-schedule configuration as diffusers' scheduler_config.json holds it. One struct covers DDIM, DDPM,
// EulerDiscrete and DPMSolverMultistep (dpmsolver++); fields a class does not read are ignored by it.
// Defaults follow diffusers v0.26.3 and depend on the class (e.g. Euler and DPM default to linspace spacing).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis::sampling {

enum class SchedulerKind { DDIM, DDPM, EulerDiscrete, DPMSolverMultistep };
enum class BetaSchedule { Linear, ScaledLinear, SquaredCosCapV2 };
enum class PredictionType { Epsilon, VPrediction, Sample };
enum class TimestepSpacing { Leading, Trailing, Linspace };
enum class DDPMVariance { FixedSmall, FixedSmallLog, FixedLarge, FixedLargeLog };
enum class SigmaInterpolation { Linear, LogLinear };
enum class FinalSigmas { Zero, SigmaMin };
enum class DPMSolverType { Midpoint, Heun };

struct SchedulerConfig {
  SchedulerKind kind = SchedulerKind::DDIM;
  int num_train_timesteps = 1000;
  double beta_start = 0.0001;
  double beta_end = 0.02;
  BetaSchedule beta_schedule = BetaSchedule::Linear;
  std::vector<double> trained_betas;  // when non-empty, used instead of the schedule
  PredictionType prediction_type = PredictionType::Epsilon;
  TimestepSpacing timestep_spacing = TimestepSpacing::Leading;
  int steps_offset = 0;
  bool rescale_betas_zero_snr = false;
  // DDIM / DDPM
  bool clip_sample = true;
  double clip_sample_range = 1.0;
  bool set_alpha_to_one = true;  // DDIM: "previous" alpha of the last step is 1 (else alphas_cumprod[0])
  DDPMVariance variance_type = DDPMVariance::FixedSmall;
  // Euler / DPM
  bool use_karras_sigmas = false;
  std::optional<double> sigma_min, sigma_max;  // Karras range override
  SigmaInterpolation interpolation_type = SigmaInterpolation::Linear;
  // DPM-Solver++
  int solver_order = 2;
  DPMSolverType solver_type = DPMSolverType::Midpoint;
  bool lower_order_final = true;
  bool euler_at_final = false;
  FinalSigmas final_sigmas_type = FinalSigmas::Zero;
  double lambda_min_clipped = -1e308;  // -Infinity in the json

  // The json this came from (empty when built by hand): switching the sampler re-reads it with the other
  // class's defaults, as diffusers' `OtherScheduler.from_config(config)` does.
  nlohmann::json source;
};

// Reads a scheduler config object. `kind` overrides "_class_name" (used to switch samplers). Throws
// olis::Error naming `label` and the key for unsupported values (thresholding, learned variance, ...).
SchedulerConfig scheduler_config_from_json(const nlohmann::json& j, const std::string& label,
                                           std::optional<SchedulerKind> kind = std::nullopt);
Expected<SchedulerConfig> load_scheduler_config(const std::filesystem::path& path,
                                                std::optional<SchedulerKind> kind = std::nullopt);
// The same schedule under another sampler (keeps betas, spacing, offset, prediction type).
SchedulerConfig convert_scheduler_config(const SchedulerConfig& config, SchedulerKind kind);

std::string scheduler_kind_name(SchedulerKind kind);  // diffusers class name, e.g. "DDIMScheduler"
std::optional<SchedulerKind> scheduler_kind_from_class_name(const std::string& class_name);
// User-facing sampler names: "ddim", "ddpm", "euler", "dpmpp2m" (also accepts "dpm++2m", "dpmpp_2m").
std::optional<SchedulerKind> scheduler_kind_from_sampler_name(const std::string& name);
std::string sampler_name(SchedulerKind kind);              // "ddim", "ddpm", "euler", "dpmpp2m"
std::string a1111_sampler_name(const SchedulerConfig& c);  // "DDIM", "Euler", "DPM++ 2M Karras", ...

}  // namespace olis::sampling
