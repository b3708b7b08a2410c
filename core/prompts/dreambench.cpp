// DreamBench (Ruiz et al. 2023, "DreamBooth"), typed in from its prompts_and_classes.txt.
#include "core/prompts/dreambench.h"

#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

// The first 10 prompts are shared by both groups.
const std::vector<std::string>& common_templates() {
  static const std::vector<std::string> t = {
      "a {0} {1} in the jungle",
      "a {0} {1} in the snow",
      "a {0} {1} on the beach",
      "a {0} {1} on a cobblestone street",
      "a {0} {1} on top of pink fabric",
      "a {0} {1} on top of a wooden floor",
      "a {0} {1} with a city in the background",
      "a {0} {1} with a mountain in the background",
      "a {0} {1} with a blue house in the background",
      "a {0} {1} on top of a purple rug in a forest",
  };
  return t;
}

const std::vector<std::string>& property_templates() {
  static const std::vector<std::string> t = {
      "a red {0} {1}", "a purple {0} {1}", "a shiny {0} {1}", "a wet {0} {1}", "a cube shaped {0} {1}",
  };
  return t;
}

std::vector<std::string> build(const std::vector<std::string>& middle) {
  auto out = common_templates();
  out.insert(out.end(), middle.begin(), middle.end());
  out.insert(out.end(), property_templates().begin(), property_templates().end());
  return out;
}

}  // namespace

const std::vector<std::string>& dreambench_templates(DreamBenchGroup group) {
  static const std::vector<std::string> object = build({
      "a {0} {1} with a wheat field in the background",
      "a {0} {1} with a tree and autumn leaves in the background",
      "a {0} {1} with the Eiffel Tower in the background",
      "a {0} {1} floating on top of water",
      "a {0} {1} floating in an ocean of milk",
      "a {0} {1} on top of green grass with sunflowers around it",
      "a {0} {1} on top of a mirror",
      "a {0} {1} on top of the sidewalk in a crowded street",
      "a {0} {1} on top of a dirt road",
      "a {0} {1} on top of a white rug",
  });
  static const std::vector<std::string> live = build({
      "a {0} {1} wearing a red hat",
      "a {0} {1} wearing a santa hat",
      "a {0} {1} wearing a rainbow scarf",
      "a {0} {1} wearing a black top hat and a monocle",
      "a {0} {1} in a chef outfit",
      "a {0} {1} in a firefighter outfit",
      "a {0} {1} in a police outfit",
      "a {0} {1} wearing pink glasses",
      "a {0} {1} wearing a yellow shirt",
      "a {0} {1} in a purple wizard outfit",
  });
  return group == DreamBenchGroup::Object ? object : live;
}

std::vector<std::string> dreambench_prompts(DreamBenchGroup group, const std::string& identifier,
                                            const std::string& class_name) {
  std::vector<std::string> out;
  for (const auto& t : dreambench_templates(group))
    out.push_back(detail::replace_all(detail::replace_all(t, "{0}", identifier), "{1}", class_name));
  return out;
}

std::vector<std::string> dreambench_prompts(const Subject& subject) {
  return dreambench_prompts(dreambench_group(subject.kind), subject.identifier, subject.prompt_class());
}

const std::vector<DreamBenchSubject>& dreambench_subjects() {
  constexpr auto O = SubjectKind::Object;
  constexpr auto L = SubjectKind::Living;
  static const std::vector<DreamBenchSubject> s = {
      {"backpack", "backpack", "backpack", O},
      {"backpack_dog", "backpack", "backpack", O},
      {"bear_plushie", "stuffed animal", "bear plushie", O},
      {"berry_bowl", "bowl", "berry bowl", O},
      {"can", "can", "drink can", O},
      {"candle", "candle", "candle", O},
      {"cat", "cat", "cat", L},
      {"cat2", "cat", "cat", L},
      {"clock", "clock", "alarm clock", O},
      {"colorful_sneaker", "sneaker", "sneaker", O},
      {"dog", "dog", "dog", L},
      {"dog2", "dog", "dog", L},
      {"dog3", "dog", "dog", L},
      {"dog5", "dog", "dog", L},
      {"dog6", "dog", "dog", L},
      {"dog7", "dog", "dog", L},
      {"dog8", "dog", "dog", L},
      {"duck_toy", "toy", "duck toy", O},
      {"fancy_boot", "boot", "boot", O},
      {"grey_sloth_plushie", "stuffed animal", "sloth plushie", O},
      {"monster_toy", "toy", "monster toy", O},
      {"pink_sunglasses", "glasses", "glasses", O},
      {"poop_emoji", "toy", "poop emoji toy", O},
      {"rc_car", "toy", "racing car toy", O},
      {"red_cartoon", "cartoon", "2d cartoon devil", O},
      {"robot_toy", "toy", "robot toy", O},
      {"shiny_sneaker", "sneaker", "sneaker", O},
      {"teapot", "teapot", "teapot", O},
      {"vase", "vase", "vase", O},
      {"wolf_plushie", "stuffed animal", "wolf plushie", O},
  };
  return s;
}

const DreamBenchSubject* find_dreambench_subject(const std::string& name) {
  for (const auto& s : dreambench_subjects())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace olis::prompts
