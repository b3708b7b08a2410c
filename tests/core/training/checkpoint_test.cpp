#include "core/training/checkpoint.h"

#include <gtest/gtest.h>

#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::training;
namespace fs = std::filesystem;

namespace {
TrainingCheckpoint make(int64_t step) {
  TrainingCheckpoint c;
  c.step = step;
  c.seed = 0xFFFFFFFFFFFFFFF1ull;  // above 2^53: must survive the JSON header
  c.weights["unet.conv.weight"] = torch::full({2, 3}, static_cast<float>(step));
  c.optimizer["unet.conv.weight.step"] = torch::tensor(step, torch::kInt64).reshape({});
  c.optimizer["unet.conv.weight.exp_avg"] = torch::randn({2, 3});
  c.cpu_rng_state = get_cpu_rng_state();
  c.order = make_data_order(4, 16, 30, 1);
  c.meta["smoothed_loss"] = 0.25;
  return c;
}

struct FailWritesGuard {
  FailWritesGuard() { olis::AtomicFileWriter::set_fail_before_rename_for_testing(true); }
  ~FailWritesGuard() { olis::AtomicFileWriter::set_fail_before_rename_for_testing(false); }
};
}  // namespace

TEST(Checkpoint, RoundTripsEverything) {
  auto dir = olis::test::temp_dir("ckpt_roundtrip");
  auto c = make(100);
  auto path = save_checkpoint(dir, c, 3);
  EXPECT_EQ(path.filename(), "step-00000100.olisckpt.safetensors");
  auto back = load_checkpoint(path);
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->step, 100);
  EXPECT_EQ(back->seed, c.seed);
  EXPECT_TRUE(torch::equal(back->weights.at("unet.conv.weight"), c.weights.at("unet.conv.weight")));
  EXPECT_TRUE(torch::equal(back->optimizer.at("unet.conv.weight.exp_avg"), c.optimizer.at("unet.conv.weight.exp_avg")));
  EXPECT_TRUE(torch::equal(back->cpu_rng_state, c.cpu_rng_state));
  EXPECT_EQ(back->order, c.order);
  EXPECT_DOUBLE_EQ(back->meta.at("smoothed_loss").get<double>(), 0.25);
}

TEST(Checkpoint, KeepsOnlyTheLastM) {
  auto dir = olis::test::temp_dir("ckpt_keep");
  for (int64_t s : {10, 20, 30, 40, 50}) save_checkpoint(dir, make(s), 2);
  auto all = list_checkpoints(dir);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].step, 40);
  EXPECT_EQ(all[1].step, 50);
}

TEST(Checkpoint, KillDuringWriteResumesFromLastCompleteCheckpoint) {
  auto dir = olis::test::temp_dir("ckpt_kill");
  save_checkpoint(dir, make(10), 3);
  save_checkpoint(dir, make(20), 3);
  {
    FailWritesGuard crash;  // the process "dies" after writing the data, before the rename
    EXPECT_THROW(save_checkpoint(dir, make(30), 3), olis::Error);
  }
  auto latest = load_latest_checkpoint(dir);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->step, 20);
  EXPECT_TRUE(torch::equal(latest->weights.at("unet.conv.weight"), torch::full({2, 3}, 20.0f)));
  // The next successful save cleans up and keeps working.
  save_checkpoint(dir, make(30), 3);
  EXPECT_EQ(load_latest_checkpoint(dir)->step, 30);
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
}

TEST(Checkpoint, DamagedNewestIsSkipped) {
  auto dir = olis::test::temp_dir("ckpt_damaged");
  save_checkpoint(dir, make(10), 3);
  olis::write_file_atomic(checkpoint_path(dir, 20), "not a safetensors file");
  std::vector<std::string> skipped;
  auto latest = load_latest_checkpoint(dir, &skipped);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->step, 10);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("step-00000020"), std::string::npos) << skipped[0];
}

TEST(Checkpoint, CpuRngStateRestores) {
  auto state = get_cpu_rng_state();
  auto a = torch::randn({5});
  set_cpu_rng_state(state);
  auto b = torch::randn({5});
  EXPECT_TRUE(torch::equal(a, b));
}
