// AutoencoderKL against diffusers (fixtures vae_*: encoder moments, sampling with given noise, decoder).
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/models/autoencoder_kl.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

using olis::test::tensors_close;

TEST(VaeParity, EveryFixtureMatchesDiffusers) {
  OLIS_REQUIRE_FIXTURES(dirs, "vae_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto vae = olis::models::load_vae(dir);
    auto c = olis::test::load_case(dir / "case.safetensors");
    olis::compat::InferenceGuard guard;
    auto dist = vae->encode(c.at("image"));
    EXPECT_TRUE(tensors_close(dist.moments(), c.at("out_moments"), 1e-5, 0, "out_moments"));
    EXPECT_TRUE(tensors_close(dist.mean, c.at("out_mean"), 1e-5, 0, "out_mean"));
    EXPECT_TRUE(tensors_close(dist.logvar, c.at("out_logvar"), 1e-5, 0, "out_logvar"));
    EXPECT_TRUE(tensors_close(dist.std(), c.at("out_std"), 1e-5, 0, "out_std"));
    EXPECT_TRUE(tensors_close(dist.sample_with_noise(c.at("sample_noise")), c.at("out_latent_sample"), 1e-5, 0,
                              "out_latent_sample"));
    auto decoded = vae->decode(c.at("z"));
    EXPECT_TRUE(tensors_close(decoded, c.at("out_decoded"), 3e-5, 0, "out_decoded"));
    // A tile as large as the latents is the plain decode.
    olis::models::TiledDecodeOptions big;
    big.tile_latent = std::max(c.at("z").size(2), c.at("z").size(3));
    big.overlap_latent = 0;
    EXPECT_TRUE(tensors_close(vae->decode_tiled(c.at("z"), big), decoded, 0, 0, "decode_tiled (one tile)"));
  }
}

}  // namespace
