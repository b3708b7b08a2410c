#include "core/jobs/train_settings.h"

#include <gtest/gtest.h>

using namespace olis::jobs;

TEST(TrainSettings, DefaultsFollowThePaper) {
  auto s = parse_train_settings("base_model: models/sd15\n", "training.olis.yaml", "/p");
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->base_model, std::filesystem::path("/p/models/sd15"));
  EXPECT_EQ(s->output_dir, std::filesystem::path("/p/training"));
  EXPECT_EQ(s->mode, olis::training::TrainMode::Lora);
  EXPECT_EQ(s->effective_steps(), 8000);
  EXPECT_DOUBLE_EQ(s->effective_lr(), 1e-4);
  EXPECT_EQ(s->lora_rank, 32);
  EXPECT_FALSE(s->horizontal_flip);
  EXPECT_DOUBLE_EQ(s->dropout_p, 0.5);
  EXPECT_DOUBLE_EQ(s->prior_loss_weight, 1.0);
  EXPECT_DOUBLE_EQ(s->max_grad_norm, 1.0);
  EXPECT_EQ(s->regularization.count, 2000);
  EXPECT_EQ(s->regularization.manifest, "/p/regularization.jsonl");
  auto full = parse_train_settings("base_model: /m\nmode: full\n", "t", "/p");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->effective_steps(), 4000);
  EXPECT_DOUBLE_EQ(full->effective_lr(), 2e-6);
}

TEST(TrainSettings, ReadsEveryGroup) {
  auto s = parse_train_settings(
      "base_model: /m\nmode: full\nsteps: 30\nlr: 0.001\nlr_schedule: cosine\nwarmup_steps: 5\n"
      "precision: bf16\ncheckpoint_every: 10\neval_every: 15\nregularization: {count: 16, batch: 2, seed: 9}\n",
      "t", "/p");
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->effective_steps(), 30);
  EXPECT_EQ(s->schedule, olis::training::LrScheduleKind::Cosine);
  EXPECT_EQ(s->precision, TrainPrecision::BFloat16);
  EXPECT_EQ(s->regularization.count, 16);
  EXPECT_EQ(s->regularization.batch, 2);
  EXPECT_EQ(s->regularization.seed, 9u);
}

TEST(TrainSettings, ErrorsNameFileAndLine) {
  auto missing = parse_train_settings("mode: lora\n", "training.olis.yaml", "/p");
  ASSERT_FALSE(missing);
  EXPECT_NE(std::string(missing.error().what()).find("base_model"), std::string::npos);
  auto bad = parse_train_settings("base_model: /m\nmode: lorra\n", "training.olis.yaml", "/p");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("training.olis.yaml line 2"), std::string::npos) << bad.error().what();
  auto type = parse_train_settings("base_model: /m\nsteps: many\n", "training.olis.yaml", "/p");
  ASSERT_FALSE(type);
  EXPECT_NE(std::string(type.error().what()).find("steps"), std::string::npos);
}
