#pragma once
// The structured regularization prompts (the paper's method). A prompt is a structure of slots, not a
// string; it renders to text as
//   objects:          "[style] a [shape] [color] [texture] [class] [background]"
//   living / person:  "[style] [motion]" with $concept replaced by "[body] [skin] [emotion] [class]"
// e.g. "a watercolor painting of a round red woven backpack on a rock",
//      "a photo of a fluffy brown happy dog sitting in a temple".
// A set of N prompts is split 20 / 60 / 20 (paper §3):
//   training:  the backgrounds of the user's captions with sampled adjectives, no style
//              ("a contoured orchid woven backpack on a rock");
//   photoreal: a photographic style with pool backgrounds or motions;
//   styled:    a non-photographic style with pool backgrounds or motions.
// The photoreal and styled 80 % never depend on the captions (their own random stream), so a second
// subject of the same class shares them and their images; an edited caption changes only the training
// prompts that use its background.
// DreamBooth's class prior (the paper's "class" ablation) is a set of N prompts "a [class noun]".
// Regularization prompts never contain the identifier.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/prompts/pools.h"
#include "core/prompts/prompt_rng.h"
#include "core/prompts/subject.h"

namespace olis::prompts {

enum class PromptCategory { Training, Photoreal, Styled, Class };
const char* to_string(PromptCategory c);  // "training", "photoreal", "styled", "class"
std::optional<PromptCategory> parse_prompt_category(const std::string& text);

enum class SceneType {
  None,        // nothing after the class
  Background,  // a placement phrase after the class: "on a rock"
  Motion,      // a sentence with $concept: "a $concept sitting in a temple"
};

struct PromptSlots {
  SubjectKind kind = SubjectKind::Object;
  std::string style;                     // "a photo of"; empty for training-based prompts
  std::array<std::string, 3> adjectives;  // shape/color/texture or body/skin/emotion; "" = slot unused
  std::string class_name;                // the subject's prompt_class()
  SceneType scene_type = SceneType::None;
  std::string scene;                     // the background phrase or motion sentence

  bool operator==(const PromptSlots& o) const;
};

// All adjectives kept.
std::string render_prompt(const PromptSlots& slots);
// Adjectives with keep[i] == false are left out; the sentence still reads correctly (articles fixed).
std::string render_prompt(const PromptSlots& slots, const std::array<bool, 3>& keep);
// Training-time adjective dropout: each adjective slot is removed independently with probability p.
std::array<bool, 3> sample_adjective_keep(double dropout_p, PromptRng& rng);
std::string render_with_dropout(const PromptSlots& slots, double dropout_p, PromptRng& rng);

struct PromptItem {
  std::string id;  // "reg-00000"
  PromptCategory category = PromptCategory::Photoreal;
  PromptSlots slots;
  std::string prompt;      // render_prompt(slots)
  std::uint64_t seed = 0;  // per-item image seed, < 2^53 so every JSON reader keeps it exact
  std::string image_path;  // filled by the regularization-set job; empty until then

  bool operator==(const PromptItem& o) const;
};

struct CategoryCounts {
  int training = 0, photoreal = 0, styled = 0;
};
// Rounding rule: training = styled = round(N / 5) with halves impossible (computed as (N + 2) / 5),
// photoreal = N - training - styled. 2000 -> 400 / 1200 / 400; 7 -> 1 / 5 / 1; 3 -> 1 / 1 / 1.
CategoryCounts category_counts(int n);

struct PromptSetParams {
  Subject subject;
  std::vector<std::string> captions;  // the training captions (with <new>); backgrounds are taken from them
  int count = 2000;
  std::uint64_t seed = 1;
};

// Samples `count` prompts: training items first ("reg-00000", ...), then photoreal, then styled.
//  - Training item k takes the k-th distinct caption background modulo their number (in caption order;
//    a background holding the identifier is skipped; without any, no background) and adjectives dealt
//    from its own stream, so its prompt depends only on k, the seed and that background.
//  - Photoreal and styled items come from a second stream that the captions never touch. Each slot is
//    dealt from a shuffled deck of its pool (reshuffled when used up), so entries are used evenly.
//  - A prompt whose text was already produced is redrawn (up to a few times).
//  - Every item's image seed comes from its part's stream, one per item: the same item keeps its seed.
// Deterministic for a seed on every platform. Throws olis::Error when the subject is unusable (see
// check_subject) or count < 0.
std::vector<PromptItem> sample_prompt_set(const PoolSet& pools, const PromptSetParams& params);

// DreamBooth's prior: `count` items "a [class noun]" (category Class, no adjectives, no scene), each with
// its own image seed. Throws olis::Error for an unusable subject or count < 0.
std::vector<PromptItem> sample_class_prompt_set(const Subject& subject, int count, std::uint64_t seed);

}  // namespace olis::prompts
