// Scheduler behaviour that needs no fixture: config reading, sampler switching, errors.
#include "core/sampling/scheduler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <torch/torch.h>

#include "core/sampling/noise_schedule.h"
#include "core/util/json_util.h"

namespace {

using namespace olis::sampling;

nlohmann::json sd15_json(const std::string& cls = "DDIMScheduler") {
  return {{"_class_name", cls},           {"beta_start", 0.00085}, {"beta_end", 0.012},
          {"beta_schedule", "scaled_linear"}, {"clip_sample", false}, {"set_alpha_to_one", false},
          {"steps_offset", 1},            {"num_train_timesteps", 1000}};
}

TEST(SchedulerConfig, ReadsDpmConfigWithMinusInfinity) {
  auto j = olis::parse_json_lenient(
      R"({"_class_name": "DPMSolverMultistepScheduler", "lambda_min_clipped": -Infinity, "use_karras_sigmas": true,
          "beta_schedule": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012})",
      "scheduler_config.json");
  ASSERT_TRUE(j);
  auto c = scheduler_config_from_json(*j, "scheduler_config.json");
  EXPECT_EQ(c.kind, SchedulerKind::DPMSolverMultistep);
  EXPECT_TRUE(c.use_karras_sigmas);
  EXPECT_EQ(c.timestep_spacing, TimestepSpacing::Linspace);  // DPM's default, unlike DDIM's leading
  auto s = make_scheduler(c);
  s->set_timesteps(20);
  EXPECT_EQ(s->timesteps().size(0), 20);
  EXPECT_EQ(a1111_sampler_name(c), "DPM++ 2M Karras");
}

TEST(SchedulerConfig, UnsupportedValuesAreNamed) {
  auto j = sd15_json("PNDMScheduler");
  try {
    scheduler_config_from_json(j, "model/scheduler/scheduler_config.json");
    FAIL();
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("PNDMScheduler"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("model/scheduler/scheduler_config.json"), std::string::npos);
  }
  // ... but the same file can be used with another sampler
  auto c = scheduler_config_from_json(j, "x", SchedulerKind::EulerDiscrete);
  EXPECT_EQ(c.kind, SchedulerKind::EulerDiscrete);

  auto bad = sd15_json();
  bad["prediction_type"] = "flow";
  try {
    scheduler_config_from_json(bad, "cfg.json");
    FAIL();
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("prediction_type 'flow'"), std::string::npos) << e.what();
  }
  auto sde = sd15_json("DPMSolverMultistepScheduler");
  sde["algorithm_type"] = "sde-dpmsolver++";
  EXPECT_THROW(scheduler_config_from_json(sde, "cfg.json"), olis::Error);
}

TEST(SchedulerConfig, SwitchingSamplerKeepsTheSchedule) {
  auto j = sd15_json();
  j["timestep_spacing"] = "leading";
  auto ddim = scheduler_config_from_json(j, "x");
  auto euler = convert_scheduler_config(ddim, SchedulerKind::EulerDiscrete);
  EXPECT_EQ(euler.kind, SchedulerKind::EulerDiscrete);
  EXPECT_EQ(euler.timestep_spacing, TimestepSpacing::Leading);  // carried over, as from_config does
  EXPECT_EQ(euler.steps_offset, 1);
  auto a = make_scheduler(ddim);
  auto b = make_scheduler(euler);
  EXPECT_TRUE(torch::equal(a->alphas_cumprod(), b->alphas_cumprod()));
  b->set_timesteps(10);
  EXPECT_FLOAT_EQ(b->timesteps()[0].item<float>(), 901.0f);
  const double s0 = b->sigmas()[0].item<double>();  // sigma at t=901
  EXPECT_NEAR(b->init_noise_sigma(), std::sqrt(s0 * s0 + 1), 1e-5);  // leading spacing: sqrt(sigma_max^2 + 1)
  // A key the file lacks takes the target class's default, as in diffusers (Euler: linspace).
  auto bare = convert_scheduler_config(scheduler_config_from_json(sd15_json(), "x"), SchedulerKind::EulerDiscrete);
  EXPECT_EQ(bare.timestep_spacing, TimestepSpacing::Linspace);
}

