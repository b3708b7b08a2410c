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

TEST(TrainSettings, MetricModelsAndValidationPrompts) {
  auto s = parse_train_settings(
      "base_model: /m\neval_every: 500\nvalidation_prompts: 6\n"
      "metrics: {clip: models/clip-vit-b32, dino: /models/dino-vits16, clip_t_margin: 0.02}\n",
      "t", "/p");
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->validation_prompts, 6);
  EXPECT_EQ(s->metrics.clip, std::filesystem::path("/p/models/clip-vit-b32"));
  EXPECT_EQ(s->metrics.dino, std::filesystem::path("/models/dino-vits16"));
  EXPECT_TRUE(s->metrics.clip_text.empty());
  EXPECT_DOUBLE_EQ(s->metrics.clip_t_margin, 0.02);
  EXPECT_TRUE(s->metrics.any());
  auto none = parse_train_settings("base_model: /m\n", "t", "/p");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->metrics.any());
  auto bad = parse_train_settings("base_model: /m\nmetrics: [a, b]\n", "training.olis.yaml", "/p");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("metrics"), std::string::npos) << bad.error().what();
  EXPECT_FALSE(parse_train_settings("base_model: /m\nmetrics: {clip_t_margin: -1}\n", "t", "/p"));
}

TEST(TrainSettings, FormatReadsBackEqual) {
  auto s = parse_train_settings(
      "base_model: /m\nmode: full\nsteps: 30\nlr: 0.001\nlr_schedule: cosine\nwarmup_steps: 5\nseed: 18446744073709551615\n"
      "precision: bf16\ncheckpoint_every: 10\neval_every: 15\nhorizontal_flip: true\nvocab_dir: /v\n"
      "regularization: {count: 16, batch: 2, seed: 9, negative_prompt: 'blurry: bad', cache_latents: true}\n"
      "metrics: {clip: /c, dino: /d, tokenizer: /t}\n",
      "t", "/p");
  ASSERT_TRUE(s) << s.error().what();
  const std::string text = format_train_settings(*s);
  auto back = parse_train_settings(text, "formatted", "/elsewhere");
  ASSERT_TRUE(back) << back.error().what() << "\n" << text;
  EXPECT_EQ(format_train_settings(*back), text);
  EXPECT_EQ(back->base_model, s->base_model);
  EXPECT_EQ(back->output_dir, std::filesystem::path("/p/training"));
  EXPECT_EQ(back->mode, olis::training::TrainMode::Full);
  EXPECT_EQ(back->seed, s->seed);
  EXPECT_EQ(back->schedule, olis::training::LrScheduleKind::Cosine);
  EXPECT_EQ(back->precision, TrainPrecision::BFloat16);
  EXPECT_TRUE(back->horizontal_flip);
  EXPECT_EQ(back->regularization.negative_prompt, "blurry: bad");
  EXPECT_TRUE(back->regularization.cache_latents);
  EXPECT_EQ(back->regularization.manifest, "/p/regularization.jsonl");
  EXPECT_EQ(back->metrics.dino, std::filesystem::path("/d"));
  EXPECT_EQ(back->metrics.tokenizer, std::filesystem::path("/t"));

  const auto dir = std::filesystem::temp_directory_path() / "olis_train_settings_save";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(save_train_settings(dir / kTrainSettingsFileName, *s));
  auto loaded = load_train_settings(dir);
  ASSERT_TRUE(loaded) << loaded.error().what();
  EXPECT_EQ(format_train_settings(*loaded), text);
  auto refused = save_train_settings("/proc/olis/none/training.olis.yaml", *s);
  ASSERT_FALSE(refused);
  EXPECT_NE(std::string(refused.error().what()).find("/proc/olis/none/training.olis.yaml"), std::string::npos);
}
