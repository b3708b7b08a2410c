// Parity of the CLIP tokenizer with openai/CLIP + ftfy on every prompt of each clip_tokenizer* fixture:
// cleaned text, pre-tokenizer pieces, BPE tokens, raw ids, and the 77-id encodings under both paddings.
#include <gtest/gtest.h>

#include "core/text/clip_pretokenizer.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/text_cleaning.h"
#include "core/util/json_util.h"
#include "tests/support/fixtures.h"

namespace {

using olis::text::ClipTokenizer;

template <class T>
std::string join(const std::vector<T>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + fmt::format("{}", x);
  return s;
}

TEST(ClipTokenizerParity, EveryFixturePromptGivesTheReferenceIds) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "prompts.json");
  for (const auto& dir : dirs) {
    SCOPED_TRACE(dir.string());
    auto sd15 = olis::value_or_throw(ClipTokenizer::load_folder(dir));
    ASSERT_EQ(sd15.pad_id(), 49407) << "tokenizer_config.json of " << dir << " pads with <|endoftext|>";
    auto pad0 = olis::value_or_throw(sd15.with_settings(olis::text::TokenizerSettings::pad_with_zero()));
    ASSERT_EQ(pad0.pad_id(), 0);
    const auto prompts = olis::value_or_throw(olis::load_json_file(dir / "prompts.json"));
    ASSERT_TRUE(prompts.is_array());
    ASSERT_FALSE(prompts.empty());
    int failures = 0;
    for (std::size_t i = 0; i < prompts.size() && failures < 10; ++i) {
      const auto& p = prompts[i];
      const std::string text = p.at("text").get<std::string>();
      SCOPED_TRACE(fmt::format("prompt {}: '{}'", i, text.substr(0, 80)));
      const std::string cleaned = olis::text::clean_prompt_text(text);
      EXPECT_EQ(cleaned, p.at("cleaned").get<std::string>()) << (++failures, "cleaned text");

      std::vector<std::string_view> pieces;
      olis::text::clip_pretokenize(cleaned, pieces);
      std::vector<std::string> got_pieces(pieces.begin(), pieces.end());
      EXPECT_EQ(got_pieces, p.at("pieces").get<std::vector<std::string>>()) << (++failures, "pieces");

      EXPECT_EQ(sd15.token_strings(text), p.at("bpe_tokens").get<std::vector<std::string>>())
          << (++failures, "bpe tokens");
      const auto raw = sd15.tokenize(text);
      const auto want_raw = p.at("raw_ids").get<std::vector<int32_t>>();
      EXPECT_EQ(raw, want_raw) << (++failures, "raw ids: got ") << join(raw) << "\nwant " << join(want_raw);
      EXPECT_EQ(sd15.encode(text), p.at("ids_sd15").get<std::vector<int64_t>>()) << (++failures, "ids_sd15");
      EXPECT_EQ(pad0.encode(text), p.at("ids_pad0").get<std::vector<int64_t>>()) << (++failures, "ids_pad0");
      if (!testing::Test::HasFailure()) failures = 0;
    }
  }
}

TEST(ClipTokenizerParity, TokenizerFoldersSetThePaddingConvention) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "prompts.json");
  for (const auto& dir : dirs) {
    if (!std::filesystem::exists(dir / "tokenizer_2")) continue;
    auto t2 = olis::value_or_throw(ClipTokenizer::load_folder(dir / "tokenizer_2", dir));
    EXPECT_EQ(t2.pad_id(), 0) << dir / "tokenizer_2" << " pads with '!'";
    const auto prompts = olis::value_or_throw(olis::load_json_file(dir / "prompts.json"));
    for (const auto& p : prompts)
      ASSERT_EQ(t2.encode(p.at("text").get<std::string>()), p.at("ids_pad0").get<std::vector<int64_t>>())
          << p.at("text").get<std::string>();
  }
}

}  // namespace
