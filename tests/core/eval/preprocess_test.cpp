// Resampler and preprocessing rules that do not need fixtures.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/eval/pil_resample.h"
#include "core/eval/preprocess.h"
#include "core/util/error.h"

namespace olis::eval {
namespace {

torch::Tensor random_image(int64_t h, int64_t w, int64_t seed) {
  torch::manual_seed(seed);
  return torch::randint(0, 256, {h, w, 3}, torch::kInt64).to(torch::kUInt8);
}

TEST(EvalResample, FlatColourStaysExactAtEverySize) {
  auto img = torch::full({37, 50, 3}, 173, torch::kUInt8);
  for (auto [h, w] : {std::pair<int64_t, int64_t>{5, 7}, {37, 13}, {224, 302}, {300, 50}}) {
    auto out = resize_u8(img, h, w);
    ASSERT_EQ(out.sizes(), (std::vector<int64_t>{h, w, 3}));
    EXPECT_TRUE(out.eq(173).all().item<bool>()) << h << "x" << w;
  }
}

TEST(EvalResample, SameSizeIsACopyAndOneAxisLeavesTheOtherAlone) {
  auto img = random_image(20, 30, 1);
  EXPECT_TRUE(resize_u8(img, 20, 30).equal(img));
  // Width unchanged: only the vertical pass runs, so every column is resampled on its own.
  auto tall = resize_u8(img, 40, 30);
  auto col = resize_u8(img.narrow(1, 7, 1).contiguous(), 40, 1);
  EXPECT_TRUE(tall.narrow(1, 7, 1).equal(col));
}

TEST(EvalResample, DownscaleAntialiasesUnlikeOpenCv) {
  // Pixel noise shrunk 8x: PIL's widened kernel averages ~32x32 source pixels per output pixel, so the
  // result is nearly flat; OpenCV's INTER_CUBIC reads 4x4 pixels and keeps most of the noise.
  auto img = random_image(64, 64, 7);
  auto pil = resize_u8(img, 8, 8).to(torch::kFloat32);
  auto cv = resize_u8(img, 8, 8, ResampleFilter::kOpenCvCubic).to(torch::kFloat32);
  EXPECT_LT(pil.std().item<float>(), 20.f);
  EXPECT_GT(cv.std().item<float>(), 35.f);
}

TEST(EvalPreprocess, TorchvisionSizeAndCropRules) {
  EXPECT_EQ(resized_size(300, 260, 256), (std::pair<int64_t, int64_t>{295, 256}));  // int(256 * 300 / 260)
  EXPECT_EQ(resized_size(37, 50, 224), (std::pair<int64_t, int64_t>{224, 302}));
  EXPECT_EQ(resized_size(61, 23, 32), (std::pair<int64_t, int64_t>{84, 32}));
  // Python's round(): halves go to the even neighbour.
  EXPECT_EQ(center_crop_offsets(295, 256, 224), (std::pair<int64_t, int64_t>{36, 16}));  // round(35.5) = 36
  EXPECT_EQ(center_crop_offsets(225, 229, 224), (std::pair<int64_t, int64_t>{0, 2}));    // round(0.5), round(2.5)
  EXPECT_EQ(center_crop_offsets(227, 224, 224), (std::pair<int64_t, int64_t>{2, 0}));    // round(1.5) = 2
}

TEST(EvalPreprocess, OutputShapeAndNormalisation) {
  auto img = torch::full({50, 80, 3}, 255, torch::kUInt8);
  auto clip = preprocess_image(img, clip_preprocess_params(32));
  ASSERT_EQ(clip.sizes(), (std::vector<int64_t>{3, 32, 32}));
  EXPECT_NEAR(clip[0][0][0].item<float>(), (1.f - 0.48145466f) / 0.26862954f, 1e-6);
  auto dino = preprocess_image(img, dino_preprocess_params());
  ASSERT_EQ(dino.sizes(), (std::vector<int64_t>{3, 224, 224}));
  EXPECT_NEAR(dino[2][100][100].item<float>(), (1.f - 0.406f) / 0.225f, 1e-6);
  EXPECT_THROW(preprocess_image(torch::zeros({10, 10, 4}, torch::kUInt8), dino_preprocess_params()), olis::Error);
}

// Issue 15: the short side is resized to the metric model's size, so a 1x8000 sliver became 224x1792000 pixels
// (1.8 GB on the way). Refused before resizing, naming the image; a 16:1 panorama still works.
TEST(EvalPreprocess, SliverIsRefusedBeforeResizing) {
  const auto sliver = torch::full({8000, 1, 3}, 100, torch::kUInt8);  // [H, W, 3]: 1 wide, 8000 high
  try {
    preprocess_image(sliver, clip_preprocess_params(224), "sliver.png");
    ADD_FAILURE() << "a 1x8000 image was preprocessed";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("sliver.png is 1x8000 pixels"), std::string::npos) << e.what();
  }
  auto pano = preprocess_image(torch::full({8, 128, 3}, 100, torch::kUInt8), clip_preprocess_params(32));
  EXPECT_EQ(pano.sizes(), (std::vector<int64_t>{3, 32, 32}));
}

}  // namespace
}  // namespace olis::eval
