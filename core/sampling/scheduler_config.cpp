#include "core/sampling/scheduler_config.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/util/json_util.h"

namespace olis::sampling {
namespace {

template <class E>
struct Choice {
  const char* name;
  E value;
};

template <class E, std::size_t N>
E parse_choice(const nlohmann::json& j, const std::string& key, E fallback, const Choice<E> (&choices)[N],
               const std::string& label) {
  const auto text = json_get<std::string>(j, key, "", label);
  if (text.empty()) return fallback;
  for (const auto& c : choices)
    if (text == c.name) return c.value;
  std::string known;
  for (const auto& c : choices) known += (known.empty() ? "" : ", ") + std::string(c.name);
  throw Error(fmt::format("{}: {} '{}' is not supported by Olis (supported: {})", label, key, text, known));
}

constexpr Choice<BetaSchedule> kBetaSchedules[] = {
    {"linear", BetaSchedule::Linear}, {"scaled_linear", BetaSchedule::ScaledLinear},
    {"squaredcos_cap_v2", BetaSchedule::SquaredCosCapV2}};
constexpr Choice<PredictionType> kPredictionTypes[] = {
    {"epsilon", PredictionType::Epsilon}, {"v_prediction", PredictionType::VPrediction},
    {"sample", PredictionType::Sample}};
constexpr Choice<TimestepSpacing> kSpacings[] = {
    {"leading", TimestepSpacing::Leading}, {"trailing", TimestepSpacing::Trailing},
    {"linspace", TimestepSpacing::Linspace}};
constexpr Choice<DDPMVariance> kVariances[] = {
    {"fixed_small", DDPMVariance::FixedSmall}, {"fixed_small_log", DDPMVariance::FixedSmallLog},
    {"fixed_large", DDPMVariance::FixedLarge}, {"fixed_large_log", DDPMVariance::FixedLargeLog}};
constexpr Choice<SigmaInterpolation> kInterpolations[] = {
    {"linear", SigmaInterpolation::Linear}, {"log_linear", SigmaInterpolation::LogLinear}};
constexpr Choice<FinalSigmas> kFinalSigmas[] = {{"zero", FinalSigmas::Zero}, {"sigma_min", FinalSigmas::SigmaMin}};
constexpr Choice<DPMSolverType> kSolverTypes[] = {
    {"midpoint", DPMSolverType::Midpoint}, {"heun", DPMSolverType::Heun},
    // diffusers maps the UniPC/DEIS names onto midpoint
    {"logrho", DPMSolverType::Midpoint}, {"bh1", DPMSolverType::Midpoint}, {"bh2", DPMSolverType::Midpoint}};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string scheduler_kind_name(SchedulerKind kind) {
  switch (kind) {
    case SchedulerKind::DDIM: return "DDIMScheduler";
    case SchedulerKind::DDPM: return "DDPMScheduler";
    case SchedulerKind::EulerDiscrete: return "EulerDiscreteScheduler";
    case SchedulerKind::DPMSolverMultistep: return "DPMSolverMultistepScheduler";
  }
  return "?";
}

std::optional<SchedulerKind> scheduler_kind_from_class_name(const std::string& class_name) {
  for (auto k : {SchedulerKind::DDIM, SchedulerKind::DDPM, SchedulerKind::EulerDiscrete,
                 SchedulerKind::DPMSolverMultistep})
    if (scheduler_kind_name(k) == class_name) return k;
  return std::nullopt;
}

std::optional<SchedulerKind> scheduler_kind_from_sampler_name(const std::string& name) {
  const auto n = lower(name);
  if (n == "ddim") return SchedulerKind::DDIM;
  if (n == "ddpm") return SchedulerKind::DDPM;
  if (n == "euler") return SchedulerKind::EulerDiscrete;
  if (n == "dpmpp2m" || n == "dpm++2m" || n == "dpmpp_2m" || n == "dpm++_2m") return SchedulerKind::DPMSolverMultistep;
  return std::nullopt;
}

std::string sampler_name(SchedulerKind kind) {
  switch (kind) {
    case SchedulerKind::DDIM: return "ddim";
    case SchedulerKind::DDPM: return "ddpm";
    case SchedulerKind::EulerDiscrete: return "euler";
    case SchedulerKind::DPMSolverMultistep: return "dpmpp2m";
  }
  return "?";
}

std::string a1111_sampler_name(const SchedulerConfig& c) {
  std::string name;
  switch (c.kind) {
    case SchedulerKind::DDIM: name = "DDIM"; break;
    case SchedulerKind::DDPM: name = "DDPM"; break;
    case SchedulerKind::EulerDiscrete: name = "Euler"; break;
    case SchedulerKind::DPMSolverMultistep: name = "DPM++ 2M"; break;
  }
  if (c.use_karras_sigmas && (c.kind == SchedulerKind::EulerDiscrete || c.kind == SchedulerKind::DPMSolverMultistep))
    name += " Karras";
  return name;
}

SchedulerConfig scheduler_config_from_json(const nlohmann::json& j, const std::string& label,
                                           std::optional<SchedulerKind> kind) {
  if (!j.is_object()) throw Error(label + ": a scheduler config must be a JSON object");
  SchedulerConfig c;
  c.source = j;
  if (kind) {
    c.kind = *kind;
  } else {
    const auto cls = json_get<std::string>(j, "_class_name", "DDIMScheduler", label);
    auto k = scheduler_kind_from_class_name(cls);
    if (!k)
      throw Error(fmt::format("{}: scheduler class '{}' is not supported (Olis has DDIMScheduler, DDPMScheduler, "
                              "EulerDiscreteScheduler and DPMSolverMultistepScheduler; choose one with --sampler)",
                              label, cls));
    c.kind = *k;
  }
  const bool sigma_based = c.kind == SchedulerKind::EulerDiscrete || c.kind == SchedulerKind::DPMSolverMultistep;

  c.num_train_timesteps = json_get<int>(j, "num_train_timesteps", 1000, label);
  if (c.num_train_timesteps < 2) throw Error(label + ": num_train_timesteps must be at least 2");
  c.beta_start = json_get<double>(j, "beta_start", 0.0001, label);
  c.beta_end = json_get<double>(j, "beta_end", 0.02, label);
  c.beta_schedule = parse_choice(j, "beta_schedule", BetaSchedule::Linear, kBetaSchedules, label);
  c.trained_betas = json_get<std::vector<double>>(j, "trained_betas", {}, label);
  if (!c.trained_betas.empty() && static_cast<int>(c.trained_betas.size()) != c.num_train_timesteps)
    throw Error(fmt::format("{}: trained_betas has {} values but num_train_timesteps is {}", label,
                            c.trained_betas.size(), c.num_train_timesteps));
  c.prediction_type = parse_choice(j, "prediction_type", PredictionType::Epsilon, kPredictionTypes, label);
  c.timestep_spacing = parse_choice(j, "timestep_spacing", sigma_based ? TimestepSpacing::Linspace : TimestepSpacing::Leading,
                                    kSpacings, label);
  c.steps_offset = json_get<int>(j, "steps_offset", 0, label);
  c.rescale_betas_zero_snr = json_get<bool>(j, "rescale_betas_zero_snr", false, label);
  c.clip_sample = json_get<bool>(j, "clip_sample", true, label);
  c.clip_sample_range = json_get<double>(j, "clip_sample_range", 1.0, label);
  c.set_alpha_to_one = json_get<bool>(j, "set_alpha_to_one", true, label);
  c.variance_type = parse_choice(j, "variance_type", DDPMVariance::FixedSmall, kVariances, label);
  c.use_karras_sigmas = json_get<bool>(j, "use_karras_sigmas", false, label);
  if (j.contains("sigma_min") && !j["sigma_min"].is_null()) c.sigma_min = json_get<double>(j, "sigma_min", 0.0, label);
  if (j.contains("sigma_max") && !j["sigma_max"].is_null()) c.sigma_max = json_get<double>(j, "sigma_max", 0.0, label);
  c.interpolation_type = parse_choice(j, "interpolation_type", SigmaInterpolation::Linear, kInterpolations, label);
  c.solver_order = json_get<int>(j, "solver_order", 2, label);
  c.solver_type = parse_choice(j, "solver_type", DPMSolverType::Midpoint, kSolverTypes, label);
  c.lower_order_final = json_get<bool>(j, "lower_order_final", true, label);
  c.euler_at_final = json_get<bool>(j, "euler_at_final", false, label);
  c.final_sigmas_type = parse_choice(j, "final_sigmas_type", FinalSigmas::Zero, kFinalSigmas, label);
  c.lambda_min_clipped = json_get<double>(j, "lambda_min_clipped", -1e308, label);

  // What Olis does not implement is refused rather than silently ignored.
  if (json_get<bool>(j, "thresholding", false, label) && !sigma_based)
    throw Error(label + ": dynamic thresholding is for pixel-space models and is not supported");
  if (c.kind == SchedulerKind::DPMSolverMultistep) {
    if (json_get<bool>(j, "thresholding", false, label))
      throw Error(label + ": dynamic thresholding is for pixel-space models and is not supported");
    const auto algo = json_get<std::string>(j, "algorithm_type", "dpmsolver++", label);
    if (algo != "dpmsolver++" && algo != "deis")
      throw Error(fmt::format("{}: algorithm_type '{}' is not supported (Olis implements dpmsolver++)", label, algo));
    if (c.solver_order < 1 || c.solver_order > 2)
      throw Error(fmt::format("{}: solver_order {} is not supported (1 or 2)", label, c.solver_order));
    if (json_get<bool>(j, "use_lu_lambdas", false, label))
      throw Error(label + ": use_lu_lambdas is not supported");
  }
  if (c.kind == SchedulerKind::EulerDiscrete) {
    const auto type = json_get<std::string>(j, "timestep_type", "discrete", label);
    if (type != "discrete")
      throw Error(fmt::format("{}: timestep_type '{}' is not supported (discrete only)", label, type));
  }
  return c;
}

Expected<SchedulerConfig> load_scheduler_config(const std::filesystem::path& path, std::optional<SchedulerKind> kind) {
  return load_json_as(path, [kind](const nlohmann::json& j, const std::string& label) {
    return scheduler_config_from_json(j, label, kind);
  });
}

SchedulerConfig convert_scheduler_config(const SchedulerConfig& config, SchedulerKind kind) {
  if (!config.source.is_null()) {
    auto j = config.source;
    // Options that belong to one class only are not carried over (diffusers drops unknown keys too, but
    // these have different meanings, e.g. DPM's thresholding vs DDIM's).
    return scheduler_config_from_json(j, "scheduler config", kind);
  }
  auto c = config;
  c.kind = kind;
  return c;
}

}  // namespace olis::sampling
