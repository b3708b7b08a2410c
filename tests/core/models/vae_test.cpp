// VAE behaviour a user notices: tiled decode covers the whole image without seams, sampling follows the
// generator, sizes not divisible by the VAE factor are refused.
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "tests/core/models/tiny_models.h"
#include "tests/support/tensor_compare.h"

namespace {

using namespace olis::models;

TEST(Vae, TiledDecodeMatchesPlainDecodeShapeAndStaysClose) {
  auto vae = olis::test::tiny_vae();
  torch::manual_seed(3);
  auto z = torch::randn({1, 4, 20, 28});
  olis::compat::InferenceGuard g;
  auto plain = vae->decode(z);
  TiledDecodeOptions o;
  o.tile_latent = 12;
  o.overlap_latent = 4;
  auto tiled = vae->decode_tiled(z, o);
  ASSERT_EQ(tiled.sizes(), plain.sizes());
  EXPECT_TRUE(torch::isfinite(tiled).all().item<bool>());
  // Tiles see only their area, so values differ somewhat, but the image is the same picture.
  auto a = plain.flatten(), b = tiled.flatten();
  const double corr = ((a - a.mean()) * (b - b.mean())).mean().item<double>() / (a.std().item<double>() * b.std().item<double>());
  EXPECT_GT(corr, 0.9);
  // Blending leaves no seam: along a tile border the jump between neighbouring columns is no larger than in
  // the plain decode anywhere.
  auto col_jump = [](const torch::Tensor& img) { return (img.narrow(3, 1, img.size(3) - 1) - img.narrow(3, 0, img.size(3) - 1)).abs().amax({0, 1, 2}); };
  EXPECT_LE(col_jump(tiled).max().item<double>(), 1.5 * col_jump(plain).max().item<double>() + 1e-6);
  // Bad tiling options are refused.
  o.overlap_latent = 12;
  EXPECT_THROW(vae->decode_tiled(z, o), olis::Error);
}

TEST(Vae, SamplingUsesTheGeneratorAndSizesMustDivide) {
  auto vae = olis::test::tiny_vae();
  olis::compat::InferenceGuard g;
  auto dist = vae->encode(torch::rand({1, 3, 32, 32}) * 2 - 1);
  EXPECT_EQ(dist.mean.sizes(), (std::vector<int64_t>{1, 4, 4, 4}));
  EXPECT_LE(dist.logvar.max().item<double>(), 20.0);
  auto s1 = dist.sample(at::detail::createCPUGenerator(7));
  auto s2 = dist.sample(at::detail::createCPUGenerator(7));
  auto s3 = dist.sample(at::detail::createCPUGenerator(8));
  EXPECT_TRUE(torch::equal(s1, s2));
  EXPECT_FALSE(torch::equal(s1, s3));
  auto noise = at::randn({1, 4, 4, 4}, at::detail::createCPUGenerator(7));
  EXPECT_TRUE(torch::allclose(s1, dist.mean + dist.std() * noise));
  try {
    vae->encode(torch::zeros({1, 3, 30, 32}));
    FAIL() << "30 px accepted";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not divisible by 8"), std::string::npos) << e.what();
  }
}

TEST(Vae, Fp16RequestWithForceUpcastComputesInFloat32) {
  auto vae = olis::test::tiny_vae();
  auto cfg = vae->config();
  cfg.force_upcast = true;
  auto loaded = load_vae(cfg, state_dict(*vae), "tiny", Placement{torch::kCPU, torch::kHalf});
  EXPECT_EQ(loaded->compute_dtype(), torch::kFloat32);
  olis::compat::InferenceGuard g;
  auto z = torch::randn({1, 4, 4, 4});
  auto img = loaded->decode(z.to(torch::kHalf));
  EXPECT_EQ(img.scalar_type(), torch::kHalf);
  EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
}

}  // namespace
