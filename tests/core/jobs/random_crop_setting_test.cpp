// `random_crop` in training.olis.yaml: off, every step sees the same centered crop of each photo, so the
// training job encodes each photo once and reuses its latents; on (the default, the paper's augmentation),
// every step crops afresh and encodes its photo.
#include <gtest/gtest.h>

#include "core/jobs/project_training.h"
#include "core/jobs/train_settings_keys.h"
#include "core/util/atomic_file.h"
#include "core/training/train_image.h"
#include "tests/core/jobs/tiny_project.h"
#include "tests/support/fixtures.h"

using namespace olis;
namespace fs = std::filesystem;

namespace {

int64_t photos_encoded(const std::string& name, const std::string& random_crop_line) {
  const fs::path root = test::temp_dir(name);
  test::TinyProjectOptions o;
  o.steps = 8;
  o.checkpoint_every = 8;
  o.eval_every = 0;
  o.extra_yaml = random_crop_line;
  test::write_tiny_project(root / "project", root / "regsets", o);
  // No regularization set: only the photos go through the VAE.
  auto text = value_or_throw(read_text_file(root / "project" / jobs::kTrainSettingsFileName));
  text.replace(text.find("count: 2"), 8, "count: 0");
  write_file_atomic(root / "project" / jobs::kTrainSettingsFileName, text);

  auto p = value_or_throw(jobs::open_project_training(root / "project"));
  auto model = jobs::load_project_model(p, /*for_training=*/true);
  auto job = jobs::make_train_job(p, model, {});
  jobs::CancelToken cancel;
  const auto r = jobs::run_job_safely(*job, jobs::JobCallbacks{}, cancel);
  EXPECT_EQ(r.outcome, jobs::JobOutcome::Succeeded) << r.message;
  return job->photos_encoded();
}

}  // namespace

TEST(RandomCropSetting, OffEncodesEachPhotoOnceOnEncodesEveryStep) {
  OLIS_REQUIRE_FIXTURES(dirs, "ldm_single_file_sdxl_tiny", "model_index.json");
  // 8 steps over the 4 photos of the tiny project (72 to 96 px wide, 80 px high: not square).
  EXPECT_EQ(photos_encoded("random_crop_off", "random_crop: false\n"), 4);
  EXPECT_EQ(photos_encoded("random_crop_default", ""), 8);
}

TEST(RandomCropSetting, ParsesAndDefaultsToOn) {
  jobs::TrainSettings s;
  EXPECT_TRUE(s.random_crop);
  const auto* k = jobs::find_train_setting("random_crop");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->default_doc, "true");
}

// Without a random position the crop is centered on the photo's long side, whatever the random stream.
TEST(RandomCropResize, CenteredWithoutRandomPosition) {
  training::RgbImage img;
  img.width = 2000;
  img.height = 1500;
  img.rgb.assign(static_cast<std::size_t>(img.width) * img.height * 3, 100);
  training::CropOptions o;
  o.width_px = o.height_px = 1024;
  o.min_scale = o.max_scale = 1.0;
  o.random_position = false;
  for (uint64_t seed = 0; seed < 5; ++seed) {
    training::StepRng rng(seed);
    const auto c = training::random_crop_resize(img, o, rng);
    EXPECT_EQ(c.crop_top, 0);
    EXPECT_EQ(c.crop_left, 171);  // (2000 - 1500) / 2 = 250 photo pixels, in the 1365 px frame
    EXPECT_EQ(c.original_width, 1365);
  }
}
