// Schedulers against diffusers v0.26.3 (fixtures/schedulers/<variant>/): betas, timesteps, sigmas,
// init_noise_sigma, add_noise, get_velocity, single steps and whole trajectories. Data driven: every
// variant folder is run, and every tensor the case holds is checked.
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/sampling/scheduler.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

using olis::sampling::SchedulerKind;
using olis::test::tensors_close;

constexpr double kAtol = 1e-5;  // fixtures/README.md: schedulers 1e-5 abs / 1e-5 rel
constexpr double kRtol = 1e-5;

std::vector<std::filesystem::path> scheduler_dirs() {
  std::vector<std::filesystem::path> dirs;
  const auto root = olis::test::fixtures_root() / "schedulers";
  if (!std::filesystem::is_directory(root)) return dirs;
  for (const auto& e : std::filesystem::directory_iterator(root))
    if (std::filesystem::exists(e.path() / "case.safetensors") &&
        std::filesystem::exists(e.path() / "scheduler_config.json"))
      dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

#define OLIS_REQUIRE_SCHEDULER_FIXTURES(var)                                                          \
  const auto var = scheduler_dirs();                                                                  \
  if (var.empty()) {                                                                                  \
    if (::olis::test::in_ci()) FAIL() << ::olis::test::missing_fixture_message("schedulers/");         \
    GTEST_SKIP() << ::olis::test::missing_fixture_message("schedulers/");                             \
  }

std::unique_ptr<olis::sampling::Scheduler> load(const std::filesystem::path& dir) {
  auto config = olis::value_or_throw(olis::sampling::load_scheduler_config(dir / "scheduler_config.json"));
  return olis::sampling::make_scheduler(config);
}

// Numbers N for which the case has a tensor named "<prefix>N<suffix>".
std::vector<int64_t> numbers(const olis::io::TensorMap& c, const std::string& prefix, const std::string& suffix) {
  std::set<int64_t> out;
  const std::regex re("^" + std::regex_replace(prefix, std::regex(R"([.])"), R"(\.)") + R"((\d+))" +
                      std::regex_replace(suffix, std::regex(R"([.])"), R"(\.)") + "$");
  for (const auto& [name, t] : c) {
    std::smatch m;
    if (std::regex_match(name, m, re)) out.insert(std::stoll(m[1].str()));
  }
  return {out.begin(), out.end()};
}

TEST(SchedulerParity, BetasAndAlphasCumprod) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto s = load(dir);
    EXPECT_TRUE(tensors_close(s->betas(), c.at("betas"), 1e-7, 1e-6, "betas"));
    EXPECT_TRUE(tensors_close(s->alphas_cumprod(), c.at("alphas_cumprod"), 1e-7, 1e-6, "alphas_cumprod"));
  }
}

TEST(SchedulerParity, TimestepsSigmasAndInitNoiseSigma) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto s = load(dir);
    const auto ns = numbers(c, "timesteps_", "");
    ASSERT_FALSE(ns.empty());
    for (int64_t n : ns) {
      SCOPED_TRACE("N=" + std::to_string(n));
      s->set_timesteps(n);
      const auto& expected = c.at("timesteps_" + std::to_string(n));
      ASSERT_EQ(s->timesteps().scalar_type(), expected.scalar_type()) << "timestep dtype";
      if (expected.scalar_type() == torch::kInt64) {
        ASSERT_EQ(s->timesteps().sizes(), expected.sizes());
        EXPECT_TRUE(torch::equal(s->timesteps(), expected)) << s->timesteps() << "\nexpected\n" << expected;
      } else {
        EXPECT_TRUE(tensors_close(s->timesteps(), expected, kAtol, kRtol, "timesteps"));
      }
      if (c.count("sigmas_" + std::to_string(n))) {
        EXPECT_TRUE(tensors_close(s->sigmas(), c.at("sigmas_" + std::to_string(n)), kAtol, kRtol, "sigmas"));
      }
      if (c.count("init_noise_sigma_" + std::to_string(n))) {
        EXPECT_NEAR(s->init_noise_sigma(), c.at("init_noise_sigma_" + std::to_string(n)).item<double>(),
                    kAtol * (1 + s->init_noise_sigma()));
      }
    }
  }
}

TEST(SchedulerParity, AddNoiseAndVelocity) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto s = load(dir);
    const auto& x0 = c.at("add_noise.original");
    const auto& noise = c.at("add_noise.noise");
    int checked = 0;
    if (c.count("add_noise.noisy")) {
      EXPECT_TRUE(tensors_close(s->add_noise(x0, noise, c.at("add_noise.timesteps")), c.at("add_noise.noisy"), kAtol,
                                kRtol, "add_noise"));
      ++checked;
    }
    if (c.count("get_velocity.velocity")) {
      EXPECT_TRUE(tensors_close(s->get_velocity(x0, noise, c.at("add_noise.timesteps")), c.at("get_velocity.velocity"),
                                kAtol, kRtol, "get_velocity"));
      ++checked;
    }
    if (c.count("add_noise_sched.noisy")) {
      s->set_timesteps(50);
      EXPECT_TRUE(tensors_close(s->add_noise(x0, noise, c.at("add_noise_sched.timesteps")),
                                c.at("add_noise_sched.noisy"), kAtol, kRtol, "add_noise (scheduled timesteps)"));
      ++checked;
    }
    EXPECT_GT(checked, 0) << "the case has no add_noise output";
  }
}

