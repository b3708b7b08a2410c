// UNet2DConditionModel against diffusers (fixtures unet_*: SD 1.5, SD 2 and SDXL layouts, and hidden variants).
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/unet_2d_condition.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

using olis::test::tensors_close;

TEST(UnetParity, EveryFixtureMatchesDiffusers) {
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto unet = olis::models::load_unet(dir);
    auto c = olis::test::load_case(dir / "case.safetensors");
    olis::models::UNetAddedCond added;
    if (c.count("text_embeds")) added = {c.at("text_embeds"), c.at("time_ids")};
    olis::io::TensorMap debug;
    olis::compat::InferenceGuard guard;
    auto out = unet->forward(c.at("sample"), c.at("timestep"), c.at("encoder_hidden_states"), added, &debug);
    // Sub-module outputs first: they say where a mismatch starts.
    int compared = 0;
    for (const auto& [name, expected] : c) {
      if (name.rfind("debug.", 0) != 0) continue;
      auto key = name.substr(6);
      ASSERT_TRUE(debug.count(key)) << "no sub-module output recorded for " << name;
      EXPECT_TRUE(tensors_close(debug.at(key), expected, 1e-5, 1e-5, name));
      ++compared;
    }
    EXPECT_GT(compared, 0);
    EXPECT_TRUE(tensors_close(out, c.at("out_sample"), 1e-5, 0, "out_sample"));
  }
}

}  // namespace
