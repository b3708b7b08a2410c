// Generated-set discovery: manifest, prompts files, and the errors a user gets.
#include <gtest/gtest.h>

#include "core/eval/image_folder.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace olis::eval {
namespace {

namespace fs = std::filesystem;

fs::path folder_with(const std::string& name, const std::vector<std::string>& files) {
  auto dir = olis::test::temp_dir(name);
  for (const auto& f : files) olis::write_file_atomic(dir / f, "x");
  return dir;
}

TEST(EvalImageFolder, ListsOnlyImagesSorted) {
  auto dir = folder_with("list", {"b.PNG", "a.jpg", "notes.txt", "c.webp"});
  auto images = list_images(dir);
  ASSERT_TRUE(images);
  ASSERT_EQ(images->size(), 3u);
  EXPECT_EQ((*images)[0].filename(), "a.jpg");
  EXPECT_EQ((*images)[1].filename(), "b.PNG");
  EXPECT_FALSE(list_images(dir / "missing"));
}

TEST(EvalImageFolder, PromptLinesBelongToNumberedImages) {
  auto dir = folder_with("lines", {"00_0.png", "00_1.png", "01_0.png"});
  olis::write_file_atomic(dir / "prompts.txt", "a sks dog\r\na sks dog on the beach\n");
  auto set = load_generated_set(dir, dir / "prompts.txt");
  ASSERT_TRUE(set) << set.error().what();
  ASSERT_EQ(set->size(), 3u);
  EXPECT_EQ((*set)[1].prompt, "a sks dog");
  EXPECT_EQ((*set)[2].prompt, "a sks dog on the beach");
  olis::write_file_atomic(dir / "07_0.png", "x");
  auto bad = load_generated_set(dir, dir / "prompts.txt");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("07_0.png"), std::string::npos) << bad.error().what();
}

TEST(EvalImageFolder, ManifestWinsOverListingAndReportsBadLines) {
  auto dir = folder_with("manifest", {"x.png", "y.png"});
  olis::write_file_atomic(dir / "manifest.jsonl", "{\"image\": \"y.png\", \"prompt\": \"p\"}\n\n");
  auto set = load_generated_set(dir);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->size(), 1u);
  EXPECT_EQ((*set)[0].path, dir / "y.png");
  auto bad = parse_manifest("{\"prompt\": \"no path\"}\n", dir, "m.jsonl");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("m.jsonl line 1"), std::string::npos);
  auto none = load_generated_set(folder_with("plain", {"a.png"}));
  ASSERT_TRUE(none);
  EXPECT_TRUE((*none)[0].prompt.empty());
}

TEST(EvalImageFolder, UnreadableImageNamesTheFile) {
  auto dir = folder_with("broken", {"broken.png"});
  auto img = load_rgb_image(dir / "broken.png");
  ASSERT_FALSE(img);
  EXPECT_NE(std::string(img.error().what()).find("broken.png"), std::string::npos);
}

}  // namespace
}  // namespace olis::eval
