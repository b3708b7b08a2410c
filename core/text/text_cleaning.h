#pragma once
// CLIP's prompt cleaning (openai/CLIP simple_tokenizer): ftfy.fix_text, html.unescape twice, strip,
// whitespace runs folded to one space, lower-cased.
//
// The ftfy part covers its character-level fixes: HTML entities (skipped once a line holds '<'), C1
// controls read as Windows-1252, Latin ligatures, full/half-width forms, curly quotes, line breaks,
// terminal escapes, control characters and NFC. Not covered: ftfy's mojibake detection ("Ã©" -> "é").
#include <string>
#include <string_view>

namespace olis::text {

std::string clean_prompt_text(std::string_view utf8);

// Exposed for tests: the ftfy.fix_text part alone (UTF-32 in, UTF-32 out).
std::u32string ftfy_fix_text(std::u32string_view text);

}  // namespace olis::text
