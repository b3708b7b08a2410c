#include "core/util/yaml_guard.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace olis {

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
  std::size_t i = 0;
  const auto bad = [&] {
    if (bad_offset) *bad_offset = i;
    return false;
  };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07;
    else return bad();
    if (i + static_cast<std::size_t>(n) >= text.size()) return bad();  // truncated sequence
    for (int k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((d & 0xC0) != 0x80) return bad();
      cp = (cp << 6) | (d & 0x3F);
    }
    const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad();
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

namespace {

// YAML's printable characters (spec 1.2, c-printable): tab, line breaks, and no other control character.
bool printable(uint32_t cp) {
  if (cp == 0x09 || cp == 0x0A || cp == 0x0D || cp == 0x85) return true;
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

Expected<void> check_yaml_text(std::string_view text, const std::string& label, int max_depth) {
  const auto line_at = [&](std::size_t at) { return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'); };
  if (std::size_t at = 0; !is_valid_utf8(text, &at))
    return fail(fmt::format("{} line {}: the file is not UTF-8 text (byte {} is not); save it as UTF-8", label, line_at(at), at + 1));
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (!printable(cp))
      return fail(fmt::format("{} line {}: the file holds the control character U+{:04X}, which YAML does not allow", label,
                              line_at(i), cp));
    i += n;
  }
  int flow = 0, line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    // Block nesting: indentation and a run of "- " / "? " indicators at the start of the line.
    std::size_t col = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i, ++col;
    while (i + 1 < text.size() && (text[i] == '-' || text[i] == '?') && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      i += 2, col += 2;
      while (i < text.size() && text[i] == ' ') ++i, ++col;
    }
    if (col > static_cast<std::size_t>(4 * max_depth))
      return fail(fmt::format("{} line {}: the YAML is nested too deeply ({} columns of indentation); Olis files are shallow",
                              label, line, col));
    for (; i < text.size() && text[i] != '\n'; ++i) {
      const char c = text[i];
      if (c == '[' || c == '{') {
        if (++flow > max_depth)
          return fail(fmt::format("{} line {}: the YAML is nested too deeply (more than {} levels of [ and {{)", label, line, max_depth));
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
    }
    if (i < text.size()) ++i, ++line;
  }
  return {};
}

}  // namespace olis
