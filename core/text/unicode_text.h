#pragma once
// The few Unicode facts the CLIP tokenizer needs, on UTF-32 code points (ICU underneath):
// general categories for the pre-tokenizer, White_Space, NFC / NFKC and full lower-casing.
#include <string>
#include <string_view>

namespace olis::text {

// Invalid UTF-8 sequences become U+FFFD (one per bad byte), as Python's errors="replace" does.
std::u32string utf8_to_u32(std::string_view utf8);
std::string u32_to_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

bool is_letter(char32_t cp);      // \p{L}: Lu, Ll, Lt, Lm, Lo
bool is_number(char32_t cp);      // \p{N}: Nd, Nl, No
bool is_whitespace(char32_t cp);  // Python's \s / str.isspace on what survives cleaning

std::u32string nfc(std::u32string_view text);
std::u32string nfkc(std::u32string_view text);
// Full, locale-independent lower / upper casing (as Python's str.lower / str.upper: 'İ' -> 'i̇', final sigma).
std::u32string to_lower(std::u32string_view text);
std::u32string to_upper(std::u32string_view text);

}  // namespace olis::text