// DDIM single steps (eta 0 and eta 0.5 with given noise) after set_timesteps(50).
TEST(SchedulerParity, DDIMSingleSteps) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  int variants = 0;
  for (const auto& dir : dirs) {
    auto s = load(dir);
    if (s->kind() != SchedulerKind::DDIM) continue;
    ++variants;
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    s->set_timesteps(50);
    const auto& m = c.at("step.model_output");
    const auto& x = c.at("step.sample");
    const auto ts = numbers(c, "step.t", ".prev_sample");
    ASSERT_FALSE(ts.empty());
    for (int64_t t : ts) {
      const auto key = "step.t" + std::to_string(t);
      auto r = s->step(m, static_cast<double>(t), x);
      EXPECT_TRUE(tensors_close(r.prev_sample, c.at(key + ".prev_sample"), kAtol, kRtol, key + ".prev_sample"));
      EXPECT_TRUE(tensors_close(r.pred_original_sample, c.at(key + ".pred_original_sample"), kAtol, kRtol,
                                key + ".pred_original_sample"));
    }
    if (c.count("step_eta0.5.timestep")) {
      const auto t = c.at("step_eta0.5.timestep").item<int64_t>();
      olis::sampling::StepOptions opt;
      opt.eta = 0.5;
      opt.variance_noise = c.at("step_eta0.5.variance_noise");
      auto r = s->step(m, static_cast<double>(t), x, opt);
      const auto key = "step_eta0.5.t" + std::to_string(t);
      EXPECT_TRUE(tensors_close(r.prev_sample, c.at(key + ".prev_sample"), kAtol, kRtol, key));
      EXPECT_TRUE(tensors_close(r.pred_original_sample, c.at(key + ".pred_original_sample"), kAtol, kRtol, key));
      // Without the given noise the result must differ (eta adds noise) but keep the same x0 estimate.
      auto r2 = s->step(m, static_cast<double>(t), x, {0.5, {}, olis::sampling::make_cpu_generator(1)});
      EXPECT_FALSE(torch::allclose(r2.prev_sample, r.prev_sample));
    }
  }
  if (variants == 0) GTEST_SKIP() << "no DDIM variant among the scheduler fixtures";
}

// DDPM steps draw their noise from torch.Generator().manual_seed(600 + t); libtorch's CPU generator must
// give the same numbers, and the step must use them.
TEST(SchedulerParity, DDPMSingleStepsWithGeneratorNoise) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  int variants = 0;
  for (const auto& dir : dirs) {
    auto s = load(dir);
    if (s->kind() != SchedulerKind::DDPM) continue;
    ++variants;
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto& m = c.at("step.model_output");
    const auto& x = c.at("step.sample");
    const auto ns = numbers(c, "step", ".t1.prev_sample");
    ASSERT_FALSE(ns.empty());
    for (int64_t n : ns) {
      s->set_timesteps(n);
      for (int64_t t : numbers(c, "step" + std::to_string(n) + ".t", ".prev_sample")) {
        const auto key = "step" + std::to_string(n) + ".t" + std::to_string(t);
        auto g = olis::sampling::make_cpu_generator(static_cast<uint64_t>(600 + t));
        auto drawn = olis::sampling::randn_like_diffusers(m.sizes(), olis::sampling::make_cpu_generator(600 + t),
                                                          m.options());
        EXPECT_TRUE(tensors_close(drawn, c.at(key + ".variance_noise"), 0, 0, key + ".variance_noise"));
        auto r = s->step(m, static_cast<double>(t), x, {0.0, {}, g});
        EXPECT_TRUE(tensors_close(r.prev_sample, c.at(key + ".prev_sample"), kAtol, kRtol, key + ".prev_sample"));
        EXPECT_TRUE(tensors_close(r.pred_original_sample, c.at(key + ".pred_original_sample"), kAtol, kRtol,
                                  key + ".pred_original_sample"));
      }
    }
  }
  if (variants == 0) GTEST_SKIP() << "no DDPM variant among the scheduler fixtures";
}

// Whole sampling loops in order (Euler and DPM are stateful). Each step starts from our own previous
// latents, as a real loop does.
TEST(SchedulerParity, Trajectories) {
  OLIS_REQUIRE_SCHEDULER_FIXTURES(dirs);
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.filename().string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto ns = numbers(c, "traj", ".initial_latents");
    ASSERT_FALSE(ns.empty());
    for (int64_t n : ns) {
      SCOPED_TRACE("traj" + std::to_string(n));
      const auto key = "traj" + std::to_string(n) + ".";
      auto s = load(dir);
      s->set_timesteps(n);
      auto latents = c.at(key + "initial_latents").clone();
      const auto ts = s->timestep_values();
      ASSERT_EQ(static_cast<int64_t>(ts.size()), c.at(key + "model_outputs").size(0));
      for (size_t i = 0; i < ts.size(); ++i) {
        const auto idx = static_cast<int64_t>(i);
        const std::string at = "[" + std::to_string(i) + "] t=" + std::to_string(ts[i]);
        auto scaled = s->scale_model_input(latents, ts[i]);
        EXPECT_TRUE(tensors_close(scaled, c.at(key + "scaled_model_inputs")[idx], kAtol, kRtol,
                                  "scaled_model_input" + at));
        olis::sampling::StepOptions opt;
        if (s->kind() == SchedulerKind::DDPM) opt.generator = olis::sampling::make_cpu_generator(900 + i);
        auto r = s->step(c.at(key + "model_outputs")[idx], ts[i], latents, opt);
        ASSERT_TRUE(tensors_close(r.prev_sample, c.at(key + "latents")[idx], kAtol, kRtol, "latents" + at));
        if (c.count(key + "pred_original_samples")) {
          EXPECT_TRUE(tensors_close(r.pred_original_sample, c.at(key + "pred_original_samples")[idx], kAtol, kRtol,
                                    "pred_original_sample" + at));
        }
        latents = r.prev_sample;
      }
    }
  }
}

}  // namespace
