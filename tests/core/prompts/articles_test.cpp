#include "core/prompts/articles.h"

#include <gtest/gtest.h>

#include <regex>

#include "core/prompts/prompt_set.h"
#include "core/prompts/text_util.h"

namespace {

using namespace olis::prompts;

TEST(Articles, VowelRuleAndExceptions) {
  for (const char* w : {"orange", "apple", "elegant", "ivory", "oval", "umbrella", "hour", "honest", "heir", "8-bit",
                        "HDR", "LED", "MRI", "X-ray", "L-shaped", "80s", "11-year-old", "18th-century", "unimpressed",
                        "SUV", "iPhone", "FBI", "\"old\"", "honorable", "hourglass"})
    EXPECT_TRUE(takes_an(w)) << w;
  for (const char* w : {"unicorn", "uniform", "unique", "one-eyed", "European", "U-shaped", "useful", "usual",
                        "ukulele", "backpack", "horse", "hotel", "yellow", "USB", "UFO", "3D", "1980s", "one",
                        "DSLR", "eulogy", "honey", "utility", "100-year-old", "NASA", "LEGO"})
    EXPECT_FALSE(takes_an(w)) << w;
}

TEST(Articles, FixArticlesRewritesEveryArticle) {
  EXPECT_EQ(fix_articles("a orange backpack"), "an orange backpack");
  EXPECT_EQ(fix_articles("an red backpack"), "a red backpack");
  EXPECT_EQ(fix_articles("A  elegant   vase on a old table"), "An elegant vase on an old table");
  EXPECT_EQ(fix_articles("an unicorn next to a hour glass"), "a unicorn next to an hour glass");
  EXPECT_EQ(fix_articles("a photo of a 8-bit robot"), "a photo of an 8-bit robot");
  EXPECT_EQ(fix_articles("a olis backpack", "olis"), "a olis backpack");
  EXPECT_EQ(fix_articles("a a"), "an a");
  EXPECT_EQ(fix_articles("sitting on a"), "sitting on a");
}

TEST(Articles, RenderedPromptsHaveCorrectArticlesWithAndWithoutDropout) {
  auto pools = load_pool_set();
  ASSERT_TRUE(pools) << pools.error().message();
  const std::regex doubled(R"(\b(a|an) (a|an|the)\b)", std::regex::icase);
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    PromptSetParams p;
    p.subject.class_noun = kind == SubjectKind::Object ? "umbrella" : kind == SubjectKind::Living ? "owl" : "actor";
    p.subject.kind = kind;
    p.captions = {"a <new> " + p.subject.class_noun + " on a rock"};
    PromptRng rng(3);
    for (const auto& it : sample_prompt_set(*pools, p)) {
      for (int r = 0; r < 3; ++r) {
        const auto text = r == 0 ? it.prompt : render_with_dropout(it.slots, 0.5, rng);
        EXPECT_FALSE(std::regex_search(text, doubled)) << text;
        EXPECT_EQ(text.find("  "), std::string::npos) << text;
        const auto words = olis::prompts::detail::split_words(text);
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
          if (words[i] == "a") {
            EXPECT_FALSE(takes_an(words[i + 1])) << text;
          } else if (words[i] == "an") {
            EXPECT_TRUE(takes_an(words[i + 1])) << text;
          }
        }
      }
    }
  }
  // The class itself gets the article when every adjective is dropped.
  PromptSlots s;
  s.class_name = "umbrella";
  s.adjectives = {"red", "tall", "woven"};
  s.style = "a photo of";
  s.scene_type = SceneType::Background;
  s.scene = "on a rock";
  EXPECT_EQ(render_prompt(s, {false, false, false}), "a photo of an umbrella on a rock");
  EXPECT_EQ(render_prompt(s, {true, false, false}), "a photo of a red umbrella on a rock");
  s.adjectives[1] = "orange";
  EXPECT_EQ(render_prompt(s, {false, true, false}), "a photo of an orange umbrella on a rock");
}

}  // namespace
