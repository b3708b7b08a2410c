#include "core/prompts/pools.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/fixtures.h"

namespace {

using namespace olis::prompts;
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

const PoolSet& builtin() {
  static const PoolSet pools = [] {
    auto p = load_pool_set();
    if (!p) throw p.error();
    return *p;
  }();
  return pools;
}

// A small valid pool folder for tests that edit files.
fs::path small_pool_dir(const std::string& name) {
  auto dir = olis::test::temp_dir(name);
  write(dir / "object.yaml",
        "schema: olis-pool/1\nkind: object\nslots:\n  shape: [round, square]\n  color: [red, orange]\n"
        "  texture: [woven, glossy]\n  background: [on a rock, in a meadow]\n");
  for (const char* k : {"living", "person"})
    write(dir / (std::string(k) + ".yaml"),
          std::string("schema: olis-pool/1\nkind: ") + k +
              "\nslots:\n  body: [tall, small]\n  skin: [freckled, pale]\n  emotion: [happy, calm]\n"
              "  motion: [\"a $concept walking in a park\", \"a $concept sitting on a bench\"]\n");
  write(dir / "style.yaml",
        "schema: olis-pool/1\nkind: style\nstyles:\n  - {text: \"a photo of\", photographic: true}\n"
        "  - {text: \"an oil painting of\", photographic: false}\n");
  return dir;
}

TEST(PromptPools, BuiltInPoolsMeetThePapersCounts) {
  const auto& p = builtin();
  EXPECT_TRUE(below_minimum(p).empty()) << below_minimum(p).front();
  EXPECT_GE(p.object[PoolSlot::Adjective1].size(), 85u);
  EXPECT_GE(p.object[PoolSlot::Adjective2].size(), 93u);
  EXPECT_GE(p.object[PoolSlot::Adjective3].size(), 96u);
  EXPECT_GE(p.object[PoolSlot::Scene].size(), 455u);
  for (const auto* k : {&p.living, &p.person}) {
    EXPECT_GE((*k)[PoolSlot::Adjective1].size(), 89u);
    EXPECT_GE((*k)[PoolSlot::Adjective2].size(), 86u);
    EXPECT_GE((*k)[PoolSlot::Adjective3].size(), 75u);
    EXPECT_GE((*k)[PoolSlot::Scene].size(), 744u);
  }
  EXPECT_GE(p.styles.size(), 99u);
  int photo = 0;
  for (const auto& s : p.styles) photo += s.photographic;
  EXPECT_GT(photo, 10);
  EXPECT_GT(static_cast<int>(p.styles.size()) - photo, 10);
  EXPECT_EQ(p.version.size(), 16u);
}

TEST(PromptPools, EveryMotionHasOneConcept) {
  for (const auto* k : {&builtin().living, &builtin().person})
    for (const auto& m : (*k)[PoolSlot::Scene]) {
      EXPECT_EQ(m.find("a $concept "), 0u) << m;
      EXPECT_EQ(m.find("$concept", 3), std::string::npos) << m;
    }
}

TEST(PromptPools, CheckFindsEachKindOfProblem) {
  auto problems = check_slot_entries(SubjectKind::Object, PoolSlot::Scene,
                                     {"on a rock", "On  a Rock", "", "in a meadow.", "on a $concept"});
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_NE(problems[0].message.find("duplicate"), std::string::npos);
  EXPECT_NE(problems[1].message.find("empty"), std::string::npos);
  EXPECT_NE(problems[2].message.find("punctuation"), std::string::npos);
  EXPECT_NE(problems[3].message.find("only motions"), std::string::npos);

  auto motions = check_slot_entries(SubjectKind::Living, PoolSlot::Scene,
                                    {"a $concept running", "a dog running", "a $concept chasing a $concept",
                                     "$concept sitting"});
  ASSERT_EQ(motions.size(), 3u);
  EXPECT_NE(motions[0].message.find("has 0 $concept"), std::string::npos);
  EXPECT_NE(motions[1].message.find("has 2 $concept"), std::string::npos);
  EXPECT_NE(motions[2].message.find("must start with"), std::string::npos);

  auto articles = check_slot_entries(SubjectKind::Object, PoolSlot::Scene, {"beside a old barn", "under an umbrella"});
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].message, "write 'an old' instead of 'a old'");

  auto styles = check_styles({{"a photo of", true}, {"A Photo  of", true}, {"a painting", false}, {"a oil painting of", false}});
  ASSERT_EQ(styles.size(), 3u);
  EXPECT_NE(styles[2].message.find("'an oil'"), std::string::npos);
  EXPECT_NE(styles[0].message.find("duplicate"), std::string::npos);
  EXPECT_NE(styles[1].message.find("end with 'of'"), std::string::npos);
}

