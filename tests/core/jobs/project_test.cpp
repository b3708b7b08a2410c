#include "core/jobs/project.h"

#include <fstream>

#include <gtest/gtest.h>

#include "core/util/atomic_file.h"

namespace {

using namespace olis::jobs;
namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("olis_project_test_" + name + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Project, RoundTripKeepsEveryField) {
  Project p;
  p.subject.identifier = "sks";
  p.subject.class_noun = "dog";
  p.subject.specific_class = "corgi";
  p.subject.kind = SubjectKindSetting::Living;
  p.caption_template = "a photo of <new> {class}: \"quoted\"";
  p.photos.push_back({"photos/01.jpg", "a photo of <new> dog on grass", "abc123"});
  p.photos.push_back({"photos/02 é.jpg", "", "def"});
  p.preview.count = 77;
  p.preview.seed = 18446744073709551000ull;
  p.preview.show_dropout = true;
  p.generate.prompt = "a <new> dog: on the moon";
  p.generate.steps = 12;
  p.generate.guidance = 5.5;
  p.generate.seed = 42;
  const fs::path dir = temp_dir("rt");
  ASSERT_TRUE(save_project(p, dir / kProjectFileName));
  auto back = load_project(dir);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->subject.identifier, "sks");
  EXPECT_EQ(back->subject.specific_class, "corgi");
  EXPECT_EQ(back->subject.kind, SubjectKindSetting::Living);
  EXPECT_EQ(back->caption_template, p.caption_template);
  ASSERT_EQ(back->photos.size(), 2u);
  EXPECT_EQ(back->photos[1].file, "photos/02 é.jpg");
  EXPECT_EQ(back->photos[0].caption, p.photos[0].caption);
  EXPECT_EQ(back->preview.count, 77);
  EXPECT_EQ(back->preview.seed, p.preview.seed);
  EXPECT_TRUE(back->preview.show_dropout);
  EXPECT_EQ(back->generate.prompt, p.generate.prompt);
  EXPECT_EQ(back->generate.steps, 12);
  EXPECT_DOUBLE_EQ(back->generate.guidance, 5.5);
  fs::remove_all(dir);
}

TEST(Project, DamagedFileNamesFileAndLineAndIsLeftAlone) {
  const fs::path dir = temp_dir("bad");
  const fs::path file = dir / kProjectFileName;
  const std::string text = "schema: olis-project/1\nsubject:\n  identifier: olis\n  kind: [unclosed\nphotos: []\n";
  olis::write_file_atomic(file, text);
  auto r = load_project(file);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find(file.string()), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("line "), std::string::npos) << r.error().message();
  EXPECT_EQ(*olis::read_text_file(file), text);
  fs::remove_all(dir);
}

TEST(Project, WrongTypesAndKindsAreExplained) {
  auto r = project_from_yaml("schema: olis-project/1\npreview:\n  count: many\n", "p.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "p.yaml line 3: 'count' is 'many', but it must be a whole number.");
  auto k = project_from_yaml("schema: olis-project/1\nsubject:\n  kind: robot\n", "p.yaml");
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message().find("unknown subject kind 'robot'"), std::string::npos);
  auto s = project_from_yaml("hello: world\n", "p.yaml");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("unknown schema"), std::string::npos);
}

TEST(Project, UnknownAndDuplicateKeysAreRefused) {
  auto typo = project_from_yaml("schema: olis-project/1\nsubject:\n  class_nuon: dog\n", "p.yaml");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().message(), "p.yaml line 3: unknown key 'subject.class_nuon'. Did you mean 'subject.class_noun'?");
  auto twice = project_from_yaml("schema: olis-project/1\nsubject:\n  class_noun: dog\n  class_noun: cat\n", "p.yaml");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message(), "p.yaml line 4: 'subject.class_noun' is set twice (first on line 3); keep one of them.");
  auto top = project_from_yaml("schema: olis-project/1\nphotoz: []\n", "p.yaml");
  ASSERT_FALSE(top);
  EXPECT_NE(top.error().message().find("Did you mean 'photos'?"), std::string::npos) << top.error().message();
}

// Every key the writer emits is one the reader knows (a key added to project_to_yaml must be added to the
// reader's lists too).
TEST(Project, EveryWrittenKeyIsKnown) {
  Project p;
  p.subject.class_noun = "dog";
  p.photos.push_back({"a.jpg", "a <new> dog on grass", "00"});
  auto back = project_from_yaml(project_to_yaml(p), "p.yaml");
  ASSERT_TRUE(back) << back.error().message();
}

TEST(Project, JobsNeedTheSubjectFields) {
  Project p;
  auto none = check_project_subject(p, "/p/project.olis.yaml");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("/p/project.olis.yaml: the subject has no class_noun"), std::string::npos)
      << none.error().message();
  p.subject.specific_class = "corgi";  // a specific class alone would cache the set under an empty class
  EXPECT_FALSE(check_project_subject(p, "p"));
  p.subject.class_noun = "dog";
  EXPECT_TRUE(check_project_subject(p, "p"));
  p.subject.identifier = "two words";
  auto id = check_project_subject(p, "p");
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().message().find("must be one word"), std::string::npos) << id.error().message();
  EXPECT_EQ(Project{}.caption_template, "a <new> {class} {background}");
}

}  // namespace
