#pragma once
// HTML character references, the two ways the CLIP reference cleaning decodes them.
#include <string>
#include <string_view>

namespace olis::text {

// Python's html.unescape: every HTML5 named reference (legacy names also without ';', longest prefix
// first), decimal and hex references with the HTML5 replacements for invalid code points.
std::u32string html_unescape(std::u32string_view text);

// ftfy's unescape_html: only `&#?[0-9A-Za-z]{1,24};` references that decode completely, plus the
// all-caps spellings of lower-case names ("P&EACUTE;REZ" -> "PÉREZ").
std::u32string ftfy_unescape_html(std::u32string_view text);

// Windows-1252 meaning of a C1 control (U+0080..U+009F); undefined bytes map to themselves.
char32_t windows1252_c1(char32_t cp);

}  // namespace olis::text
