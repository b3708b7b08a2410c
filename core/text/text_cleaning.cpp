#include "core/text/text_cleaning.h"

#include <unicode/uchar.h>

#include "core/text/html_entities.h"
#include "core/text/unicode_text.h"

namespace olis::text {

namespace {

std::u32string fix_c1_controls(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) c = windows1252_c1(c);
  return out;
}

std::u32string fix_latin_ligatures(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    switch (c) {
      case 0x0132: out += U"IJ"; break;
      case 0x0133: out += U"ij"; break;
      case 0x0149: out += U"\u02BCn"; break;
      case 0x01F1: out += U"DZ"; break;
      case 0x01F2: out += U"Dz"; break;
      case 0x01F3: out += U"dz"; break;
      case 0x01C4: out += U"D\u017D"; break;
      case 0x01C5: out += U"D\u017E"; break;
      case 0x01C6: out += U"d\u017E"; break;
      case 0x01C7: out += U"LJ"; break;
      case 0x01C8: out += U"Lj"; break;
      case 0x01C9: out += U"lj"; break;
      case 0x01CA: out += U"NJ"; break;
      case 0x01CB: out += U"Nj"; break;
      case 0x01CC: out += U"nj"; break;
      case 0xFB00: out += U"ff"; break;
      case 0xFB01: out += U"fi"; break;
      case 0xFB02: out += U"fl"; break;
      case 0xFB03: out += U"ffi"; break;
      case 0xFB04: out += U"ffl"; break;
      case 0xFB05: out += U"\u017Ft"; break;
      case 0xFB06: out += U"st"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::u32string fix_character_width(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c == 0x3000) {
      out.push_back(U' ');
    } else if (c >= 0xFF01 && c <= 0xFFEF) {
      out += nfkc(std::u32string(1, c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::u32string uncurl_quotes(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) {
    if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) c = U'\'';
    else if (c >= 0x201C && c <= 0x201F) c = U'"';
  }
  return out;
}

std::u32string fix_line_breaks(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c == U'\r') {
      out.push_back(U'\n');
      if (i + 1 < s.size() && s[i + 1] == U'\n') ++i;
    } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      out.push_back(U'\n');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// ESC '[' (digits | ';')* letter
std::u32string remove_terminal_escapes(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == 0x1B && i + 1 < s.size() && s[i + 1] == U'[') {
      std::size_t j = i + 2;
      while (j < s.size() && (s[j] == U';' || u_isdigit(static_cast<UChar32>(s[j])))) ++j;
      if (j < s.size() && ((s[j] >= U'a' && s[j] <= U'z') || (s[j] >= U'A' && s[j] <= U'Z'))) {
        i = j + 1;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

bool is_removed_control(char32_t c) {
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F) ||
         c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

std::u32string remove_control_chars(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s)
    if (!is_removed_control(c)) out.push_back(c);
  return out;
}

std::u32string fix_segment(std::u32string segment, bool unescape_html) {
  // ftfy repeats its fixes until the text stops changing.
  for (int round = 0; round < 16; ++round) {
    const std::u32string before = segment;
    if (unescape_html) segment = ftfy_unescape_html(segment);
    segment = fix_c1_controls(segment);
    segment = fix_latin_ligatures(segment);
    segment = fix_character_width(segment);
    segment = uncurl_quotes(segment);
    segment = fix_line_breaks(segment);
    segment = remove_terminal_escapes(segment);
    segment = remove_control_chars(segment);
    segment = nfc(segment);
    if (segment == before) break;
  }
  return segment;
}

// Strip, fold whitespace runs to one space, lower-case: the tail of CLIP's cleaning.
std::string fold_and_lower(std::u32string_view s) {
  std::u32string folded;
  folded.reserve(s.size());
  bool pending_space = false;
  for (char32_t c : s) {
    if (is_whitespace(c)) {
      pending_space = !folded.empty();
      continue;
    }
    if (pending_space) folded.push_back(U' ');
    pending_space = false;
    folded.push_back(c);
  }
  return u32_to_utf8(to_lower(folded));
}

// Plain printable ASCII without '&' (the usual prompt) needs none of the Unicode machinery.
bool is_simple_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x7F || c == '&') return false;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
  }
  return true;
}

}  // namespace

std::u32string ftfy_fix_text(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool unescape = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find(U'\n', pos);
    const std::size_t end = nl == std::u32string_view::npos ? text.size() : nl + 1;
    const std::u32string_view segment = text.substr(pos, end - pos);
    // Once a line contains '<', ftfy stops decoding entities for the rest of the text.
    if (unescape && segment.find(U'<') != std::u32string_view::npos) unescape = false;
    out += fix_segment(std::u32string(segment), unescape);
    pos = end;
  }
  return out;
}

std::string clean_prompt_text(std::string_view utf8) {
  if (is_simple_ascii(utf8)) {
    std::string out;
    out.reserve(utf8.size());
    bool pending_space = false;
    for (char ch : utf8) {
      const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
      if (space) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
    }
    return out;
  }
  std::u32string text = ftfy_fix_text(utf8_to_u32(utf8));
  text = html_unescape(html_unescape(text));
  return fold_and_lower(text);
}

}  // namespace olis::text
