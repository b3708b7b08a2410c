// The one-click chain on the tiny SDXL fixture model: captions, regularization set, training with the
// sweep, export of the suggested checkpoint, sample grid. Cancelling one project's chain loses nothing of
// another's, and the cancelled one resumes where it stopped; two chains at once share the class cache.
#include <thread>

#include <gtest/gtest.h>

#include "core/jobs/personalize_job.h"
#include "core/jobs/project.h"
#include "tests/core/jobs/tiny_project.h"

using namespace olis;
using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

std::string metrics_yaml() {
  const auto f = test::fixtures_root();
  return fmt::format("metrics: {{clip: {}, clip_text: {}, tokenizer: {}, dino: {}}}\n", (f / "clip_vision_tiny").string(),
                     (f / "clip_text_tiny").string(), (f / "clip_tokenizer").string(),
                     (f / "dino_vits_tiny" / "model_hf_vit.safetensors").string());
}

#define REQUIRE_TINY_SDXL()                                                                            \
  if (!fs::exists(test::fixtures_root() / "ldm_single_file_sdxl_tiny" / "model_index.json")) {         \
    if (test::in_ci()) FAIL() << test::missing_fixture_message("ldm_single_file_sdxl_tiny");           \
    GTEST_SKIP() << test::missing_fixture_message("ldm_single_file_sdxl_tiny");                        \
  }

}  // namespace

TEST(Personalize, CancellingOneProjectLosesNothingOfAnotherAndResumes) {
  REQUIRE_TINY_SDXL();
  const auto root = test::temp_dir("personalize_cancel");
  test::TinyProjectOptions o;
  o.extra_yaml = metrics_yaml();
  test::write_tiny_project(root / "a", root / "cache", o);
  test::write_tiny_project(root / "b", root / "cache", o);

  // Project a is cancelled during training, after its checkpoint of step 2.
  CancelToken cancel_a;
  bool training = false;
  PersonalizeOptions oa;
  oa.device = "cpu";
  oa.on_stage = [&](PersonalizeStage s, const StageRecord& r) {
    training = s == PersonalizeStage::Training && r.state == StageState::Running;
  };
  PersonalizeJob a(root / "a", oa);
  JobCallbacks cb;
  cb.progress = [&](const JobProgress& p) {
    if (training && p.step >= 2) cancel_a.request_cancel();
  };
  auto ra = run_job_safely(a, cb, cancel_a);
  ASSERT_EQ(ra.outcome, JobOutcome::Cancelled) << ra.message;
  auto sa = value_or_throw(read_personalize_state(root / "a"));
  EXPECT_EQ(sa.stages[PersonalizeStage::Captions].state, StageState::Done);
  EXPECT_EQ(sa.stages[PersonalizeStage::RegularizationSet].state, StageState::Done);
  EXPECT_EQ(sa.stages[PersonalizeStage::Training].state, StageState::Cancelled);
  EXPECT_TRUE(fs::exists(root / "a/training/checkpoints/step-00000002.olisckpt.safetensors"));
  // The empty caption got the best suggestion, saved into the project.
  auto pa = value_or_throw(load_project(root / "a/project.olis.yaml"));
  EXPECT_NE(pa.photos[3].caption.find("a <new> backpack "), std::string::npos) << pa.photos[3].caption;
  EXPECT_EQ(pa.photos[0].caption, "a <new> backpack on a rock");

  // Project b runs to the end meanwhile, reusing a's regularization set from the class cache.
  CancelToken cancel_b;
  PersonalizeJob b(root / "b", {});
  auto rb = run_job_safely(b, {}, cancel_b);
  ASSERT_EQ(rb.outcome, JobOutcome::Succeeded) << rb.message;
  EXPECT_TRUE(b.state().finished());
  EXPECT_NE(b.state().stages.at(PersonalizeStage::RegularizationSet).message.find("reused"), std::string::npos);
  ASSERT_TRUE(b.state().exported_step.has_value());
  ASSERT_FALSE(b.state().exported.empty());
  for (const auto& e : b.state().exported) EXPECT_TRUE(fs::exists(e.path)) << e.path;
  EXPECT_NE(b.state().exported.front().path.string().find(fmt::format("step-{:08d}", *b.state().exported_step)), std::string::npos);
  EXPECT_TRUE(fs::exists(root / "b/training/personalize/grid.png"));
  EXPECT_TRUE(fs::exists(root / "b/training/personalize/grid.json"));

  // a starts again and continues from its checkpoint.
  std::vector<std::string> lines;
  JobCallbacks log;
  log.log = [&](const std::string& l) { lines.push_back(l); };
  CancelToken again;
  PersonalizeJob a2(root / "a", oa);
  auto ra2 = run_job_safely(a2, log, again);
  ASSERT_EQ(ra2.outcome, JobOutcome::Succeeded) << ra2.message;
  EXPECT_TRUE(a2.state().finished());
  EXPECT_NE(a2.state().stages.at(PersonalizeStage::Training).message.find("resumed from step 2"), std::string::npos)
      << a2.state().stages.at(PersonalizeStage::Training).message;
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.find("Resuming from step 2") != std::string::npos; }));
  EXPECT_TRUE(fs::exists(root / "a/training/personalize/grid.png"));

  // A third run finds everything done and changes nothing.
  const auto grid_time = fs::last_write_time(root / "a/training/personalize/grid.png");
  PersonalizeJob a3(root / "a", oa);
  CancelToken third;
  ASSERT_EQ(run_job_safely(a3, {}, third).outcome, JobOutcome::Succeeded);
  EXPECT_EQ(fs::last_write_time(root / "a/training/personalize/grid.png"), grid_time);
}

