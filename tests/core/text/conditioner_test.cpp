// Conditioner behaviour on tiny random towers: long prompts extend the context by whole chunks whose
// first chunk is the truncated encoding, guidance pairs get equal lengths, SDXL's force-zeros rule.
#include <gtest/gtest.h>

#include "core/text/conditioner.h"
#include "tests/support/fixtures.h"

namespace {

using olis::text::ClipTextConfig;
using olis::text::Conditioner;

ClipTextConfig tower(int64_t width, int64_t projection, olis::text::ClipActivation act) {
  ClipTextConfig c;
  c.hidden_size = width;
  c.intermediate_size = 2 * width;
  c.num_layers = 3;
  c.num_heads = 2;
  c.projection_dim = projection;
  c.activation = act;
  return c;
}

std::shared_ptr<olis::text::TextStack> tiny_sdxl(const std::filesystem::path& vocab) {
  auto tok = olis::value_or_throw(olis::text::ClipTokenizer::load(vocab / "vocab.json", vocab / "merges.txt"));
  auto tok2 = olis::value_or_throw(tok.with_settings(olis::text::TokenizerSettings::pad_with_zero()));
  torch::manual_seed(3);
  auto s = std::make_shared<olis::text::TextStack>();
  s->family = olis::io::ModelFamily::SDXL;
  s->force_zeros_for_empty_prompt = true;
  s->towers.push_back({"text_encoder", tok, olis::text::ClipTextModel(tower(8, 0, olis::text::ClipActivation::QuickGelu))});
  s->towers.push_back({"text_encoder_2", tok2, olis::text::ClipTextModel(tower(12, 6, olis::text::ClipActivation::Gelu))});
  return s;
}

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "dog ";
  return s;
}

TEST(Conditioner, LongPromptChunksStartWithTheTruncatedEncoding) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto stack = tiny_sdxl(dirs[0]);
  torch::NoGradGuard g;
  const auto truncated = Conditioner(stack).encode({words(100), "a cat"});
  EXPECT_EQ(truncated.context.sizes(), (std::vector<int64_t>{2, 77, 20}));
  EXPECT_EQ(truncated.pooled.sizes(), (std::vector<int64_t>{2, 6}));

  olis::text::ConditionerOptions opts;
  opts.long_prompts = true;
  const auto full = Conditioner(stack, opts).encode({words(100), "a cat"});
  EXPECT_EQ(full.context.sizes(), (std::vector<int64_t>{2, 2 * 77, 20})) << "100 tokens need 2 chunks";
  EXPECT_TRUE(torch::allclose(full.context.narrow(1, 0, 77), truncated.context, 1e-6, 1e-6));
  EXPECT_TRUE(torch::allclose(full.pooled, truncated.pooled, 1e-6, 1e-6)) << "pooled comes from the first chunk";
  EXPECT_FALSE(torch::allclose(full.context.narrow(1, 77, 77)[0], full.context.narrow(1, 77, 77)[1], 1e-3, 1e-3))
      << "the second chunk holds the rest of the long prompt, an empty chunk for the short one";

  opts.max_chunks = 1;
  EXPECT_EQ(Conditioner(stack, opts).encode({words(300)}).context.size(1), 77);
}

TEST(Conditioner, GuidancePairHasEqualLengthsAndZerosWhenTheModelAsks) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto stack = tiny_sdxl(dirs[0]);
  olis::text::ConditionerOptions opts;
  opts.long_prompts = true;
  Conditioner c(stack, opts);
  torch::NoGradGuard g;
  const auto with_negative = c.encode_guided({"a dog"}, {words(160)});
  EXPECT_EQ(with_negative.cond.context.sizes(), with_negative.uncond.context.sizes());
  EXPECT_EQ(with_negative.cond.context.size(1), 3 * 77) << "the long negative sets the length of both halves";
  EXPECT_GT(with_negative.uncond.context.abs().sum().item<double>(), 0.0);

  const auto no_negative = c.encode_guided({"a dog"}, {});
  EXPECT_EQ(no_negative.uncond.context.abs().sum().item<double>(), 0.0) << "force_zeros_for_empty_prompt";
  EXPECT_EQ(no_negative.uncond.pooled.abs().sum().item<double>(), 0.0);
  stack->force_zeros_for_empty_prompt = false;
  EXPECT_GT(c.encode_guided({"a dog"}, {}).uncond.context.abs().sum().item<double>(), 0.0) << "else: the empty prompt";

  EXPECT_THROW(c.encode_guided({"a", "b"}, {"c"}), olis::Error);
}

TEST(Conditioner, ClipSkipUsesAnEarlierLayer) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto stack = tiny_sdxl(dirs[0]);
  olis::text::ConditionerOptions skip;
  skip.clip_skip = 1;
  torch::NoGradGuard g;
  const auto ids = Conditioner(stack).tokenize({"a photo of olis"}, 1);
  const auto base = Conditioner(stack).encode_ids(ids);
  const auto skipped = Conditioner(stack, skip).encode_ids(ids);
  const auto out1 = olis::text::ClipTextModel(stack->towers[0].encoder)->forward(ids[0]);
  EXPECT_TRUE(torch::equal(base.context.narrow(2, 0, 8), out1.hidden_states[2])) << "SDXL: hidden_states[-2]";
  EXPECT_TRUE(torch::equal(skipped.context.narrow(2, 0, 8), out1.hidden_states[1])) << "clip skip 1: hidden_states[-3]";
}

}  // namespace
