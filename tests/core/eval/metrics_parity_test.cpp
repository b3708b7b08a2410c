// DreamBench metric definitions against metrics_case*/case.safetensors (float64 math on given embeddings).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/eval/clip_text_embedder.h"
#include "core/eval/clip_vision_model.h"
#include "core/eval/dino_vit.h"
#include "core/eval/metrics.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace olis::eval {
namespace {

constexpr double kTol = 1e-9;  // fixture README: metrics on given embeddings

std::vector<int64_t> as_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kInt64).contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

TEST(EvalMetricsParity, ClipIClipTDinoOnGivenEmbeddings) {
  OLIS_REQUIRE_FIXTURES(dirs, "metrics_case", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto c = olis::test::load_case(dir / "case.safetensors");
    auto gen = c.at("clip_gen_image_embeds"), real = c.at("clip_real_image_embeds");
    EXPECT_TRUE(olis::test::tensors_close(cosine_matrix(gen, real), c.at("clip_i_cos_matrix"), kTol, 0, "clip_i_cos_matrix"));
    EXPECT_NEAR(mean_pairwise_cosine(gen, real), c.at("clip_i").item<double>(), kTol);
    EXPECT_NEAR(mean_pairwise_cosine(c.at("dino_gen_cls"), c.at("dino_real_cls")), c.at("dino").item<double>(), kTol);
    const auto idx = as_vector(c.at("gen_prompt_index"));
    const double clip_t = mean_paired_cosine(gen, c.at("clip_text_embeds"), idx);
    EXPECT_NEAR(clip_t, c.at("clip_t").item<double>(), kTol);
    // The all-pairs mean is the classic mistake; it must not be what we compute.
    EXPECT_GT(std::abs(clip_t - c.at("clip_t_all_pairs_mean_NOT_the_metric").item<double>()), 1e-4);
  }
}

TEST(EvalMetricsParity, EndToEndMetricsFromStoredEmbeddings) {
  OLIS_REQUIRE_FIXTURES(dirs, "metrics_case", "case.safetensors");
  for (const auto& dir : dirs) {
    auto c = olis::test::load_case(dir / "case.safetensors");
    if (!c.count("e2e_clip_i")) continue;
    std::vector<int64_t> idx(c.at("e2e_clip_gen_image_embeds").size(0));
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int64_t>(i);
    EXPECT_NEAR(mean_pairwise_cosine(c.at("e2e_clip_gen_image_embeds"), c.at("e2e_clip_real_image_embeds")),
                c.at("e2e_clip_i").item<double>(), 1e-6);
    EXPECT_NEAR(mean_paired_cosine(c.at("e2e_clip_gen_image_embeds"), c.at("e2e_text_embeds"), idx),
                c.at("e2e_clip_t").item<double>(), 1e-6);
    EXPECT_NEAR(mean_pairwise_cosine(c.at("e2e_dino_gen_cls"), c.at("e2e_dino_real_cls")), c.at("e2e_dino").item<double>(),
                1e-6);
  }
}

}  // namespace
}  // namespace olis::eval

namespace olis::eval {
namespace {

// metrics_case e2e: the already-normalised pixels through the sibling tiny towers give the stored
// embeddings and metrics (README: 1e-5).
TEST(EvalMetricsParity, EndToEndThroughTinyTowers) {
  OLIS_REQUIRE_FIXTURES(dirs, "metrics_case", "case.safetensors");
  for (const auto& dir : dirs) {
    auto c = olis::test::load_case(dir / "case.safetensors");
    const auto clip_dir = dir.parent_path() / "clip_vision_tiny";
    const auto dino_file = dir.parent_path() / "dino_vits_tiny" / "model_dino.safetensors";
    if (!c.count("e2e_clip_gen_pixel_values") || !std::filesystem::exists(clip_dir) || !std::filesystem::exists(dino_file))
      continue;
    auto clip = load_clip_vision_model(clip_dir);
    auto dino = load_dino_vit(dino_file);
    compat::InferenceGuard guard;
    auto gen = clip->embed(c.at("e2e_clip_gen_pixel_values"));
    auto real = clip->embed(c.at("e2e_clip_real_pixel_values"));
    EXPECT_TRUE(olis::test::tensors_close(gen, c.at("e2e_clip_gen_image_embeds"), 1e-4, 1e-4, "e2e_clip_gen_image_embeds"));
    auto dgen = dino->embed(c.at("e2e_dino_gen_pixel_values"));
    auto dreal = dino->embed(c.at("e2e_dino_real_pixel_values"));
    EXPECT_TRUE(olis::test::tensors_close(dgen, c.at("e2e_dino_gen_cls"), 1e-4, 1e-4, "e2e_dino_gen_cls"));
    std::vector<int64_t> idx(gen.size(0));
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int64_t>(i);
    EXPECT_NEAR(mean_pairwise_cosine(gen, real), c.at("e2e_clip_i").item<double>(), 1e-5);
    EXPECT_NEAR(mean_pairwise_cosine(dgen, dreal), c.at("e2e_dino").item<double>(), 1e-5);
    EXPECT_NEAR(mean_paired_cosine(gen, c.at("e2e_text_embeds"), idx), c.at("e2e_clip_t").item<double>(), 1e-5);
    // CLIP-T through the text tower from the token ids.
    const auto text_dir = dir.parent_path() / "clip_text_tiny";
    if (!c.count("e2e_input_ids") || !std::filesystem::exists(text_dir / "model.safetensors")) continue;
    auto tower = load_clip_text_tower(text_dir);
    auto text = tower->forward(c.at("e2e_input_ids")).text_embeds;
    EXPECT_TRUE(olis::test::tensors_close(text, c.at("e2e_text_embeds"), 1e-4, 1e-4, "e2e_text_embeds"));
    EXPECT_NEAR(mean_paired_cosine(gen, text, idx), c.at("e2e_clip_t").item<double>(), 1e-5);
  }
}

}  // namespace
}  // namespace olis::eval
