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
    // The photo scaled so that the crop (60..80 px of its 80 px height) is 32 px.
    EXPECT_GE(c.original_height, 32);
    EXPECT_LE(c.original_height, 43);
    EXPECT_NEAR(c.original_width, c.original_height * 1.5, 1.0);
    EXPECT_FALSE(c.flipped);  // off by default: flipping breaks logos and text
    // The crop's top-left in that scaled photo leaves room for the 32 px crop.
    EXPECT_LE(c.crop_top, c.original_height - 32);
    EXPECT_LE(c.crop_left, c.original_width - 32);
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

// Paper §3: SDXL's original size is the frame in which the crop is 1024 px, not the photo's size.
TEST(RandomCropResize, SdxlOriginalSizeIsTheEnlargedFrame) {
  auto img = gradient_image(2000, 1500);
  CropOptions o;
  o.width_px = o.height_px = 1024;
  o.min_scale = o.max_scale = 1.0;  // the crop is the photo's full 1500 px height
  StepRng rng(7);
  auto whole = random_crop_resize(img, o, rng);
  EXPECT_EQ(whole.original_height, 1024);
  EXPECT_EQ(whole.original_width, 1365);  // 2000 * 1024 / 1500
  EXPECT_EQ(whole.crop_top, 0);
  EXPECT_LE(whole.crop_left, 1365 - 1024);
  o.min_scale = o.max_scale = 0.75;  // a 1125 px crop
  auto part = random_crop_resize(img, o, rng);
  EXPECT_EQ(part.original_height, 1365);  // 1500 * 1024 / 1125
  EXPECT_EQ(part.original_width, 1820);   // 2000 * 1024 / 1125
  EXPECT_LE(part.crop_top, 1365 - 1024);
  EXPECT_LE(part.crop_left, 1820 - 1024);
  auto ids = sdxl_time_ids(part, 1024, 1024);
  EXPECT_FLOAT_EQ(ids[0].item<float>(), 1365.f);
  EXPECT_FLOAT_EQ(ids[1].item<float>(), 1820.f);
  // A small photo is enlarged: a 512 px photo whose 384 px crop becomes 1024 sits in a 1365 px frame.
  auto small = gradient_image(512, 512);
  auto up = random_crop_resize(small, o, rng);
  EXPECT_EQ(up.original_height, 1365);
  EXPECT_EQ(up.original_width, 1365);
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
