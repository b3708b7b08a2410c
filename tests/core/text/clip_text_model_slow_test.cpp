// Real-size check (label slow): CLIP-L text (12 layers, width 768, random weights) and the SDXL pair
// through the conditioner. Only shapes and finiteness are checked; timing lives in bench/.
#include <gtest/gtest.h>

#include "core/compat/torch_compat.h"
#include "core/text/conditioner.h"
#include "tests/support/fixtures.h"

namespace {

using olis::text::ClipTextConfig;

TEST(ClipTextRealSize, ClipL14ShapesFromTokenizedPrompts) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load(dirs[0] / "vocab.json", dirs[0] / "merges.txt"));
  torch::manual_seed(0);
  olis::text::ClipTextModel model(ClipTextConfig::clip_vit_l14());
  model->eval();
  EXPECT_NO_THROW(olis::text::check_tokenizer_fits(tok, model, "CLIP-L"));
  int64_t params = 0;
  for (const auto& p : model->parameters()) params += p.numel();
  EXPECT_EQ(params, 123060480) << "CLIP ViT-L/14 text tower parameter count";

  const std::vector<std::string> prompts = {"a photo of olis backpack on the beach", ""};
  auto ids = torch::empty({2, 77}, torch::kLong);
  for (int b = 0; b < 2; ++b) ids[b] = torch::tensor(tok.encode(prompts[b]), torch::kLong);
  olis::compat::InferenceGuard guard;
  const auto out = model->forward(ids);
  EXPECT_EQ(out.last_hidden_state.sizes(), (std::vector<int64_t>{2, 77, 768}));
  EXPECT_EQ(out.pooled.sizes(), (std::vector<int64_t>{2, 768}));
  EXPECT_EQ(out.hidden_states.size(), 13u);
  EXPECT_TRUE(torch::isfinite(out.last_hidden_state).all().item<bool>());
}

TEST(ClipTextRealSize, SdxlConditioningShapesWithLongPrompts) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load(dirs[0] / "vocab.json", dirs[0] / "merges.txt"));
  auto tok2 = olis::value_or_throw(tok.with_settings(olis::text::TokenizerSettings::pad_with_zero()));
  // Full bigG needs ~3 GB; 2-layer towers of the real widths check the wiring.
  auto big_g = ClipTextConfig::open_clip_vit_bigg14();
  big_g.num_layers = 2;
  torch::manual_seed(0);
  auto stack = std::make_shared<olis::text::TextStack>();
  stack->family = olis::io::ModelFamily::SDXL;
  auto clip_l = ClipTextConfig::clip_vit_l14();
  clip_l.num_layers = 2;
  stack->towers.push_back({"text_encoder", tok, olis::text::ClipTextModel(clip_l)});
  stack->towers.push_back({"text_encoder_2", tok2, olis::text::ClipTextModel(big_g)});
  olis::text::ConditionerOptions opts;
  opts.long_prompts = true;
  olis::text::Conditioner conditioner(stack, opts);
  std::string long_prompt;
  for (int i = 0; i < 40; ++i) long_prompt += "a red olis backpack, ";  // 200 tokens: 3 chunks
  olis::compat::InferenceGuard guard;
  const auto g = conditioner.encode_guided({long_prompt, "a dog"}, {"blurry", ""});
  EXPECT_EQ(g.cond.context.sizes(), (std::vector<int64_t>{2, 3 * 77, 768 + 1280}));
  EXPECT_EQ(g.uncond.context.sizes(), (std::vector<int64_t>{2, 3 * 77, 768 + 1280}));
  EXPECT_EQ(g.cond.pooled.sizes(), (std::vector<int64_t>{2, 1280}));
  EXPECT_TRUE(torch::isfinite(g.cond.context).all().item<bool>());
}

}  // namespace
