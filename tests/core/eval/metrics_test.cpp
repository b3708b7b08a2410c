// Metric definitions and averaging, independent of the fixtures.
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/eval/eval_report.h"
#include "core/eval/metrics.h"
#include "core/util/error.h"

namespace olis::eval {
namespace {

TEST(EvalMetrics, CosineIgnoresNormsAndSelfPairsCanBeExcluded) {
  auto a = torch::tensor({{1.0, 0.0}, {0.0, 2.0}});
  auto b = torch::tensor({{3.0, 0.0}, {0.0, 0.5}});
  auto m = cosine_matrix(a, b);
  EXPECT_NEAR(m[0][0].item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(m[0][1].item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(mean_pairwise_cosine(a, b), 0.5, 1e-12);
  // A set against itself: with self-pairs the diagonal inflates the score; without, orthogonal images give 0.
  EXPECT_NEAR(mean_pairwise_cosine(a, a, ~torch::eye(2, torch::kBool)), 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(mean_pairwise_cosine(a, a, torch::zeros({2, 2}, torch::kBool))));
}

TEST(EvalMetrics, ClipTPairsEachImageWithItsOwnPrompt) {
  auto img = torch::tensor({{1.0, 0.0}, {0.0, 1.0}});
  auto txt = torch::tensor({{0.0, 1.0}, {1.0, 0.0}});
  EXPECT_NEAR(mean_paired_cosine(img, txt, {1, 0}), 1.0, 1e-12);
  EXPECT_NEAR(mean_paired_cosine(img, txt, {0, 1}), 0.0, 1e-12);
  EXPECT_THROW(mean_paired_cosine(img, txt, {0}), olis::Error);
  EXPECT_THROW(mean_paired_cosine(img, txt, {0, 2}), olis::Error);
}

TEST(EvalMetrics, PromptTextRules) {
  PromptTextRules r;
  r.identifier = "sks";
  r.class_name = "stuffed animal";
  r.object_name = "grey sloth plushie";
  EXPECT_EQ(clip_t_text("a sks stuffed animal in the snow", r), "a stuffed animal in the snow");
  EXPECT_EQ(clip_t_object_text("a sks stuffed animal in the snow", r), "a grey sloth plushie in the snow");
  r.keep_identifier = true;
  EXPECT_EQ(clip_t_text("a  sks stuffed animal", r), "a sks stuffed animal");
  // "sksdog" is not the identifier word.
  r.keep_identifier = false;
  EXPECT_EQ(clip_t_text("a sksdog", r), "a sksdog");
}

TEST(EvalReport, MeanIsOverSubjectsNotImages) {
  SubjectScores a, b;
  a.subject = "a", a.dino = 0.9, a.clip_i = 0.8, a.generated_images = 100;
  b.subject = "b", b.dino = 0.5, b.clip_i = kNoScore, b.generated_images = 4;
  auto r = summarize({a, b});
  EXPECT_NEAR(r.mean.dino, 0.7, 1e-12);    // not weighted by the 100 vs 4 images
  EXPECT_NEAR(r.mean.clip_i, 0.8, 1e-12);  // a subject without a score does not count
  EXPECT_TRUE(std::isnan(r.mean.clip_t));
  EXPECT_EQ(r.mean.generated_images, 104);
  auto j = to_json(r);
  EXPECT_TRUE(j["mean"]["clip_t"].is_null());
  EXPECT_EQ(j["subjects"].size(), 2u);
  auto table = format_table(r);
  EXPECT_NE(table.find("0.7000"), std::string::npos);
  EXPECT_NE(table.find("mean"), std::string::npos);
}

}  // namespace
}  // namespace olis::eval