TEST(Personalize, TwoChainsAtOnceShareTheClassCache) {
  REQUIRE_TINY_SDXL();
  const auto root = test::temp_dir("personalize_parallel");
  test::TinyProjectOptions o;
  o.steps = 2;
  o.eval_every = 2;
  test::write_tiny_project(root / "a", root / "cache", o);
  test::write_tiny_project(root / "b", root / "cache", o);
  JobResult ra, rb;
  std::thread ta([&] {
    PersonalizeOptions po;
    po.device = "cpu";
    PersonalizeJob job(root / "a", po);
    CancelToken c;
    ra = run_job_safely(job, {}, c);
  });
  std::thread tb([&] {
    PersonalizeOptions po;
    po.device = "cpu";
    PersonalizeJob job(root / "b", po);
    CancelToken c;
    rb = run_job_safely(job, {}, c);
  });
  ta.join();
  tb.join();
  ASSERT_EQ(ra.outcome, JobOutcome::Succeeded) << ra.message;
  ASSERT_EQ(rb.outcome, JobOutcome::Succeeded) << rb.message;
  // One set of 2 images in the cache, made once.
  int images = 0;
  for (const auto& e : fs::recursive_directory_iterator(root / "cache"))
    images += e.path().extension() == ".png";
  EXPECT_EQ(images, 2);
  auto sa = value_or_throw(read_personalize_state(root / "a"));
  auto sb = value_or_throw(read_personalize_state(root / "b"));
  const bool a_made = sa.stages[PersonalizeStage::RegularizationSet].message.find("generated") != std::string::npos;
  const bool b_made = sb.stages[PersonalizeStage::RegularizationSet].message.find("generated") != std::string::npos;
  EXPECT_NE(a_made, b_made) << sa.stages[PersonalizeStage::RegularizationSet].message << " / "
                            << sb.stages[PersonalizeStage::RegularizationSet].message;
  // No captions stage without a CLIP model: said so.
  EXPECT_EQ(sa.stages[PersonalizeStage::Captions].state, StageState::Skipped);
  EXPECT_NE(sa.stages[PersonalizeStage::Captions].message.find("no CLIP model"), std::string::npos);
}
