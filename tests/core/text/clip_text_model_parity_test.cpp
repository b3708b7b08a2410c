// CLIP text encoder vs the reference (openai/CLIP code path, HF key names) on every clip_text_* fixture:
// all hidden states, last hidden state, penultimate (with and without final LN), pooled, projection.
#include <gtest/gtest.h>

#include "core/text/clip_text_model.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

using olis::test::tensors_close;

// fixture READMEs: float32 vs float64 differ by <= 1.7e-6; a float32 port should be within ~10x.
constexpr double kAtol = 1e-5;
constexpr double kRtol = 1e-5;

TEST(ClipTextModelParity, OutputsMatchTheReference) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_text_", "case.safetensors");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto model = olis::value_or_throw(olis::text::load_clip_text_model_folder(dir));
    const auto c = olis::test::load_case(dir / "case.safetensors");
    const auto& ids = c.at("input_ids");
    torch::NoGradGuard no_grad;
    const auto out = model->forward(ids);

    if (c.count("hidden_states")) {
      const auto& want = c.at("hidden_states");  // [L+1, B, 77, D]
      ASSERT_EQ(static_cast<int64_t>(out.hidden_states.size()), want.size(0)) << "number of hidden states";
      EXPECT_TRUE(tensors_close(torch::stack(out.hidden_states), want, kAtol, kRtol, "hidden_states"));
    }
    EXPECT_TRUE(tensors_close(out.last_hidden_state, c.at("last_hidden_state"), kAtol, kRtol, "last_hidden_state"));
    EXPECT_TRUE(tensors_close(out.penultimate(), c.at("penultimate_hidden_state"), kAtol, kRtol, "penultimate"));
    if (c.count("penultimate_hidden_state_final_ln")) {
      EXPECT_TRUE(tensors_close(model->apply_final_layer_norm(out.penultimate()),
                                c.at("penultimate_hidden_state_final_ln"), kAtol, kRtol, "penultimate + final LN"));
    }
    EXPECT_TRUE(tensors_close(out.pooled, c.at("pooler_output"), kAtol, kRtol, "pooler_output"));
    if (c.count("text_embeds")) {
      ASSERT_TRUE(out.text_embeds.defined()) << "the fixture has text_embeds but the model has no projection";
      EXPECT_TRUE(tensors_close(out.text_embeds, c.at("text_embeds"), kAtol, kRtol, "text_embeds"));
    }
  }
}

}  // namespace
