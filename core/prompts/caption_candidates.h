#pragma once
// Candidate captions for a subject's photos (paper, App. E: a caption names the subject with its specific
// class and says what else is in the photo). The candidates are the scenes of the subject's kind pool
// (object backgrounds "on a wooden table"; living and person motions "a $concept napping on a sofa") and
// the specific names of its class; core/eval/caption_suggestions ranks them against each photo with CLIP.
#include <string>
#include <vector>

#include "core/prompts/pools.h"
#include "core/prompts/subject.h"

namespace olis::prompts {

struct SceneCandidate {
  std::string scene;      // the pool entry: "on a wooden table", "a $concept napping on a sofa"
  std::string caption;    // "a <new> dog on a wooden table", "a <new> dog napping on a sofa"
  std::string clip_text;  // what CLIP scores against the photo: "a photo of a dog on a wooden table"
};

// The caption of a scene for a class name. Background scenes follow "a <new> {class}"; motion scenes
// have "<new> {class}" in place of $concept.
std::string scene_caption(const std::string& scene, const std::string& class_name);
// The caption's text for CLIP: "a photo of " + the caption without <new>, articles fixed ("an apple").
std::string scene_clip_text(const std::string& scene, const std::string& class_name);

// Every scene of the subject's kind pool, in pool order, for `class_name` (default: subject.prompt_class()).
std::vector<SceneCandidate> scene_candidates(const PoolSet& pools, const Subject& subject,
                                             const std::string& class_name = {});

// The names the class could go by, without duplicates: the class noun, the subject's specific class and
// the built-in specific names of the class ("toy" -> "duck toy", "monster toy", ...).
std::vector<std::string> specific_name_candidates(const Subject& subject);
// "a photo of a duck toy".
std::string specific_name_clip_text(const std::string& name);

}  // namespace olis::prompts
