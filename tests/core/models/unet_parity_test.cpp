// UNet2DConditionModel against diffusers (fixtures unet_*: SD 1.5, SD 2 and SDXL layouts, and hidden variants).
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/unet_2d_condition.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"
#include "tests/support/test_device.h"

namespace {

using olis::test::tensors_close;

// On OLIS_TEST_DEVICE / OLIS_TEST_DTYPE (tests/support/test_device.h): the CPU in float32 by default.
TEST(UnetParity, EveryFixtureMatchesDiffusers) {
  OLIS_REQUIRE_TEST_DEVICE();
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "case.safetensors");
  const olis::models::Placement placement{olis::test::test_device(), olis::test::test_dtype()};
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto unet = olis::models::load_unet(dir, placement);
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto on = [&](const torch::Tensor& t) { return t.is_floating_point() ? t.to(placement.options()) : t.to(placement.device); };
    olis::models::UNetAddedCond added;
    if (c.count("text_embeds")) added = {on(c.at("text_embeds")), on(c.at("time_ids"))};
    olis::io::TensorMap debug;
    olis::compat::InferenceGuard guard;
    auto out = unet->forward(on(c.at("sample")), on(c.at("timestep")), on(c.at("encoder_hidden_states")), added, &debug);
    // Sub-module outputs first: they say where a mismatch starts.
    int compared = 0;
    for (const auto& [name, expected] : c) {
      if (name.rfind("debug.", 0) != 0) continue;
      auto key = name.substr(6);
      ASSERT_TRUE(debug.count(key)) << "no sub-module output recorded for " << name;
      EXPECT_TRUE(olis::test::device_close(debug.at(key), expected, 1e-5, 1e-5, name));
      ++compared;
    }
    EXPECT_GT(compared, 0);
    EXPECT_TRUE(olis::test::device_close(out, c.at("out_sample"), 1e-5, 0, "out_sample"));
  }
}

}  // namespace
