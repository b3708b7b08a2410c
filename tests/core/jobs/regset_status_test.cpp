// Whether a project's regularization set is there, asked before a training job is queued (so that the GUI can
// offer to make it first instead of failing after the model has loaded): not used, missing, unfinished, complete.
#include <gtest/gtest.h>

#include "core/jobs/project_training.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

TEST(RegSetStatus, FollowsTheSetThroughItsStates) {
  const fs::path root = olis::test::temp_dir("regset_status");
  olis::write_file_atomic(root / "model.safetensors", std::string(16, '\0'));
  Project project;
  project.subject.class_noun = "backpack";
  ASSERT_TRUE(save_project(project, root / "p" / kProjectFileName));
  olis::write_file_atomic(root / "p" / kTrainSettingsFileName,
                          "base_model: " + (root / "model.safetensors").string() +
                              "\nregularization: {count: 4, cache_root: " + (root / "cache").string() + "}\n");
  auto p = open_project_training(root / "p");
  ASSERT_TRUE(p) << p.error().message();

  auto st = regularization_set_status(*p);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(st->state, RegSetState::Missing);
  EXPECT_EQ(st->dir.parent_path(), root / "cache");
  EXPECT_EQ(st->dir, regularization_set_dir(*p));
  fs::create_directories(st->dir);
  olis::write_file_atomic(st->dir / "manifest.jsonl", "");
  EXPECT_EQ(regularization_set_status(*p)->state, RegSetState::Unfinished);
  olis::write_file_atomic(st->dir / "complete.json", "{}");
  EXPECT_EQ(regularization_set_status(*p)->state, RegSetState::Complete);

  p->settings.regularization.count = 0;
  EXPECT_EQ(regularization_set_status(*p)->state, RegSetState::NotUsed);
  p->settings.regularization.count = 4;
  p->settings.base_model = root / "gone.safetensors";
  auto bad = regularization_set_status(*p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("gone.safetensors"), std::string::npos) << bad.error().message();
}