TEST(PromptPools, LoaderRejectsBadFilesWithLineNumbers) {
  auto dir = small_pool_dir("pools_bad");
  write(dir / "object.yaml",
        "schema: olis-pool/1\nkind: object\nslots:\n  shape:\n    - round\n    - Round\n  color: [red]\n"
        "  texture: [woven]\n  background: [on a rock]\n");
  PoolLoadOptions o;
  o.pool_dir = dir;
  auto r = load_pool_set(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("object.yaml:6: shape 'Round': duplicate of line 5"), std::string::npos)
      << r.error().message();

  write(dir / "object.yaml", "schema: olis-pool/2\nkind: object\nslots: {}\n");
  r = load_pool_set(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("schema is 'olis-pool/2'"), std::string::npos);

  write(dir / "object.yaml", "schema: olis-pool/1\nkind: object\nslots:\n  shape: [round]\n  color: [red]\n"
                             "  texture: [woven]\n");
  r = load_pool_set(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("background: slot is missing"), std::string::npos) << r.error().message();
}

TEST(PromptPools, OverlayAddsAndRemovesAndChangesTheVersion) {
  auto dir = small_pool_dir("pools_overlay");
  PoolLoadOptions o;
  o.pool_dir = dir;
  auto base = load_pool_set(o);
  ASSERT_TRUE(base) << base.error().message();
  write(dir / "mine.yaml",
        "schema: olis-pool-overlay/1\nkind: object\nadd:\n  shape: [lumpy, ROUND]\n  background: [\"on a picnic blanket\"]\n"
        "remove:\n  color: [\" Red \"]\n");
  write(dir / "mystyle.yaml",
        "schema: olis-pool-overlay/1\nkind: style\nadd:\n  styles: [{text: \"a linocut print of\", photographic: false}]\n"
        "remove:\n  styles: [\"an oil painting of\"]\n");
  o.user_files = {dir / "mine.yaml", dir / "mystyle.yaml"};
  auto p = load_pool_set(o);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->object[PoolSlot::Adjective1], (std::vector<std::string>{"round", "square", "lumpy"}));
  EXPECT_EQ(p->object[PoolSlot::Adjective2], (std::vector<std::string>{"orange"}));
  EXPECT_EQ(p->object[PoolSlot::Scene].back(), "on a picnic blanket");
  ASSERT_EQ(p->styles.size(), 2u);
  EXPECT_EQ(p->styles[1].text, "a linocut print of");
  EXPECT_NE(p->version, base->version);
  // Same files, same version.
  EXPECT_EQ(load_pool_set(o)->version, p->version);
}

TEST(PromptPools, OverlayCannotEmptyASlotOrAddBadEntries) {
  auto dir = small_pool_dir("pools_overlay_bad");
  PoolLoadOptions o;
  o.pool_dir = dir;
  write(dir / "empty.yaml", "schema: olis-pool-overlay/1\nkind: object\nremove:\n  color: [red, orange]\n");
  o.user_files = {dir / "empty.yaml"};
  auto r = load_pool_set(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("no color entries left"), std::string::npos);

  write(dir / "bad.yaml", "schema: olis-pool-overlay/1\nkind: living\nadd:\n  motion: [\"a dog running\"]\n  fur: [x]\n");
  o.user_files = {dir / "bad.yaml"};
  r = load_pool_set(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("has 0 $concept"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("unknown slot"), std::string::npos) << r.error().message();
}

TEST(PromptPools, OverlaySaveLoadRoundTrip) {
  auto dir = olis::test::temp_dir("pools_overlay_rt");
  PoolOverlay ov;
  ov.kind = "person";
  ov.add["motion"] = {"a $concept reading \"Ulysses\" on a train", "a $concept surfing at dawn: a #1 moment"};
  ov.remove["emotion"] = {"grumpy"};
  ASSERT_TRUE(save_pool_overlay(dir / "o.yaml", ov));
  auto back = load_pool_overlay(dir / "o.yaml");
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->kind, "person");
  EXPECT_EQ(back->add, ov.add);
  EXPECT_EQ(back->remove, ov.remove);

  PoolOverlay st;
  st.kind = "style";
  st.add_styles = {{"a charcoal sketch of", false}, {"a drone photo of", true}};
  ASSERT_TRUE(save_pool_overlay(dir / "s.yaml", st));
  auto sb = load_pool_overlay(dir / "s.yaml");
  ASSERT_TRUE(sb) << sb.error().message();
  ASSERT_EQ(sb->add_styles.size(), 2u);
  EXPECT_EQ(sb->add_styles[1].text, "a drone photo of");
  EXPECT_TRUE(sb->add_styles[1].photographic);
}

