#include "core/prompts/validation_prompts.h"

#include <set>

#include <gtest/gtest.h>

using namespace olis::prompts;

namespace {
Subject subject(SubjectKind kind, const std::string& cls) {
  Subject s;
  s.class_noun = cls;
  s.kind = kind;
  return s;
}
}  // namespace

TEST(ValidationPrompts, CoverTheFourDreamBenchTypes) {
  const auto dog = validation_prompts(subject(SubjectKind::Living, "dog"), 4);
  ASSERT_EQ(dog.size(), 4u);
  EXPECT_EQ(dog[0].prompt, "a olis dog in the jungle");
  EXPECT_EQ(dog[0].type, ValidationPromptType::Background);
  EXPECT_EQ(dog[1].prompt, "a olis dog wearing a red hat");
  EXPECT_EQ(dog[1].type, ValidationPromptType::Accessory);
  EXPECT_EQ(dog[2].prompt, "a red olis dog");
  EXPECT_EQ(dog[2].type, ValidationPromptType::Property);
  EXPECT_EQ(dog[3].type, ValidationPromptType::Style);
  EXPECT_EQ(dog[3].prompt, "a painting of a olis dog in the style of Vincent van Gogh");
  // Objects get accessories they can carry; the specific class is used.
  auto toy = subject(SubjectKind::Object, "toy");
  toy.specific_class = "duck toy";
  const auto t = validation_prompts(toy, 8);
  EXPECT_EQ(t[1].prompt, "a olis duck toy with a red ribbon tied around it");
  EXPECT_EQ(t[4].prompt, "a olis duck toy in the snow");
  std::set<std::string> distinct;
  for (const auto& p : validation_prompts(toy, 20)) distinct.insert(p.prompt);
  EXPECT_EQ(distinct.size(), 20u);
  EXPECT_TRUE(validation_prompts(toy, 0).empty());
}

TEST(ValidationPrompts, RephrasedVariantsFollowTheirPrompt) {
  const auto p = validation_prompts(subject(SubjectKind::Living, "dog"), 2, true);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_FALSE(p[0].rephrased);
  EXPECT_TRUE(p[1].rephrased);
  EXPECT_EQ(p[1].prompt, "deep in the jungle there is a olis dog");
  EXPECT_EQ(p[1].type, ValidationPromptType::Background);
  EXPECT_EQ(p[3].prompt, "a red hat on the head of a olis dog");
}

TEST(ValidationPrompts, FromAFile) {
  auto s = subject(SubjectKind::Object, "backpack");
  s.identifier = "zwx";
  const auto p = validation_prompts_from_text("# mine\n\na <new> {class} on the moon\n  <new> {class}, watercolor  \n", s);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].prompt, "a zwx backpack on the moon");
  EXPECT_EQ(p[1].prompt, "zwx backpack, watercolor");
  EXPECT_EQ(p[1].type, ValidationPromptType::Custom);
}
