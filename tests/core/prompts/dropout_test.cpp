#include <gtest/gtest.h>

#include <cmath>

#include "core/prompts/prompt_set.h"

namespace {

using namespace olis::prompts;

PromptSlots sample_slots() {
  PromptSlots s;
  s.kind = SubjectKind::Living;
  s.style = "a photo of";
  s.adjectives = {"chubby", "fluffy", "sleepy"};
  s.class_name = "dog";
  s.scene_type = SceneType::Motion;
  s.scene = "a $concept napping on a sunny windowsill";
  return s;
}

// Each adjective is dropped independently with probability p: over 10,000 renders every slot's drop rate
// and every pair's joint drop rate lie within 5 standard deviations of p and p^2.
TEST(Dropout, FrequenciesWithinStatisticalBounds) {
  const auto slots = sample_slots();
  for (double p : {0.5, 0.2, 0.8}) {
    PromptRng rng(42);
    const int n = 10000;
    int dropped[3] = {0, 0, 0}, pair01 = 0, pair12 = 0, all = 0;
    for (int i = 0; i < n; ++i) {
      const auto text = render_with_dropout(slots, p, rng);
      const bool d0 = text.find("chubby") == std::string::npos;
      const bool d1 = text.find("fluffy") == std::string::npos;
      const bool d2 = text.find("sleepy") == std::string::npos;
      dropped[0] += d0;
      dropped[1] += d1;
      dropped[2] += d2;
      pair01 += d0 && d1;
      pair12 += d1 && d2;
      all += d0 && d1 && d2;
      ASSERT_NE(text.find("a photo of a"), std::string::npos) << text;
      ASSERT_NE(text.find("dog napping on a sunny windowsill"), std::string::npos) << text;
    }
    auto within = [n](int count, double q) {
      const double sd = std::sqrt(q * (1 - q) / n);
      return std::abs(count / static_cast<double>(n) - q) < 5 * sd;
    };
    for (int k = 0; k < 3; ++k) EXPECT_TRUE(within(dropped[k], p)) << "slot " << k << " p=" << p << ": " << dropped[k];
    EXPECT_TRUE(within(pair01, p * p)) << pair01;
    EXPECT_TRUE(within(pair12, p * p)) << pair12;
    EXPECT_TRUE(within(all, p * p * p)) << all;
  }
}

TEST(Dropout, ZeroKeepsAllAndOneDropsAll) {
  const auto slots = sample_slots();
  PromptRng rng(1);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(render_with_dropout(slots, 0.0, rng), "a photo of a chubby fluffy sleepy dog napping on a sunny windowsill");
    EXPECT_EQ(render_with_dropout(slots, 1.0, rng), "a photo of a dog napping on a sunny windowsill");
  }
}

TEST(Dropout, DroppedSentencesStillRead) {
  PromptSlots s;
  s.style = "a watercolor painting of";
  s.adjectives = {"oval", "orange", "woven"};
  s.class_name = "basket";
  s.scene_type = SceneType::Background;
  s.scene = "on an old bench";
  EXPECT_EQ(render_prompt(s), "a watercolor painting of an oval orange woven basket on an old bench");
  EXPECT_EQ(render_prompt(s, {false, true, true}), "a watercolor painting of an orange woven basket on an old bench");
  EXPECT_EQ(render_prompt(s, {false, false, true}), "a watercolor painting of a woven basket on an old bench");
  s.style.clear();
  EXPECT_EQ(render_prompt(s, {false, false, false}), "a basket on an old bench");
  s.class_name = "sunglasses";  // plural class: no article
  EXPECT_EQ(render_prompt(s, {false, true, false}), "orange sunglasses on an old bench");
  s.scene_type = SceneType::None;
  EXPECT_EQ(render_prompt(s, {true, false, false}), "oval sunglasses");
}

}  // namespace
