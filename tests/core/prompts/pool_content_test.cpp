// What the built-in pools say: each slot holds what its name promises, motions vary, photographic styles
// show good photos, and birds, fish and reptiles get prompts that fit their bodies.
#include "core/prompts/pools.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/prompts/prompt_set.h"
#include "core/prompts/text_util.h"

namespace {

using namespace olis::prompts;

const PoolSet& builtin() {
  static const PoolSet pools = [] {
    auto p = load_pool_set();
    if (!p) throw p.error();
    return *p;
  }();
  return pools;
}

std::vector<std::string> words(const std::string& entry) { return olis::prompts::detail::split_words(olis::prompts::detail::to_lower(entry)); }

bool has_word(const std::string& entry, const std::set<std::string>& list) {
  for (const auto& w : words(entry))
    if (list.count(w)) return true;
  return false;
}

// The most common first word of the motions after "a $concept ", and its share.
std::pair<std::string, double> top_motion_verb(const std::vector<std::string>& motions) {
  std::map<std::string, int> count;
  for (const auto& m : motions) {
    auto w = words(m);
    if (w.size() > 2) ++count[w[2]];
  }
  std::pair<std::string, int> top{"", 0};
  for (const auto& [w, n] : count)
    if (n > top.second) top = {w, n};
  return {top.first, motions.empty() ? 0.0 : static_cast<double>(top.second) / motions.size()};
}

TEST(PoolContent, ObjectShapesAreShapesNotSizes) {
  const std::set<std::string> sizes = {
      "tiny",  "small", "big",   "large", "huge",   "giant",  "mini",   "miniature", "jumbo",  "oversized", "undersized",
      "extra-large", "compact", "petite", "tall", "short", "long", "wide", "narrow", "thin", "thick", "slim",
      "slender", "skinny", "broad", "chunky", "bulky", "hefty", "stout", "squat", "stocky", "plump", "chubby",
      "puffy", "lean", "dainty", "stubby", "scaled-down", "well-proportioned"};
  for (const auto& s : builtin().object[PoolSlot::Adjective1]) {
    EXPECT_FALSE(has_word(s, sizes)) << "shape '" << s << "' is a size";
    EXPECT_FALSE(olis::prompts::detail::ends_with(s, "-sized")) << "shape '" << s << "' is a size";
  }
}

TEST(PoolContent, TexturesDescribeSurfacesNotBareMaterials) {
  const std::set<std::string> materials = {
      "leather", "velvet",  "ceramic",  "denim",   "suede",     "corduroy", "canvas",   "nylon",    "silk",
      "satin",   "linen",   "cotton",   "wool",    "felt",      "fleece",   "terrycloth", "tweed",  "steel",
      "stainless steel", "pewter", "titanium", "carbon fiber", "wood", "wooden", "bamboo", "rattan", "wicker",
      "cork",    "paper",   "papier-mache", "cardboard", "marble", "granite", "sandstone", "slate", "stone",
      "concrete", "porcelain", "stoneware", "glass", "crystal", "acrylic", "resin", "plastic", "rubber", "silicone",
      "foam",    "neoprene", "vinyl",   "mesh",    "lace",      "jute",     "burlap",   "hemp",     "cashmere",
      "mohair",  "shearling", "sherpa", "boucle",  "chenille",  "flannel",  "clay",     "polymer clay", "metal",
      "aluminum", "brass",  "copper",   "bronze",  "iron",      "gold",     "silver",   "terracotta"};
  for (const auto& t : builtin().object[PoolSlot::Adjective3])
    EXPECT_FALSE(materials.count(olis::prompts::detail::to_lower(t))) << "texture '" << t << "' is a bare material";
}

TEST(PoolContent, NoMotionVerbDominates) {
  auto check = [](const std::string& what, const std::vector<std::string>& motions) {
    if (motions.empty()) return;
    const auto [verb, share] = top_motion_verb(motions);
    EXPECT_LE(share, 0.15) << what << ": " << share * 100 << "% of the motions start with '" << verb << "'";
  };
  for (auto kind : {SubjectKind::Living, SubjectKind::Person}) {
    const auto& pool = builtin().for_kind(kind);
    check(to_string(kind), pool[PoolSlot::Scene]);
    for (const auto& g : pool.groups) check(std::string(to_string(kind)) + " " + g.name, g.slots[3]);
  }
}

TEST(PoolContent, PersonBodyIsBuildAndSkinIsSkin) {
  const std::set<std::string> movement = {"agile",       "nimble",      "graceful",     "poised",       "flexible",
                                          "limber",      "supple",      "light-footed", "fleet-footed", "sure-footed",
                                          "quick-footed", "long-striding", "upright",   "straight-backed"};
  for (const auto& b : builtin().person[PoolSlot::Adjective1])
    EXPECT_FALSE(has_word(b, movement)) << "person body '" << b << "' is a way of moving";
  const std::vector<std::string> not_skin = {"hair", "blond", "braid", "ponytail", "ringlet", "curl", "eyed", "faced",
                                             "featured", "cheek", "nosed", "browed", "chinned", "bespectacled", "glasses",
                                             "mop-topped", "dimpled", "tousle"};
  for (const auto& s : builtin().person[PoolSlot::Adjective2])
    for (const auto& part : not_skin)
      EXPECT_EQ(s.find(part), std::string::npos) << "person skin '" << s << "' describes hair or face";
}

TEST(PoolContent, PhotographicStylesAreNotDegraded) {
  const std::vector<std::string> defects = {"blurry", "blurred", "out-of-focus", "soft-focus", "dark", "underexposed",
                                            "overexposed", "cropped", "double exposure", "grainy", "noisy",
                                            "low-resolution", "low-quality", "pixelated", "distorted", "jpeg", "amateur"};
  int photographic = 0;
  for (const auto& s : builtin().styles) {
    if (!s.photographic) continue;
    ++photographic;
    for (const auto& d : defects) EXPECT_EQ(s.text.find(d), std::string::npos) << "photographic style '" << s.text << "'";
  }
  EXPECT_GE(photographic, 60);
}

TEST(PoolContent, BirdsFishAndReptilesSampleFromTheirOwnGroup) {
  const auto& living = builtin().living;
  const std::map<std::string, std::string> expected = {{"parrot", "bird"},   {"koi fish", "aquatic"}, {"goldfish", "aquatic"},
                                                       {"gecko", "reptile"}, {"corgi", ""},           {"dog", ""},
                                                       {"house cat", ""}};
  for (const auto& [cls, group] : expected) {
    Subject s;
    s.class_noun = cls;
    s.kind = SubjectKind::Living;
    const auto* g = animal_group_for(living, s);
    EXPECT_EQ(g ? g->name : "", group) << cls;
  }
  for (const auto& [cls, group_name] : {std::pair<std::string, std::string>{"parrot", "bird"}, {"goldfish", "aquatic"}, {"gecko", "reptile"}}) {
    Subject s;
    s.class_noun = cls;
    s.kind = SubjectKind::Living;
    const auto* g = animal_group_for(living, s);
    ASSERT_NE(g, nullptr);
    for (std::size_t slot : {0u, 1u, 3u}) EXPECT_GE(g->slots[slot].size(), slot == 3 ? kMinimumGroupMotions : kMinimumGroupAdjectives);
    const std::set<std::string> body(g->slots[0].begin(), g->slots[0].end()), skin(g->slots[1].begin(), g->slots[1].end()),
        motion(g->slots[3].begin(), g->slots[3].end());
    PromptSetParams params;
    params.subject = s;
    params.count = 300;
    for (const auto& item : sample_prompt_set(builtin(), params)) {
      EXPECT_TRUE(body.count(item.slots.adjectives[0])) << cls << ": " << item.prompt;
      EXPECT_TRUE(skin.count(item.slots.adjectives[1])) << cls << ": " << item.prompt;
      if (item.category != PromptCategory::Training) {
        EXPECT_TRUE(motion.count(item.slots.scene)) << cls << ": " << item.prompt;
      }
      EXPECT_EQ(item.prompt.find("fur"), std::string::npos) << item.prompt;
      EXPECT_EQ(item.prompt.find("paw"), std::string::npos) << item.prompt;
    }
  }
  EXPECT_TRUE(below_minimum(builtin()).empty()) << below_minimum(builtin()).front();
}

}  // namespace
