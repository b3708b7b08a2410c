// SD 1.x single-file checkpoints: the text encoder under cond_stage_model.transformer.* (HF names) must
// load through the single-file conversion and condition exactly like the reference. The fixtures hold
// no SD 1.x single file with a text encoder, so one is assembled from ldm_single_file_tiny (UNet + VAE
// in LDM names) and each quick_gelu clip_text_* tower.
#include <gtest/gtest.h>

#include "core/text/conditioner.h"
#include "core/util/json_util.h"
#include "tests/support/fixtures.h"
#include "tests/support/tensor_compare.h"

namespace {

namespace fs = std::filesystem;
using olis::test::tensors_close;

TEST(TextStackParity, Sd1SingleFileTextEncoderConditionsLikeTheReference) {
  OLIS_REQUIRE_FIXTURES(sd1_dirs, "ldm_single_file_tiny", "model.safetensors");
  OLIS_REQUIRE_FIXTURES(text_dirs, "clip_text_", "case.safetensors");
  const auto vocab = olis::test::fixtures_root() / "clip_tokenizer";
  int checked = 0;
  for (const auto& dir : text_dirs) {
    const auto config_json = olis::value_or_throw(olis::load_json_file(dir / "config.json"));
    if (config_json.value("hidden_act", "") != "quick_gelu") continue;  // SD 1.x towers are CLIP-L style
    SCOPED_TRACE(dir.string());
    auto checkpoint = olis::value_or_throw(olis::io::load_safetensors(sd1_dirs[0] / "model.safetensors"));
    for (const auto& [k, t] : olis::value_or_throw(olis::io::load_safetensors(dir / "model.safetensors")))
      if (k != "text_projection.weight") checkpoint.emplace("cond_stage_model.transformer." + k, t);
    const auto file = olis::test::temp_dir("sd1_single_" + dir.filename().string()) / "model.safetensors";
    fs::create_directories(file.parent_path());
    olis::io::save_safetensors(file, checkpoint);

    olis::text::TextStackOptions opts;
    opts.vocab_dir = vocab;  // no tokenizer/ folder beside the file: SD 1.x padding (end token) is assumed
    opts.configs["text_encoder"] = olis::text::clip_text_config_from_json(config_json, false, "config.json");
    auto stack = olis::text::load_text_stack(file, opts);
    ASSERT_TRUE(stack) << stack.error().what();
    ASSERT_EQ(stack->family, olis::io::ModelFamily::SD1);
    ASSERT_EQ(stack->towers.size(), 1u);
    EXPECT_EQ(stack->towers[0].tokenizer.pad_id(), 49407);

    const auto c = olis::test::load_case(dir / "case.safetensors");
    auto shared = std::make_shared<olis::text::TextStack>(std::move(*stack));
    torch::NoGradGuard no_grad;
    const auto cond = olis::text::Conditioner(shared).encode_ids({c.at("input_ids")});
    EXPECT_TRUE(tensors_close(cond.context, c.at("last_hidden_state"), 1e-5, 1e-5, "SD 1.x context"));
    EXPECT_FALSE(cond.pooled.defined());
    olis::text::ConditionerOptions skip;
    skip.clip_skip = 1;  // A1111 "CLIP skip 2" = diffusers clip_skip=1
    const auto skipped = olis::text::Conditioner(shared, skip).encode_ids({c.at("input_ids")});
    EXPECT_TRUE(tensors_close(skipped.context, c.at("penultimate_hidden_state_final_ln"), 1e-5, 1e-5, "clip skip"));
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no quick_gelu clip_text_* fixture";
}

}  // namespace
