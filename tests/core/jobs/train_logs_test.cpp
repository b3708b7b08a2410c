// The run logs' writers and readers: metrics.jsonl (with a non-finite loss) and the validation rounds'
// prompts.tsv, read back exactly; damaged lines are named.
#include "core/jobs/train_logs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

using namespace olis::jobs;
namespace fs = std::filesystem;

TEST(TrainLogs, StepMetricsRoundTripWithANonFiniteLoss) {
  const fs::path out = olis::test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  EXPECT_TRUE(read_step_metrics(out).value().empty());  // no file yet: an empty log
  append_step_metrics(out, step_metrics_line({1, 0.5, 0.5, 1e-4, 2.0, false}) +
                               step_metrics_line({2, std::numeric_limits<double>::infinity(), 0.45, 1e-4, 0, true}));
  append_step_metrics(out, step_metrics_line({3, 0.25, 0.4, 5e-5, 1.5, false}));
  auto steps = read_step_metrics(out);
  ASSERT_TRUE(steps) << steps.error().message();
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].step, 1);
  EXPECT_DOUBLE_EQ((*steps)[0].loss, 0.5);
  EXPECT_DOUBLE_EQ((*steps)[0].grad_norm, 2.0);
  EXPECT_TRUE(std::isnan((*steps)[1].loss));  // written as null
  EXPECT_DOUBLE_EQ((*steps)[1].smoothed_loss, 0.45);
  EXPECT_TRUE((*steps)[1].skipped);
  EXPECT_EQ((*steps)[2].step, 3);
  EXPECT_DOUBLE_EQ((*steps)[2].lr, 5e-5);
  EXPECT_DOUBLE_EQ((*steps)[2].smoothed_loss, 0.4);
}

TEST(TrainLogs, ADamagedStepLineIsNamed) {
  const fs::path out = olis::test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  olis::write_file_atomic(out / kStepMetricsFileName, "{\"step\": 1, \"loss\": 0.5}\n{\"step\": 2, \"lo\n");
  auto steps = read_step_metrics(out);
  ASSERT_FALSE(steps);
  EXPECT_NE(steps.error().message().find("metrics.jsonl, line 2"), std::string::npos) << steps.error().message();
}

TEST(TrainLogs, ValidationRoundsAreListedByStepWithTheirPrompts) {
  const fs::path out = olis::test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  EXPECT_TRUE(list_validation_rounds(out).empty());
  for (int64_t step : {20, 5}) {
    const fs::path round = validation_round_dir(out, step);
    fs::create_directories(round);
    write_validation_listing(round, {{"00.png", 1000, "a olis backpack in the jungle"},
                                     {"01.png", 1001, "a tab\there"}});
  }
  fs::create_directories(out / "validation" / "notes");  // not a round
  EXPECT_EQ(validation_round_dir(out, 5).filename(), "step-00000005");
  auto rounds = list_validation_rounds(out);
  ASSERT_EQ(rounds.size(), 2u);
  EXPECT_EQ(rounds[0].step, 5);
  EXPECT_EQ(rounds[1].step, 20);
  ASSERT_EQ(rounds[0].images.size(), 2u);
  EXPECT_EQ(rounds[0].images[0].file, "00.png");
  EXPECT_EQ(rounds[0].images[0].seed, 1000u);
  EXPECT_EQ(rounds[0].images[0].prompt, "a olis backpack in the jungle");
  EXPECT_EQ(rounds[0].images[1].prompt, "a tab here");  // a tab cannot split the columns
  EXPECT_TRUE(rounds[0].problem.empty());
}

TEST(TrainLogs, AMalformedListingIsNamedAndKeepsTheRound) {
  const fs::path out = olis::test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  const fs::path round = validation_round_dir(out, 10);
  fs::create_directories(round);
  olis::write_file_atomic(round / kValidationListingName, "00.png\t1000\ta dog\n01.png\tseven\ta cat\n");
  auto listing = read_validation_listing(round);
  ASSERT_FALSE(listing);
  EXPECT_NE(listing.error().message().find("prompts.tsv, line 2"), std::string::npos) << listing.error().message();
  auto rounds = list_validation_rounds(out);
  ASSERT_EQ(rounds.size(), 1u);
  EXPECT_TRUE(rounds[0].images.empty());
  EXPECT_NE(rounds[0].problem.find("seed"), std::string::npos);
}
