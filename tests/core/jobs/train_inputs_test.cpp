// The checks that run before training loads a model: captions as `captions check` judges them, photo
// sizes, and settings that make a run pointless.
#include "core/jobs/train_inputs.h"

#include <gtest/gtest.h>

#include "core/io/image_io.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

void write_photo(const fs::path& path, int w, int h) {
  olis::io::Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(static_cast<std::size_t>(w) * h * 3, 90);
  olis::io::save_png(path, img);
}

ProjectTraining project(const fs::path& dir) {
  ProjectTraining p;
  p.dir = dir;
  p.project.subject.class_noun = "backpack";
  p.settings.base_model = dir / "no-model";  // token counts are then approximate
  p.settings.resolution_px = 512;
  p.settings.steps = 100;
  write_photo(dir / "big.png", 600, 640);
  write_photo(dir / "tiny.png", 16, 16);
  p.project.photos.push_back({"big.png", "a <new> backpack on a rock", ""});
  p.project.photos.push_back({"tiny.png", "a <new> backpack in a kitchen", ""});
  return p;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return all;
}

}  // namespace

TEST(TrainInputs, ATinyPhotoIsAWarningThatNamesIt) {
  const auto dir = olis::test::temp_dir("train_inputs_photo");
  auto p = project(dir);
  auto r = check_training_inputs(p);
  EXPECT_TRUE(r.ok()) << joined(r.errors);
  ASSERT_EQ(r.warnings.size(), 1u) << joined(r.warnings);
  EXPECT_NE(r.warnings[0].find("tiny.png is 16x16 pixels; training works at 512x512, so it is enlarged 32.0 times"),
            std::string::npos)
      << r.warnings[0];
  // A missing photo is an error before any model is loaded.
  p.project.photos.push_back({"gone.png", "a <new> backpack on a bed", ""});
  r = check_training_inputs(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(joined(r.errors).find("gone.png: the photo file is missing"), std::string::npos) << joined(r.errors);
  p.project.photos.clear();
  EXPECT_FALSE(check_training_inputs(p).ok());
}

TEST(TrainInputs, CaptionErrorsAreRefusedWithCaptionsCheckMessages) {
  const auto dir = olis::test::temp_dir("train_inputs_captions");
  auto p = project(dir);
  p.project.photos[0].caption = "a backpack on a rock";  // no <new>: the identifier would never be learned
  auto r = check_training_inputs(p);
  ASSERT_FALSE(r.ok());
  const auto all = joined(r.errors);
  EXPECT_NE(all.find("big.png: The caption has no <new> placeholder, so the identifier would not be learned."),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("allow_caption_errors"), std::string::npos) << all;
  EXPECT_THROW(require_training_inputs(p, {}), olis::Error);
  // The explicit override trains anyway, with the errors as warnings.
  p.settings.allow_caption_errors = true;
  r = check_training_inputs(p);
  EXPECT_TRUE(r.ok());
  std::vector<std::string> logged;
  require_training_inputs(p, [&](const std::string& l) { logged.push_back(l); });
  EXPECT_NE(joined(logged).find("warning: 1 caption error"), std::string::npos) << joined(logged);
}

TEST(TrainInputs, TruncatedAndIdenticalCaptionsWarn) {
  const auto dir = olis::test::temp_dir("train_inputs_long");
  auto p = project(dir);
  std::string long_caption = "a <new> backpack on a rock";
  for (int i = 0; i < 140; ++i) long_caption += " and more";
  p.project.photos[0].caption = long_caption;
  auto r = check_training_inputs(p);
  EXPECT_TRUE(r.ok()) << joined(r.errors);
  EXPECT_NE(joined(r.warnings).find("big.png: the caption is about"), std::string::npos) << joined(r.warnings);
  EXPECT_NE(joined(r.warnings).find("training cuts off the rest"), std::string::npos);
  p.project.photos[0].caption = p.project.photos[1].caption;
  r = check_training_inputs(p);
  EXPECT_NE(joined(r.warnings).find("2 photos have the same caption"), std::string::npos) << joined(r.warnings);
  // The template's background placeholder left in is an error.
  p.project.photos[0].caption = "a <new> backpack {background}";
  EXPECT_FALSE(check_training_inputs(p).ok());
}

TEST(TrainInputs, PointlessSchedulesWarn) {
  const auto dir = olis::test::temp_dir("train_inputs_schedule");
  auto p = project(dir);
  p.settings.eval_every = 500;
  auto r = check_training_inputs(p);
  EXPECT_NE(joined(r.warnings).find("eval_every is 500 but the run has 100 steps"), std::string::npos) << joined(r.warnings);
}
