// Whether a project's regularization set is there, asked before a training job is queued (so that the GUI can
// offer to make it first instead of failing after the model has loaded): not used, missing, unfinished, complete.
#include <gtest/gtest.h>

#include "core/jobs/project_training.h"
#include "core/jobs/regset_plan.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

namespace {

ProjectTraining project_in(const fs::path& dir) {
  ProjectTraining p;
  p.dir = dir;
  p.project.subject.class_noun = "backpack";
  p.project.photos = {{"p0.png", "a <new> backpack on a rock", ""}};
  p.settings.base_model = dir / "model";
  p.settings.regularization.count = 4;
  p.settings.regularization.cache_root = (dir / "cache").string();
  p.settings.regularization.manifest = (dir / "regularization.jsonl").string();
  return p;
}

}  // namespace

TEST(RegSetStatus, FollowsTheSetThroughItsStates) {
  const fs::path root = olis::test::temp_dir("regset_status");
  auto p = project_in(root);
  const auto pools = olis::value_or_throw(olis::prompts::load_pool_set({}));
  const RegSetModelFacts facts{"modelhash", 8, "", "modelhash"};
  const auto plan = plan_regset(p, pools, facts);
  ASSERT_EQ(plan.items.size(), 4u);

  auto st = regset_readiness(plan);
  EXPECT_EQ(st.state, RegSetState::Missing);
  EXPECT_EQ(st.missing, 4);
  EXPECT_EQ(st.dir, plan.dir);
  EXPECT_EQ(st.dir.parent_path(), root / "cache");
  olis::write_file_atomic(plan.items[0].image_path, "png");
  st = regset_readiness(plan);
  EXPECT_EQ(st.state, RegSetState::Unfinished);
  EXPECT_EQ(st.missing, 3);
  for (const auto& item : plan.items) olis::write_file_atomic(item.image_path, "png");
  EXPECT_EQ(regset_readiness(plan).state, RegSetState::Complete);

  p.settings.regularization.prior = RegPrior::None;
  EXPECT_EQ(regset_readiness(plan_regset(p, pools, facts)).state, RegSetState::NotUsed);
}

TEST(RegSetStatus, AnUnreadableModelIsNamed) {
  const fs::path root = olis::test::temp_dir("regset_status_bad");
  auto p = project_in(root);
  p.settings.base_model = root / "gone.safetensors";
  auto bad = regularization_set_status(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("gone.safetensors"), std::string::npos) << bad.error().message();
}
