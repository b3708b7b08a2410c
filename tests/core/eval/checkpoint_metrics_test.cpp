// The sweep pieces: the metrics JSON Lines log and the best-checkpoint rule.
#include <gtest/gtest.h>

#include "core/eval/checkpoint_metrics.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace olis::eval {
namespace {

CheckpointMetrics rec(int64_t step, double dino, double clip_t, double clip_i = 0.5) {
  CheckpointMetrics m;
  m.step = step;
  m.checkpoint = "checkpoint-" + std::to_string(step);
  m.dino = dino;
  m.clip_t = clip_t;
  m.clip_i = clip_i;
  m.images = 8;
  return m;
}

TEST(EvalBestCheckpoint, BestDinoAmongCheckpointsThatKeepPromptFollowing) {
  // Typical run: DINO rises with training while CLIP-T falls (overfitting).
  std::vector<CheckpointMetrics> r{rec(500, 0.50, 0.320), rec(1000, 0.60, 0.315), rec(1500, 0.66, 0.311),
                                   rec(2000, 0.70, 0.290)};
  auto best = suggest_best_checkpoint(r, {0.01});
  ASSERT_TRUE(best);
  EXPECT_EQ(r[*best].step, 1500);  // 2000 has the best DINO but lost 0.03 of CLIP-T
  EXPECT_EQ(r[*suggest_best_checkpoint(r, {0.05})].step, 2000);
  EXPECT_EQ(r[*suggest_best_checkpoint(r, {0.0})].step, 500);
}

TEST(EvalBestCheckpoint, TiesGoToTheEarlierStepAndMissingScoresAreSkipped) {
  std::vector<CheckpointMetrics> r{rec(300, 0.6, 0.30), rec(100, 0.6, 0.30), rec(200, kNoScore, 0.35)};
  auto best = suggest_best_checkpoint(r);
  ASSERT_TRUE(best);
  EXPECT_EQ(r[*best].step, 100);  // the NaN-DINO record's higher CLIP-T does not set the bar
  std::vector<CheckpointMetrics> no_text{rec(1, 0.4, kNoScore), rec(2, 0.7, kNoScore)};
  EXPECT_EQ(no_text[*suggest_best_checkpoint(no_text)].step, 2);
  EXPECT_FALSE(suggest_best_checkpoint({rec(1, kNoScore, 0.3)}));
  EXPECT_FALSE(suggest_best_checkpoint({}));
}

TEST(EvalMetricsLog, AppendsReplacesSameStepAndReadsBackSorted) {
  const auto file = olis::test::temp_dir("metrics_log") / kMetricsLogName;
  EXPECT_TRUE(read_metrics_log(file)->empty());
  append_metrics_log(file, rec(200, 0.6, 0.3));
  append_metrics_log(file, rec(100, 0.5, kNoScore));
  append_metrics_log(file, rec(200, 0.65, 0.31));  // resumed run re-evaluated step 200
  auto log = read_metrics_log(file);
  ASSERT_TRUE(log) << log.error().what();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].step, 100);
  EXPECT_TRUE(std::isnan((*log)[0].clip_t));
  EXPECT_DOUBLE_EQ((*log)[1].dino, 0.65);
  EXPECT_EQ((*log)[1].checkpoint, "checkpoint-200");
  auto text = *olis::read_text_file(file);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_NE(text.find("\"clip_t\":null"), std::string::npos);
}

TEST(EvalMetricsLog, BadLineIsReportedWithItsNumber) {
  const auto file = olis::test::temp_dir("metrics_log_bad") / kMetricsLogName;
  olis::write_file_atomic(file, "{\"step\": 1, \"dino\": 0.5}\n{\"step\": 2, \"dino\n");
  auto log = read_metrics_log(file);
  ASSERT_FALSE(log);
  EXPECT_NE(std::string(log.error().what()).find("line 2"), std::string::npos) << log.error().what();
}

}  // namespace
}  // namespace olis::eval
