#pragma once
// Exact CLIP token counts for caption validation: plugs the model's tokenizer into
// CaptionOptions::token_counter.
//   CaptionOptions o;
//   o.token_counter = clip_token_counter(tokenizer);
#include <functional>
#include <string>

#include "core/text/clip_tokenizer.h"

namespace olis::prompts {

// Counts the text tokens of CLIP (no start/end tokens, not truncated). Keeps its own copy of the
// tokenizer (the vocabulary is shared), so the counter may outlive `tokenizer`.
std::function<int(const std::string&)> clip_token_counter(const text::ClipTokenizer& tokenizer);

}  // namespace olis::prompts
