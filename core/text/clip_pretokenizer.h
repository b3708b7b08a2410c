#pragma once
// CLIP's pre-tokenization pattern, by hand (Unicode classes, no std::regex):
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+   (IGNORECASE)
// on text that clean_prompt_text() produced. Digits come one per piece; punctuation runs stay together.
#include <string_view>
#include <vector>

namespace olis::text {

// Appends the pieces of `cleaned` (views into it) to `pieces`.
void clip_pretokenize(std::string_view cleaned, std::vector<std::string_view>& pieces);

}  // namespace olis::text
