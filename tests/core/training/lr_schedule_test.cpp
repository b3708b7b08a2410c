#include "core/training/lr_schedule.h"

#include <gtest/gtest.h>

using namespace olis::training;

TEST(LrSchedule, ConstantWithWarmupRampsLinearly) {
  LrSchedule s{LrScheduleKind::Constant, 1e-4, 10, 100};
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.0);
  EXPECT_DOUBLE_EQ(s.lr_at(5), 5e-5);
  EXPECT_DOUBLE_EQ(s.lr_at(10), 1e-4);
  EXPECT_DOUBLE_EQ(s.lr_at(99), 1e-4);
  LrSchedule none{LrScheduleKind::Constant, 2e-6, 0, 4000};
  EXPECT_DOUBLE_EQ(none.lr_at(0), 2e-6);
}

TEST(LrSchedule, CosineDecaysToZeroAfterWarmup) {
  LrSchedule s{LrScheduleKind::Cosine, 1.0, 10, 110};
  EXPECT_DOUBLE_EQ(s.lr_at(10), 1.0);
  EXPECT_NEAR(s.lr_at(60), 0.5, 1e-12);
  EXPECT_NEAR(s.lr_at(110), 0.0, 1e-12);
  EXPECT_GT(s.lr_at(30), s.lr_at(40));
}

TEST(LrSchedule, ParsesNames) {
  EXPECT_EQ(parse_lr_schedule("cosine"), LrScheduleKind::Cosine);
  EXPECT_EQ(parse_lr_schedule("constant"), LrScheduleKind::Constant);
  EXPECT_FALSE(parse_lr_schedule("linear-ish").has_value());
}
