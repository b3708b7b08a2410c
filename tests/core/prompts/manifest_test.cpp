#include "core/prompts/manifest.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace {

using namespace olis::prompts;
namespace fs = std::filesystem;

std::vector<PromptItem> sample_items() {
  auto pools = load_pool_set();
  if (!pools) throw pools.error();
  std::vector<PromptItem> all;
  for (auto kind : {SubjectKind::Object, SubjectKind::Living}) {
    PromptSetParams p;
    p.subject.class_noun = kind == SubjectKind::Object ? "backpack" : "dog";
    p.subject.kind = kind;
    p.captions = {"a <new> " + p.subject.class_noun + " on a \"rock\" \\ ünïcode ☃", "a <new> " + p.subject.class_noun};
    p.count = 50;
    auto items = sample_prompt_set(*pools, p);
    all.insert(all.end(), items.begin(), items.end());
  }
  all[3].image_path = "reg/images/reg-00003.png";
  all.back().seed = (std::uint64_t{1} << 53) - 1;
  PromptItem none = all[0];
  none.slots.scene_type = SceneType::None;
  none.slots.scene.clear();
  none.slots.adjectives[1] = "";
  none.prompt = render_prompt(none.slots);
  none.id = "custom";
  all.push_back(none);
  return all;
}

TEST(Manifest, RoundTripIsExact) {
  const auto items = sample_items();
  const auto dir = olis::test::temp_dir("manifest_rt");
  ASSERT_TRUE(write_manifest(dir / "reg.jsonl", items));
  auto back = read_manifest(dir / "reg.jsonl");
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ((*back)[i], items[i]) << i;
  // One line per item, nothing left next to it.
  std::ifstream in(dir / "reg.jsonl");
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, items.size());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(Manifest, AFailedWriteLeavesTheOldManifest) {
  const auto items = sample_items();
  const auto dir = olis::test::temp_dir("manifest_atomic");
  const std::vector<PromptItem> old(items.begin(), items.begin() + 3);
  ASSERT_TRUE(write_manifest(dir / "reg.jsonl", old));
  olis::AtomicFileWriter::set_fail_before_rename_for_testing(true);
  auto r = write_manifest(dir / "reg.jsonl", items);
  olis::AtomicFileWriter::set_fail_before_rename_for_testing(false);
  EXPECT_FALSE(r);
  auto back = read_manifest(dir / "reg.jsonl");
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, old);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temporary left
}

TEST(Manifest, LineFormatNamesTheSlots) {
  PromptItem it;
  it.id = "reg-00007";
  it.category = PromptCategory::Styled;
  it.slots.kind = SubjectKind::Living;
  it.slots.style = "an oil painting of";
  it.slots.adjectives = {"chubby", "fluffy", "sleepy"};
  it.slots.class_name = "dog";
  it.slots.scene_type = SceneType::Motion;
  it.slots.scene = "a $concept napping on a sunny windowsill";
  it.prompt = render_prompt(it.slots);
  it.seed = 12345;
  EXPECT_EQ(to_json(it).dump(),
            R"({"id":"reg-00007","category":"styled","kind":"living","slots":{"style":"an oil painting of",)"
            R"("body":"chubby","skin":"fluffy","emotion":"sleepy","class":"dog",)"
            R"("motion":"a $concept napping on a sunny windowsill"},)"
            R"("prompt":"an oil painting of a chubby fluffy sleepy dog napping on a sunny windowsill",)"
            R"("seed":12345,"image":null})");
}

TEST(Manifest, MalformedLinesFailWithTheirLineNumber) {
  const auto dir = olis::test::temp_dir("manifest_bad");
  const auto good = to_json(sample_items()[0]).dump();
  std::ofstream(dir / "a.jsonl") << good << "\n\n" << good << "\n{not json\n";
  auto r = read_manifest(dir / "a.jsonl");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("a.jsonl:4: not valid JSON"), std::string::npos) << r.error().message();

  auto j = nlohmann::json::parse(good);
  j["category"] = "fancy";
  std::ofstream(dir / "b.jsonl") << j.dump() << "\n";
  r = read_manifest(dir / "b.jsonl");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("b.jsonl:1: category 'fancy'"), std::string::npos) << r.error().message();

  j = nlohmann::json::parse(good);
  j["seed"] = -3;
  std::ofstream(dir / "c.jsonl") << j.dump() << "\n";
  EXPECT_FALSE(read_manifest(dir / "c.jsonl"));
  EXPECT_FALSE(read_manifest(dir / "missing.jsonl"));
}

}  // namespace
