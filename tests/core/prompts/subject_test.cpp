#include "core/prompts/subject.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/prompts/dreambench.h"

namespace {

using namespace olis::prompts;

TEST(Subject, SuggestsSpecificClassesForVagueOnes) {
  EXPECT_EQ(suggest_specific_classes("stuffed animal"),
            (std::vector<std::string>{"bear plushie", "sloth plushie", "wolf plushie"}));
  EXPECT_EQ(suggest_specific_classes("  Toy "),
            (std::vector<std::string>{"duck toy", "monster toy", "poop emoji toy", "racing car toy", "robot toy"}));
  EXPECT_EQ(suggest_specific_classes("can"), std::vector<std::string>{"drink can"});
  EXPECT_EQ(suggest_specific_classes("clock"), std::vector<std::string>{"alarm clock"});
  EXPECT_EQ(suggest_specific_classes("bowl"), std::vector<std::string>{"berry bowl"});
  EXPECT_EQ(suggest_specific_classes("cartoon"), std::vector<std::string>{"2d cartoon devil"});
  EXPECT_TRUE(suggest_specific_classes("backpack").empty());
}

TEST(Subject, SuggestsKindFromClass) {
  for (const char* c : {"dog", "cat", "Dogs", "golden retriever", "horse", "kitten", "parrot"})
    EXPECT_EQ(suggest_kind(c), SubjectKind::Living) << c;
  for (const char* c : {"person", "man", "woman", "boy", "girl", "young woman", "old man"})
    EXPECT_EQ(suggest_kind(c), SubjectKind::Person) << c;
  for (const char* c : {"backpack", "bear plushie", "teddy bear", "duck toy", "dog bowl", "robot toy", ""})
    EXPECT_EQ(suggest_kind(c), SubjectKind::Object) << c;
}

TEST(Subject, KindNames) {
  EXPECT_EQ(parse_subject_kind("Living"), SubjectKind::Living);
  EXPECT_EQ(parse_subject_kind("person"), SubjectKind::Person);
  EXPECT_FALSE(parse_subject_kind("plant"));
  EXPECT_STREQ(to_string(SubjectKind::Object), "object");
}

TEST(Subject, CheckSubjectExplainsProblems) {
  Subject s;
  s.class_noun = "backpack";
  EXPECT_TRUE(check_subject(s).empty());
  s.identifier = "";
  EXPECT_EQ(check_subject(s).size(), 1u);
  s.identifier = "two words";
  EXPECT_NE(check_subject(s).at(0).find("one word"), std::string::npos);
  s.identifier = "Backpack";
  EXPECT_NE(check_subject(s).at(0).find("also a word of the class"), std::string::npos);
  s.identifier = "olis";
  s.class_noun = "";
  EXPECT_NE(check_subject(s).at(0).find("class name is empty"), std::string::npos);
}

TEST(DreamBench, PromptsAreTheTwentyFiveOfEachGroup) {
  const auto& obj = dreambench_templates(DreamBenchGroup::Object);
  const auto& live = dreambench_templates(DreamBenchGroup::Live);
  ASSERT_EQ(obj.size(), 25u);
  ASSERT_EQ(live.size(), 25u);
  EXPECT_EQ(obj[12], "a {0} {1} with the Eiffel Tower in the background");
  EXPECT_EQ(live[13], "a {0} {1} wearing a black top hat and a monocle");
  EXPECT_EQ(obj[24], "a cube shaped {0} {1}");
  Subject s;
  s.class_noun = "backpack";
  auto p = dreambench_prompts(s);
  EXPECT_EQ(p[0], "a olis backpack in the jungle");
  s.class_noun = "dog";
  s.kind = SubjectKind::Living;
  s.identifier = "sks";
  EXPECT_EQ(dreambench_prompts(s)[10], "a sks dog wearing a red hat");
}

TEST(DreamBench, SubjectsAgreeWithTheSuggestions) {
  const auto& subjects = dreambench_subjects();
  ASSERT_EQ(subjects.size(), 30u);
  int living = 0;
  for (const auto& s : subjects) {
    EXPECT_EQ(suggest_kind(s.class_noun), s.kind) << s.name;
    living += s.kind == SubjectKind::Living;
    if (s.specific_class != s.class_noun) {
      const auto sug = suggest_specific_classes(s.class_noun);
      EXPECT_NE(std::find(sug.begin(), sug.end(), s.specific_class), sug.end()) << s.name;
    }
  }
  EXPECT_EQ(living, 9);
  ASSERT_NE(find_dreambench_subject("grey_sloth_plushie"), nullptr);
  EXPECT_EQ(find_dreambench_subject("grey_sloth_plushie")->specific_class, "sloth plushie");
  EXPECT_EQ(find_dreambench_subject("nope"), nullptr);
}

}  // namespace
