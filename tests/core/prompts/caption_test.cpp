#include "core/prompts/caption.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/fixtures.h"

namespace {

using namespace olis::prompts;

Subject backpack() {
  Subject s;
  s.class_noun = "backpack";
  return s;
}

const CaptionIssue* find(const CaptionCheck& c, CaptionProblem p) {
  for (const auto& i : c.issues)
    if (i.problem == p) return &i;
  return nullptr;
}

std::string highlighted(const std::string& caption, const CaptionIssue& i) { return caption.substr(i.begin, i.end - i.begin); }

TEST(Captions, GoodCaptionHasNoIssuesAndABackground) {
  auto c = check_caption("a <new> backpack on a rock.", backpack());
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(c.issues.empty());
  EXPECT_EQ(c.background, "on a rock");
  EXPECT_GT(c.token_count, 6);
  EXPECT_FALSE(c.token_count_exact);
}

TEST(Captions, EmptyCaptionGetsTheDefault) {
  Subject s;
  s.class_noun = "stuffed animal";
  s.specific_class = "bear plushie";
  auto c = check_caption("   ", s);
  EXPECT_TRUE(c.ok());  // a warning, not an error
  const auto* i = find(c, CaptionProblem::Empty);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::Warning);
  EXPECT_EQ(c.effective_caption, "a <new> bear plushie");
  EXPECT_NE(i->fix_hint.find("a <new> bear plushie"), std::string::npos);
  EXPECT_EQ(default_caption(s), "a <new> bear plushie");
}

TEST(Captions, MissingPlaceholder) {
  const std::string cap = "a red backpack on a rock";
  auto c = check_caption(cap, backpack());
  EXPECT_FALSE(c.ok());
  const auto* i = find(c, CaptionProblem::MissingPlaceholder);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->begin, cap.find("backpack"));  // where <new> should go
  EXPECT_EQ(i->end, i->begin);
  EXPECT_NE(i->fix_hint.find("\"a red <new> backpack on a rock\""), std::string::npos) << i->fix_hint;
}

TEST(Captions, RepeatedPlaceholder) {
  const std::string cap = "a <new> backpack next to a <new> tent";
  auto c = check_caption(cap, backpack());
  const auto* i = find(c, CaptionProblem::RepeatedPlaceholder);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->begin, cap.rfind("<new>"));
  EXPECT_EQ(highlighted(cap, *i), "<new>");
  EXPECT_NE(i->message.find("2 times"), std::string::npos);
  EXPECT_FALSE(c.ok());
}

TEST(Captions, PlaceholderNotBeforeClass) {
  const std::string cap = "a <new> red backpack on a rock";
  auto c = check_caption(cap, backpack());
  const auto* i = find(c, CaptionProblem::PlaceholderNotBeforeClass);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(highlighted(cap, *i), "<new>");
  EXPECT_NE(i->message.find("followed by 'red'"), std::string::npos) << i->message;
  EXPECT_NE(i->fix_hint.find("\"a red <new> backpack on a rock\""), std::string::npos) << i->fix_hint;
  EXPECT_FALSE(c.ok());
  // The class before <new> is as wrong; the fix moves <new> in front of it.
  auto c2 = check_caption("backpack <new> on a rock", backpack());
  const auto* i2 = find(c2, CaptionProblem::PlaceholderNotBeforeClass);
  ASSERT_NE(i2, nullptr);
  EXPECT_NE(i2->fix_hint.find("\"<new> backpack on a rock\""), std::string::npos) << i2->fix_hint;
}

TEST(Captions, MissingClass) {
  const std::string cap = "a <new> bag on a rock";
  auto c = check_caption(cap, backpack());
  const auto* i = find(c, CaptionProblem::MissingClass);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(highlighted(cap, *i), "<new>");
  EXPECT_NE(i->fix_hint.find("\"a <new> backpack bag on a rock\""), std::string::npos) << i->fix_hint;
  EXPECT_EQ(find(c, CaptionProblem::PlaceholderNotBeforeClass), nullptr);
  EXPECT_FALSE(c.ok());
}

TEST(Captions, ClassMatchesSpecificOrNounCaseInsensitively) {
  Subject s;
  s.class_noun = "toy";
  s.specific_class = "robot toy";
  EXPECT_TRUE(check_caption("a <new> Robot Toy on a shelf", s).ok());
  EXPECT_TRUE(check_caption("a <new> toy on a shelf", s).ok());
  EXPECT_EQ(extract_background("a <new> robot toy, on a shelf!", s), "on a shelf");
}

TEST(Captions, TooManyTokensMarksWhereCLIPCutsOff) {
  std::string cap = "a <new> backpack";
  for (int i = 0; i < 40; ++i) cap += " and rock";
  auto c = check_caption(cap, backpack());
  const auto* i = find(c, CaptionProblem::TooManyTokens);
  ASSERT_NE(i, nullptr);
  EXPECT_GT(c.token_count, 77);
  EXPECT_EQ(i->end, cap.size());
  // Everything before the cut fits; the cut word does not.
  EXPECT_LE(approximate_clip_tokens(render_caption(cap.substr(0, i->begin), "olis")) + 2, 77);
  EXPECT_GT(approximate_clip_tokens(render_caption(cap.substr(0, i->begin + 4), "olis")) + 2, 77);
  EXPECT_NE(i->message.find("about"), std::string::npos);
  EXPECT_TRUE(check_caption("a <new> backpack on a rock", backpack()).ok());
}