TEST(PromptPools, CompletePoolFileReplacesTheBuiltInOne) {
  auto dir = small_pool_dir("pools_replace");
  write(dir / "my_object.yaml",
        "schema: olis-pool/1\nkind: object\nslots:\n  shape: [lumpy]\n  color: [teal]\n  texture: [felted]\n"
        "  background: [on a shelf]\n");
  PoolLoadOptions o;
  o.pool_dir = dir;
  o.user_files = {dir / "my_object.yaml"};
  auto p = load_pool_set(o);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->object[PoolSlot::Scene], std::vector<std::string>{"on a shelf"});
  EXPECT_EQ(p->living[PoolSlot::Adjective1].size(), 2u);
}

TEST(PromptPools, AnimalGroupsAreReadCheckedAndVersioned) {
  auto dir = small_pool_dir("pools_groups");
  const std::string living_base =
      "schema: olis-pool/1\nkind: living\nslots:\n  body: [tall, small]\n  skin: [freckled, pale]\n"
      "  emotion: [happy, calm]\n  motion: [\"a $concept walking in a park\", \"a $concept sitting on a bench\"]\n";
  write(dir / "living.yaml", living_base +
                                 "groups:\n  bird:\n    classes: [parrot, Owl]\n    slots:\n      skin: [feathered]\n"
                                 "      motion: [\"a $concept perched on a branch\"]\n");
  PoolLoadOptions o;
  o.pool_dir = dir;
  auto p = load_pool_set(o);
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_EQ(p->living.groups.size(), 1u);
  EXPECT_EQ(p->living.groups[0].classes, (std::vector<std::string>{"parrot", "owl"}));
  Subject owl;
  owl.class_noun = "snowy owl";
  owl.kind = SubjectKind::Living;
  auto pool = pool_for_subject(*p, owl);
  EXPECT_EQ(pool[PoolSlot::Adjective1], (std::vector<std::string>{"tall", "small"}));  // not in the group: the main pool's
  EXPECT_EQ(pool[PoolSlot::Adjective2], std::vector<std::string>{"feathered"});
  EXPECT_EQ(pool[PoolSlot::Scene], std::vector<std::string>{"a $concept perched on a branch"});
  const auto version = p->version;
  write(dir / "living.yaml", living_base +
                                 "groups:\n  bird:\n    classes: [parrot, owl]\n    slots:\n      skin: [feathery]\n"
                                 "      motion: [\"a $concept perched on a branch\"]\n");
  EXPECT_NE(load_pool_set(o)->version, version);

  write(dir / "living.yaml", living_base +
                                 "groups:\n  bird:\n    classes: [parrot]\n    slots:\n      fur: [x]\n"
                                 "      motion: [\"a parrot flying\"]\n  fish:\n    classes: [parrot]\n    slots: {}\n");
  auto bad = load_pool_set(o);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("groups.bird.fur"), std::string::npos) << bad.error().message();
  EXPECT_NE(bad.error().message().find("groups.bird.motion 'a parrot flying': has 0 $concept"), std::string::npos)
      << bad.error().message();
  EXPECT_NE(bad.error().message().find("'parrot': is in two groups"), std::string::npos) << bad.error().message();
}

}  // namespace
