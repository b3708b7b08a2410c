#include "core/training/train_image.h"

#include <gtest/gtest.h>

using namespace olis::training;

namespace {
RgbImage gradient_image(int w, int h) {
  RgbImage img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = &img.rgb[(static_cast<std::size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1));  // red grows to the right
      p[1] = static_cast<uint8_t>(y * 255 / (h - 1));
      p[2] = 128;
    }
  return img;
}
}  // namespace

TEST(RandomCropResize, OutputHasTargetSizeAndRange) {
  auto img = gradient_image(120, 80);
  CropOptions o;
  o.width_px = 32;
  o.height_px = 32;
  StepRng rng(1);
  for (int i = 0; i < 20; ++i) {
    auto c = random_crop_resize(img, o, rng);
    ASSERT_EQ(c.pixels.sizes(), (std::vector<int64_t>{3, 32, 32}));
    EXPECT_GE(c.pixels.min().item<float>(), -1.0f);
    EXPECT_LE(c.pixels.max().item<float>(), 1.0f);
    EXPECT_EQ(c.original_height, 80);
    EXPECT_EQ(c.original_width, 120);
    EXPECT_FALSE(c.flipped);  // off by default: flipping breaks logos and text
    // The crop covers 75-100% of the 80x80 square: its top-left, scaled by 32/crop, stays inside
    // the scaled photo.
    EXPECT_LE(c.crop_top, static_cast<int>(80 * 32 / 60.0 - 32) + 1);
    EXPECT_LE(c.crop_left, static_cast<int>(120 * 32 / 60.0 - 32) + 1);
  }
}

TEST(RandomCropResize, SameSeedSameCrop) {
  auto img = gradient_image(64, 64);
  CropOptions o;
  o.width_px = 16;
  o.height_px = 16;
  StepRng a(42), b(42), c(43);
  auto x = random_crop_resize(img, o, a);
  auto y = random_crop_resize(img, o, b);
  EXPECT_TRUE(torch::equal(x.pixels, y.pixels));
  bool any_diff = false;
  for (int i = 0; i < 5 && !any_diff; ++i) any_diff = !torch::equal(x.pixels, random_crop_resize(img, o, c).pixels);
  EXPECT_TRUE(any_diff);
}

TEST(RandomCropResize, FlipMirrorsWhenEnabled) {
  auto img = gradient_image(40, 40);
  CropOptions o;
  o.width_px = 40;
  o.height_px = 40;
  o.min_scale = o.max_scale = 1.0;
  o.horizontal_flip = true;
  int flipped = 0;
  StepRng rng(5);
  for (int i = 0; i < 40; ++i) {
    auto c = random_crop_resize(img, o, rng);
    // Red grows to the right unless mirrored.
    const bool left_redder = c.pixels[0][20][0].item<float>() > c.pixels[0][20][39].item<float>();
    EXPECT_EQ(left_redder, c.flipped);
    flipped += c.flipped;
  }
  EXPECT_GT(flipped, 5);
  EXPECT_LT(flipped, 35);
}

TEST(RandomCropResize, RejectsBadInput) {
  StepRng rng(0);
  EXPECT_THROW(random_crop_resize(RgbImage{}, CropOptions{}, rng), olis::Error);
  CropOptions bad;
  bad.min_scale = 0.9;
  bad.max_scale = 0.5;
  EXPECT_THROW(random_crop_resize(gradient_image(8, 8), bad, rng), olis::Error);
}

TEST(SdxlTimeIds, OriginalSizeCropAndTarget) {
  CroppedImage c;
  c.original_height = 1200;
  c.original_width = 900;
  c.crop_top = 12;
  c.crop_left = 3;
  auto t = sdxl_time_ids(c, 1024, 1024);
  EXPECT_TRUE(torch::equal(t, torch::tensor({1200.f, 900.f, 12.f, 3.f, 1024.f, 1024.f})));
}

TEST(TensorToRgb, RoundTripsExtremes) {
  auto t = torch::stack({torch::full({2, 2}, -1.0f), torch::zeros({2, 2}), torch::ones({2, 2})});
  auto img = tensor_to_rgb(t);
  ASSERT_EQ(img.rgb.size(), 12u);
  EXPECT_EQ(img.rgb[0], 0);
  EXPECT_EQ(img.rgb[1], 128);
  EXPECT_EQ(img.rgb[2], 255);
}
