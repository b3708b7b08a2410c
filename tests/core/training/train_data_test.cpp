#include "core/training/train_data.h"

#include <set>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/support/cv_png.h"
#include "tests/support/fixtures.h"

using namespace olis::training;
namespace fs = std::filesystem;

namespace {
fs::path write_png(const fs::path& dir, const std::string& name, int w, int h, int value) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(value, 255 - value, (value * 7) % 256));
  auto p = dir / name;
  olis::test::write_png(p, m);
  return p;
}
}  // namespace

TEST(DataOrder, EveryPhotoOncePerEpochAndReshuffled) {
  auto o = make_data_order(4, 6, 40, 9);
  ASSERT_EQ(o.instance.size(), 40u);
  ASSERT_EQ(o.reg.size(), 40u);
  for (int e = 0; e < 10; ++e) {
    std::set<int32_t> seen(o.instance.begin() + e * 4, o.instance.begin() + e * 4 + 4);
    EXPECT_EQ(seen.size(), 4u) << "epoch " << e;
  }
  std::set<int32_t> first_reg_epoch(o.reg.begin(), o.reg.begin() + 6);
  EXPECT_EQ(first_reg_epoch.size(), 6u);
  EXPECT_NE(std::vector<int32_t>(o.instance.begin(), o.instance.begin() + 4),
            std::vector<int32_t>(o.instance.begin() + 4, o.instance.begin() + 8) ) << "(may rarely coincide; seed 9 does not)";
  EXPECT_EQ(o, make_data_order(4, 6, 40, 9));
  EXPECT_FALSE(o == make_data_order(4, 6, 40, 10));
  EXPECT_TRUE(make_data_order(4, 0, 10, 1).reg.empty());
  EXPECT_THROW(make_data_order(0, 3, 10, 1), olis::Error);
}

TEST(RenderInstanceCaption, ReplacesPlaceholder) {
  EXPECT_EQ(render_instance_caption("a <new> backpack on a rock", "olis"), "a olis backpack on a rock");
  EXPECT_EQ(render_instance_caption("no placeholder", "olis"), "no placeholder");
}

TEST(TrainingData, StepExamplesAreDeterministicAndIndependentOfHistory) {
  auto dir = olis::test::temp_dir("train_data");
  std::vector<InstanceExample> inst;
  for (int i = 0; i < 3; ++i) inst.push_back({write_png(dir, "photo" + std::to_string(i) + ".png", 48, 40, 40 * i), "a <new> cup " + std::to_string(i)});
  std::vector<RegExample> regs;
  for (int i = 0; i < 5; ++i) regs.push_back({write_png(dir, "reg" + std::to_string(i) + ".png", 32, 32, 20 * i), "a photo of a cup " + std::to_string(i)});
  TrainDataOptions o;
  o.crop.width_px = o.crop.height_px = 16;
  o.identifier = "zwx";
  o.seed = 3;
  int renderer_calls = 0;
  auto renderer = [&](std::size_t index, StepRng& rng) {
    ++renderer_calls;
    return "rendered " + std::to_string(index) + (rng.chance(0.5) ? " kept" : " dropped");
  };
  TrainingData a(inst, regs, o, renderer);
  TrainingData b(inst, regs, o, renderer);
  auto order = make_data_order(a.instance_count(), a.reg_count(), 12, o.seed);
  // b visits steps out of order: the examples of a step do not depend on the steps before.
  auto late_b = b.examples(7, order);
  for (int64_t s = 0; s < 12; ++s) {
    auto ea = a.examples(s, order);
    EXPECT_EQ(ea.instance.index, static_cast<std::size_t>(order.instance[s]));
    EXPECT_EQ(ea.instance.prompt, "a zwx cup " + std::to_string(ea.instance.index));
    ASSERT_TRUE(ea.reg.has_value());
    EXPECT_EQ(ea.reg->prompt.rfind("rendered " + std::to_string(order.reg[s]), 0), 0u) << ea.reg->prompt;
    if (s == 7) {
      EXPECT_TRUE(torch::equal(ea.instance.image.pixels, late_b.instance.image.pixels));
      EXPECT_EQ(ea.reg->prompt, late_b.reg->prompt);
      EXPECT_TRUE(torch::equal(ea.reg->image.pixels, late_b.reg->image.pixels));
    }
  }
  EXPECT_GT(renderer_calls, 12);
  EXPECT_THROW(a.examples(12, order), olis::Error);
}

TEST(TrainingData, MissingPhotoNamesTheFile) {
  try {
    TrainingData d({{"/nonexistent/dir/photo.jpg", "a <new> dog"}}, {}, {});
    FAIL() << "expected an error";
  } catch (const olis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("photo.jpg"), std::string::npos) << e.what();
  }
}
