// Starting a new run keeps the old one aside: every part of it moves to previous-run-N/, numbered past the
// existing ones, and nothing is left behind that the next run would mix with its own.
#include "core/jobs/run_history.h"

#include <gtest/gtest.h>

#include "core/jobs/train_logs.h"
#include "core/training/checkpoint.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

TEST(RunHistory, TheCurrentRunMovesToTheNextPreviousRunFolder) {
  const fs::path out = olis::test::temp_dir("run_history_moves");
  EXPECT_TRUE(set_run_aside(out).value().empty());  // nothing to move: no folder made
  EXPECT_TRUE(previous_runs(out).empty());
  for (const char* d : {"checkpoints", "validation/step-00000003", "export", "previous-run-2"}) fs::create_directories(out / d);
  olis::write_file_atomic(out / "checkpoints" / "step-00000003.olisckpt.safetensors", "x");
  olis::write_file_atomic(out / "export" / "lora_kohya.safetensors", "y");
  append_step_metrics(out, step_metrics_line({1, 0.5, 0.5, 1e-4, 1, false}));
  auto aside = set_run_aside(out);
  ASSERT_TRUE(aside) << aside.error().message();
  EXPECT_EQ(*aside, out / "previous-run-3");  // past the highest existing number
  for (const char* p : {"checkpoints/step-00000003.olisckpt.safetensors", "export/lora_kohya.safetensors",
                        "validation/step-00000003", "metrics.jsonl"}) {
    EXPECT_TRUE(fs::exists(*aside / p)) << p;
    EXPECT_FALSE(fs::exists(out / p)) << p;
  }
  EXPECT_EQ(previous_runs(out), (std::vector<fs::path>{out / "previous-run-2", out / "previous-run-3"}));
}

TEST(RunHistory, ResultsListExportsUnexportedCheckpointsAndPreviousRuns) {
  const fs::path out = olis::test::temp_dir("run_history_results");
  EXPECT_TRUE(list_run_results(out).empty());
  for (const char* d : {"export/step-00000004", "export/diffusers", "checkpoints", "previous-run-1/export"})
    fs::create_directories(out / d);
  olis::write_file_atomic(out / "export" / "lora_kohya.safetensors", "a");
  olis::write_file_atomic(out / "export" / "step-00000004" / "lora_kohya.safetensors", "b");
  olis::write_file_atomic(out / "previous-run-1" / "export" / "model.safetensors", "c");
  for (int64_t step : {4, 8})
    olis::write_file_atomic(olis::training::checkpoint_path(out / "checkpoints", step), "d");
  const auto r = list_run_results(out);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].kind, RunResultKind::Lora);
  EXPECT_EQ(r[0].path, out / "export" / "lora_kohya.safetensors");
  EXPECT_FALSE(r[0].step.has_value());
  EXPECT_EQ(r[1].path, out / "export" / "step-00000004" / "lora_kohya.safetensors");
  EXPECT_EQ(r[1].step, 4);
  EXPECT_EQ(r[2].kind, RunResultKind::Checkpoint);  // step 4 is exported already; step 8 is not
  EXPECT_EQ(r[2].step, 8);
  EXPECT_EQ(r[3].kind, RunResultKind::FullModel);
  EXPECT_EQ(r[3].previous_run, 1);
}
