#include "core/prompts/caption_candidates.h"

#include <set>

#include "core/prompts/articles.h"
#include "core/prompts/caption.h"
#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

bool is_motion(const std::string& scene) { return scene.find(kConceptToken) != std::string::npos; }

}  // namespace

std::string scene_caption(const std::string& scene, const std::string& class_name) {
  const std::string subject = std::string(kPlaceholder) + " " + class_name;
  if (is_motion(scene)) return detail::trim(detail::replace_all(scene, kConceptToken, subject));
  return detail::trim("a " + subject + " " + scene);
}

std::string scene_clip_text(const std::string& scene, const std::string& class_name) {
  const std::string text = is_motion(scene) ? detail::replace_all(scene, kConceptToken, class_name)
                                            : "a " + class_name + " " + scene;
  return fix_articles("a photo of " + text);
}

std::vector<SceneCandidate> scene_candidates(const PoolSet& pools, const Subject& subject, const std::string& class_name) {
  const std::string& name = class_name.empty() ? subject.prompt_class() : class_name;
  std::vector<SceneCandidate> out;
  for (const auto& scene : pools.for_kind(subject.kind)[PoolSlot::Scene])
    out.push_back({scene, scene_caption(scene, name), scene_clip_text(scene, name)});
  return out;
}

std::vector<std::string> specific_name_candidates(const Subject& subject) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& name) {
    const auto key = detail::normalize_key(name);
    if (!key.empty() && seen.insert(key).second) out.push_back(detail::trim(name));
  };
  add(subject.class_noun);
  add(subject.specific_class);
  for (const auto& s : suggest_specific_classes(subject.class_noun)) add(s);
  return out;
}

std::string specific_name_clip_text(const std::string& name) { return fix_articles("a photo of a " + name); }

}  // namespace olis::prompts