TEST(SchedulerConfig, SamplerNames) {
  EXPECT_EQ(scheduler_kind_from_sampler_name("DDIM"), SchedulerKind::DDIM);
  EXPECT_EQ(scheduler_kind_from_sampler_name("euler"), SchedulerKind::EulerDiscrete);
  EXPECT_EQ(scheduler_kind_from_sampler_name("dpmpp2m"), SchedulerKind::DPMSolverMultistep);
  EXPECT_EQ(scheduler_kind_from_sampler_name("dpm++2m"), SchedulerKind::DPMSolverMultistep);
  EXPECT_FALSE(scheduler_kind_from_sampler_name("plms"));
}

TEST(Scheduler, StepCountsOutOfRangeAreRefused) {
  auto s = make_scheduler(scheduler_config_from_json(sd15_json(), "x"));
  EXPECT_THROW(s->set_timesteps(0), olis::Error);
  EXPECT_THROW(s->set_timesteps(1001), olis::Error);
  s->set_timesteps(1);
  EXPECT_EQ(s->timestep_values(), std::vector<double>{1});
  auto ddpm = make_scheduler(scheduler_config_from_json(sd15_json("DDPMScheduler"), "x"));
  ddpm->set_timesteps(1000);
  auto x = torch::zeros({1, 4, 2, 2});
  try {
    ddpm->step(x, 1000, x);  // diffusers' leading spacing yields t=1000 here
    FAIL();
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("timestep 1000"), std::string::npos) << e.what();
  }
}

TEST(Scheduler, EulerStepOutsideTheScheduleIsAnError) {
  auto s = make_scheduler(scheduler_config_from_json(sd15_json("EulerDiscreteScheduler"), "x"));
  s->set_timesteps(10);
  auto x = torch::zeros({1, 4, 2, 2});
  EXPECT_THROW(s->step(x, 123.5, x), olis::Error);
}

TEST(NoiseSchedule, NumpyCompatibleHelpers) {
  using namespace olis::sampling::schedule;
  EXPECT_EQ(np_round(0.5), 0.0);  // half to even, as numpy
  EXPECT_EQ(np_round(1.5), 2.0);
  EXPECT_EQ(np_round(2.5), 2.0);
  auto v = np_linspace(0, 999, 4);
  EXPECT_EQ(v, (std::vector<double>{0, 333, 666, 999}));
  auto a = np_arange(1000, 0, -1000.0 / 3);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_DOUBLE_EQ(a[0], 1000);
  EXPECT_NEAR(a[2], 333.333333, 1e-5);
}

// The betas' linspace is the reference's bit for bit (torch 1.13 on AVX2, which made the fixtures), on every
// libtorch: libtorch 2.6's torch::linspace differs by one ulp in the middle of SD's schedule and failed
// the scheduler parity tests. The hashes are of torch 1.13's float32 output.
TEST(NoiseSchedule, LinspaceIsTheReferenceBitForBit) {
  using namespace olis::sampling::schedule;
  struct Case {
    double start, end;
    int64_t num;
    uint32_t hash;
  };
  const Case cases[] = {{std::sqrt(0.00085), std::sqrt(0.012), 1000, 0xf544a585u},  // SD's scaled_linear
                        {0.0001, 0.02, 1000, 0xfac27cb1u},                          // DDPM's linear
                        {0.00085, 0.012, 1001, 0x910a182du},                        // a tail after the blocks
                        {0, 1, 37, 0x4a10e7adu},
                        {std::sqrt(0.00085), std::sqrt(0.012), 1100, 0x1fb69910u}};
  for (const auto& c : cases) {
    const auto y = torch_linspace_f32(c.start, c.end, c.num);
    ASSERT_EQ(static_cast<int64_t>(y.size()), c.num);
    uint32_t h = 0;
    for (float v : y) {
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      h = h * 31 + bits;
    }
    EXPECT_EQ(h, c.hash) << c.start << " .. " << c.end << ", " << c.num;
    EXPECT_EQ(y.front(), static_cast<float>(c.start));
    EXPECT_EQ(y.back(), static_cast<float>(c.end));
  }
  // The middle of SD's schedule, where libtorch 2.6 differs.
  const auto sd = torch_linspace_f32(std::sqrt(0.00085), std::sqrt(0.012), 1000);
  EXPECT_EQ(sd[499], 0x1.1be42ep-4f);
  EXPECT_EQ(sd[500], 0x1.1c388ep-4f);
  EXPECT_EQ(sd[501], 0x1.1c8cf0p-4f);
  EXPECT_EQ(torch_linspace_f32(0.25, 3, 1), std::vector<float>{0.25f});
  EXPECT_TRUE(torch_linspace_f32(0, 1, 0).empty());
}

}  // namespace
