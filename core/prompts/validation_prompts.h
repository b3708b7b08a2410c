#pragma once
// The fixed prompts of the validation rounds during training. They cover the four kinds of prompt the
// DreamBooth evaluation asks of a subject: a new background (recontextualization), an accessory, a
// changed property (color, material, shape) and an art style, so that a validation grid shows early
// whether the subject still follows prompts, not only whether it is reproduced in new places.
// Backgrounds, properties and the accessories of live subjects are DreamBench's prompts; DreamBench has
// no style prompts and no object accessories, so those are Olis' own (marked in the table).
// Each prompt also has a rephrased variant with another sentence structure (the paper's Figure 4: the
// subject should survive "in the jungle there is a olis dog" as well as "a olis dog in the jungle").
#include <cstdint>
#include <string>
#include <vector>

#include "core/prompts/subject.h"
#include "core/util/error.h"

namespace olis::prompts {

enum class ValidationPromptType { Background, Accessory, Property, Style, Custom };
// "background", "accessory", "property", "style", "custom" (from a prompt file)
const char* to_string(ValidationPromptType type);

struct ValidationPrompt {
  std::string prompt;  // identifier rendered: "a olis dog in the jungle"
  ValidationPromptType type = ValidationPromptType::Background;
  bool rephrased = false;
};

// `count` prompts cycling through background, accessory, property, style (prompt i has type i % 4 and is
// the (i / 4)-th of its type; at most 5 per type, then the cycle repeats from the first). With
// `rephrased`, each prompt is followed by its rephrased variant.
std::vector<ValidationPrompt> validation_prompts(const Subject& subject, int count, bool rephrased = false);

// Prompts from a text file's content: one per line, "<new>" becomes the identifier and "{class}" the
// subject's class; empty lines and lines starting with '#' are skipped.
std::vector<ValidationPrompt> validation_prompts_from_text(const std::string& text, const Subject& subject);

}  // namespace olis::prompts
