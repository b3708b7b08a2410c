// CLIP vision tower parity against openai/CLIP (clip_vision_tiny*/case.safetensors), every stage.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/eval/clip_vision_model.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace olis::eval {
namespace {

constexpr double kAtol = 1e-4, kRtol = 1e-4;  // fixture README, float32 port

TEST(EvalClipVisionParity, EveryStageMatchesReference) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_vision", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto model = load_clip_vision_model(dir);
    auto c = olis::test::load_case(dir / "case.safetensors");
    compat::InferenceGuard guard;
    auto out = model->forward(c.at("pixel_values"), /*keep_hidden_states=*/true);
    const auto name = dir.filename().string() + "/";
    EXPECT_TRUE(olis::test::tensors_close(out.embeddings, c.at("embeddings_before_pre_layrnorm"), kAtol, kRtol,
                                          name + "embeddings_before_pre_layrnorm"));
    auto hs = c.at("hidden_states");
    ASSERT_EQ(static_cast<int64_t>(out.hidden_states.size()), hs.size(0));
    for (int64_t i = 0; i < hs.size(0); ++i)
      EXPECT_TRUE(olis::test::tensors_close(out.hidden_states[i], hs[i], kAtol, kRtol,
                                            name + "hidden_states[" + std::to_string(i) + "]"));
    EXPECT_TRUE(olis::test::tensors_close(out.last_hidden_state, c.at("last_hidden_state"), kAtol, kRtol,
                                          name + "last_hidden_state"));
    EXPECT_TRUE(olis::test::tensors_close(out.pooler_output, c.at("pooler_output"), kAtol, kRtol, name + "pooler_output"));
    EXPECT_TRUE(olis::test::tensors_close(out.image_embeds, c.at("image_embeds"), kAtol, kRtol, name + "image_embeds"));
    EXPECT_TRUE(olis::test::tensors_close(out.image_embeds, c.at("image_embeds_f64"), kAtol, kRtol, name + "image_embeds_f64"));
  }
}

TEST(EvalClipVisionParity, SingleFileWithoutFolderLoadsTheSameModel) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_vision", "case.safetensors");
  for (const auto& dir : dirs) {
    auto model = load_clip_vision_model(dir / "model.safetensors");
    EXPECT_EQ(model->config().projection_dim, load_clip_vision_model(dir)->config().projection_dim);
  }
}

}  // namespace
}  // namespace olis::eval
