// Caption token counts with the real CLIP tokenizer (fixture clip_tokenizer: the vocabulary of
// openai/clip-vit-large-patch14), and how close the built-in approximation comes to it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "core/prompts/caption.h"
#include "core/prompts/clip_token_count.h"
#include "core/prompts/prompt_set.h"
#include "tests/support/fixtures.h"

namespace {

using namespace olis::prompts;

Subject backpack() {
  Subject s;
  s.class_noun = "backpack";
  return s;
}

TEST(CaptionTokens, ExactCounterMatchesTheTokenizerAndTheLimit) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  for (const auto& dir : dirs) {
    auto tok = olis::text::ClipTokenizer::load_folder(dir);
    ASSERT_TRUE(tok) << tok.error().message();
    CaptionOptions o;
    o.token_counter = clip_token_counter(*tok);
    auto c = check_caption("a <new> backpack on a rock", backpack(), o);
    EXPECT_TRUE(c.token_count_exact);
    EXPECT_EQ(c.token_count, static_cast<int>(tok->tokenize("a olis backpack on a rock").size()) + 2);
    EXPECT_TRUE(c.ok());
    // Grow the caption word by word: it is flagged exactly when CLIP would truncate it (> 75 text tokens).
    std::string cap = "a <new> backpack";
    for (int i = 0; i < 40; ++i) {
      cap += i % 2 ? " rock" : " and";
      const auto n = tok->tokenize(render_caption(cap, "olis")).size();
      const auto check = check_caption(cap, backpack(), o);
      EXPECT_EQ(check.has(CaptionProblem::TooManyTokens), n > 75) << cap;
      if (check.has(CaptionProblem::TooManyTokens)) {
        const auto* issue = &check.issues.back();
        EXPECT_LE(tok->tokenize(render_caption(cap.substr(0, issue->begin), "olis")).size(), 75u);
      }
    }
  }
}

// The approximation (used when no tokenizer is at hand) stays close on the prompts Olis writes.
TEST(CaptionTokens, ApproximationIsCloseOnPoolPrompts) {
  OLIS_REQUIRE_FIXTURES(dirs, "clip_tokenizer", "vocab.json");
  auto tok = olis::text::ClipTokenizer::load_folder(dirs.front());
  ASSERT_TRUE(tok) << tok.error().message();
  auto pools = load_pool_set();
  ASSERT_TRUE(pools) << pools.error().message();
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    PromptSetParams p;
    p.subject.class_noun = kind == SubjectKind::Object ? "backpack" : kind == SubjectKind::Living ? "dog" : "woman";
    p.subject.kind = kind;
    p.count = 500;
    double sum_rel = 0;
    int worst = 0;
    const auto items = sample_prompt_set(*pools, p);
    for (const auto& it : items) {
      const int exact = static_cast<int>(tok->tokenize(it.prompt).size());
      const int approx = approximate_clip_tokens(it.prompt);
      sum_rel += std::abs(approx - exact) / static_cast<double>(exact);
      worst = std::max(worst, std::abs(approx - exact));
    }
    const double mean_rel = sum_rel / items.size();
    std::cout << to_string(kind) << ": mean relative error " << mean_rel << ", worst " << worst << " tokens\n";
    EXPECT_LT(mean_rel, 0.15) << to_string(kind);
    EXPECT_LE(worst, 10) << to_string(kind);
  }
}

}  // namespace
