// The training noise process against diffusers' DDPM/DDIM schedulers (schedulers/* fixtures):
// alphas_cumprod, add_noise and get_velocity.
#include "core/training/noise_schedule.h"

#include <gtest/gtest.h>

#include "core/util/json_util.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

using namespace olis::training;

TEST(NoiseScheduleParity, AddNoiseAndVelocityMatchDiffusers) {
  std::vector<std::filesystem::path> dirs;
  for (const std::string prefix : {"ddpm", "ddim"}) {
    const auto root = olis::test::fixtures_root() / "schedulers";
    if (!std::filesystem::is_directory(root)) break;
    for (const auto& e : std::filesystem::directory_iterator(root))
      if (e.path().filename().string().rfind(prefix, 0) == 0 && std::filesystem::exists(e.path() / "case.safetensors"))
        dirs.push_back(e.path());
  }
  if (dirs.empty()) GTEST_SKIP() << olis::test::missing_fixture_message("schedulers/ddpm*");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto j = olis::value_or_throw(olis::load_json_file(dir / "scheduler_config.json"));
    NoiseSchedule schedule(noise_schedule_from_json(j, "scheduler_config.json"));
    auto c = olis::test::load_case(dir / "case.safetensors");
    EXPECT_TRUE(olis::test::tensors_close(schedule.alphas_cumprod(), c.at("alphas_cumprod"), 0, 1e-6, "alphas_cumprod"));
    const auto& x0 = c.at("add_noise.original");
    const auto& noise = c.at("add_noise.noise");
    const auto& t = c.at("add_noise.timesteps");
    EXPECT_TRUE(olis::test::tensors_close(schedule.add_noise(x0, noise, t), c.at("add_noise.noisy"), 1e-5, 1e-5, "noisy"));
    if (c.count("get_velocity.velocity"))
      EXPECT_TRUE(olis::test::tensors_close(schedule.velocity(x0, noise, t), c.at("get_velocity.velocity"), 1e-5, 1e-5, "velocity"));
  }
}