TEST(Captions, ExactTokenCounterPlugsIn) {
  CaptionOptions o;
  o.token_counter = [](const std::string& text) { return static_cast<int>(text.size()); };  // 1 token per byte
  auto c = check_caption("a <new> backpack on a rock", backpack(), o);
  EXPECT_TRUE(c.token_count_exact);
  EXPECT_EQ(c.token_count, static_cast<int>(std::string("a olis backpack on a rock").size()) + 2);
  o.max_tokens = 20;
  c = check_caption("a <new> backpack on a rock", backpack(), o);
  const auto* i = find(c, CaptionProblem::TooManyTokens);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->message.find("about"), std::string::npos);
}

TEST(Captions, ApproximateTokenRule) {
  EXPECT_EQ(approximate_clip_tokens("a photo of a dog"), 5);
  EXPECT_EQ(approximate_clip_tokens("A PHOTO"), 2);
  EXPECT_EQ(approximate_clip_tokens("photograph"), 2);  // 10 letters
  EXPECT_EQ(approximate_clip_tokens("2024"), 4);          // digits one by one
  EXPECT_EQ(approximate_clip_tokens("dog's toy, red!"), 6);
  EXPECT_EQ(approximate_clip_tokens(""), 0);
}

TEST(Captions, RangesReferToTheCaptionAsGiven) {
  const std::string cap = "   a <new> <new> backpack";
  auto c = check_caption(cap, backpack());
  const auto* i = find(c, CaptionProblem::RepeatedPlaceholder);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->begin, 11u);
  EXPECT_EQ(highlighted(cap, *i), "<new>");
}

TEST(Captions, NoClassYetChecksOnlyThePlaceholder) {
  Subject s;  // the user has not typed a class yet
  auto c = check_caption("a <new> on a rock", s);
  EXPECT_TRUE(c.ok());
  EXPECT_FALSE(c.has(CaptionProblem::MissingClass));
  EXPECT_TRUE(check_caption("a thing on a rock", s).has(CaptionProblem::MissingPlaceholder));
}

TEST(Captions, RenderReplacesThePlaceholder) {
  EXPECT_EQ(render_caption("a <new> backpack on a rock", "sks"), "a sks backpack on a rock");
}

TEST(Captions, SidecarRoundTrip) {
  auto dir = olis::test::temp_dir("sidecar_rt");
  for (const char* f : {"b.jpg", "a.PNG", "c.webp", "notes.md"}) std::ofstream(dir / f) << "x";
  std::vector<CaptionedPhoto> photos = {{dir / "a.PNG", "a <new> backpack on a rock", false},
                                        {dir / "b.jpg", "a <new> backpack in the snow", false},
                                        {dir / "c.webp", "", false}};
  ASSERT_TRUE(write_sidecar_captions(photos, "sks"));
  std::ifstream t(dir / "a.txt");
  std::string line;
  std::getline(t, line);
  EXPECT_EQ(line, "a sks backpack on a rock");  // other trainers read the identifier itself
  EXPECT_FALSE(std::filesystem::exists(dir / "c.txt"));

  auto back = read_sidecar_captions(dir, "sks");
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[0].image.filename(), "a.PNG");
  EXPECT_EQ((*back)[0].caption, "a <new> backpack on a rock");
  EXPECT_TRUE((*back)[0].has_sidecar);
  EXPECT_EQ((*back)[1].caption, "a <new> backpack in the snow");
  EXPECT_FALSE((*back)[2].has_sidecar);
  EXPECT_EQ((*back)[2].caption, "");

  // A caption written by another trainer, with the identifier inside another word left alone.
  std::ofstream(dir / "b.txt") << "  a photo of sksx and a sks backpack\n";
  back = read_sidecar_captions(dir, "sks");
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[1].caption, "a photo of sksx and a <new> backpack");
  EXPECT_FALSE(read_sidecar_captions(dir / "missing"));
}

}  // namespace

TEST(CaptionTemplate, AppliedTemplatesKeepEachPhotosBackground) {
  olis::prompts::Subject s;
  s.class_noun = "backpack";
  using olis::prompts::apply_caption_template;
  const std::string t = olis::prompts::kDefaultCaptionTemplate;
  EXPECT_EQ(apply_caption_template(t, s, "a <new> backpack on a rock"), "a <new> backpack on a rock");
  EXPECT_EQ(apply_caption_template("a photo of <new> {class} {background}", s, "a <new> backpack in a kitchen"),
            "a photo of <new> backpack in a kitchen");
  // No background known: the placeholder stays for the user, and check_caption says so.
  const auto empty = apply_caption_template(t, s, "");
  EXPECT_EQ(empty, "a <new> backpack {background}");
  auto check = olis::prompts::check_caption(empty, s);
  EXPECT_FALSE(check.ok());
  EXPECT_TRUE(check.has(olis::prompts::CaptionProblem::UnfilledTemplate));
  // A template without the slot is the user's explicit choice.
  EXPECT_EQ(apply_caption_template("a <new> {class} on a shelf", s, "a <new> backpack on the beach"),
            "a <new> backpack on a shelf");
}
