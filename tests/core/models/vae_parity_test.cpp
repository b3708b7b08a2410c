// AutoencoderKL against diffusers (fixtures vae_*: encoder moments, sampling with given noise, decoder).
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/autoencoder_kl.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"
#include "tests/support/test_device.h"

namespace {

using olis::test::tensors_close;

// On OLIS_TEST_DEVICE / OLIS_TEST_DTYPE (tests/support/test_device.h): the CPU in float32 by default.
TEST(VaeParity, EveryFixtureMatchesDiffusers) {
  OLIS_REQUIRE_TEST_DEVICE();
  OLIS_REQUIRE_FIXTURES(dirs, "vae_", "case.safetensors");
  const olis::models::Placement placement{olis::test::test_device(), olis::test::test_dtype()};
  using olis::test::device_close;
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto vae = olis::models::load_vae(dir, placement);
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto on = [&](const std::string& k) { return c.at(k).to(placement.device, vae->compute_dtype()); };
    olis::compat::InferenceGuard guard;
    auto dist = vae->encode(on("image"));
    EXPECT_TRUE(device_close(dist.moments(), c.at("out_moments"), 1e-5, 0, "out_moments"));
    EXPECT_TRUE(device_close(dist.mean, c.at("out_mean"), 1e-5, 0, "out_mean"));
    EXPECT_TRUE(device_close(dist.logvar, c.at("out_logvar"), 1e-5, 0, "out_logvar"));
    EXPECT_TRUE(device_close(dist.std(), c.at("out_std"), 1e-5, 0, "out_std"));
    EXPECT_TRUE(device_close(dist.sample_with_noise(on("sample_noise")), c.at("out_latent_sample"), 1e-5, 0,
                              "out_latent_sample"));
    auto decoded = vae->decode(on("z"));
    EXPECT_TRUE(device_close(decoded, c.at("out_decoded"), 3e-5, 0, "out_decoded"));
    // A tile as large as the latents is the plain decode.
    olis::models::TiledDecodeOptions big;
    big.tile_latent = std::max(c.at("z").size(2), c.at("z").size(3));
    big.overlap_latent = 0;
    EXPECT_TRUE(tensors_close(vae->decode_tiled(on("z"), big), decoded, 0, 0, "decode_tiled (one tile)"));
  }
}

}  // namespace
