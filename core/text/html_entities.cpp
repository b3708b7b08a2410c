#include "core/text/html_entities.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "core/text/unicode_text.h"

namespace olis::text {

namespace {

struct EntityEntry {
  const char* name;  // without ';'
  char32_t cp1;
  char32_t cp2;      // 0 when the value is one code point
  int flags;         // 1: also recognised without ';' (legacy), 2: ftfy decodes the all-caps spelling
};

const EntityEntry kEntities[] = {
#include "core/text/html_entities_data.inc"
};

const EntityEntry* find_entity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const EntityEntry& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it == std::end(kEntities) || std::string_view(it->name) != name) return nullptr;
  return &*it;
}

void append_value(std::u32string& out, const EntityEntry& e) {
  out.push_back(e.cp1);
  if (e.cp2) out.push_back(e.cp2);
}

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_hex_digit(char32_t c) {
  return is_ascii_digit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}
bool is_ascii_alnum(char32_t c) {
  return is_ascii_digit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// The code point Python's html.unescape gives a numeric reference, or -1 for "nothing" (removed).
int64_t numeric_reference_value(uint64_t num, bool overflow) {
  if (overflow || num > 0x10FFFF) return 0xFFFD;
  if (num == 0x00) return 0xFFFD;
  if (num == 0x0D) return 0x0D;
  if (num >= 0x80 && num <= 0x9F) return windows1252_c1(static_cast<char32_t>(num));
  if (num >= 0xD800 && num <= 0xDFFF) return 0xFFFD;
  if ((num >= 0x01 && num <= 0x08) || num == 0x0B || (num >= 0x0E && num <= 0x1F) || (num >= 0x7F && num <= 0x9F) ||
      (num >= 0xFDD0 && num <= 0xFDEF) || (num & 0xFFFE) == 0xFFFE)
    return -1;
  return static_cast<int64_t>(num);
}

// Parses "#123;" / "#x7B;" at text[pos] (just after '&'). Returns the length consumed (0: no match).
std::size_t parse_numeric(std::u32string_view text, std::size_t pos, int64_t& value) {
  std::size_t i = pos + 1;
  bool hex = false;
  if (i < text.size() && (text[i] == U'x' || text[i] == U'X')) {
    hex = true;
    ++i;
  }
  const std::size_t digits_start = i;
  uint64_t num = 0;
  bool overflow = false;
  while (i < text.size() && (hex ? is_hex_digit(text[i]) : is_ascii_digit(text[i]))) {
    const char32_t c = text[i];
    const uint64_t d = is_ascii_digit(c) ? c - U'0' : (c | 0x20) - U'a' + 10;
    if (num > (UINT64_MAX >> 4) / 10) overflow = true;
    else num = num * (hex ? 16 : 10) + d;
    ++i;
  }
  if (i == digits_start) return 0;
  if (i < text.size() && text[i] == U';') ++i;
  value = numeric_reference_value(num, overflow);
  return i - pos;
}

std::string ascii_name(std::u32string_view name) {
  std::string s;
  for (char32_t c : name) {
    if (c >= 0x80) return {};
    s.push_back(static_cast<char>(c));
  }
  return s;
}

}  // namespace

char32_t windows1252_c1(char32_t cp) {
  static const char16_t table[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                     0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                     0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                     0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (cp < 0x80 || cp > 0x9F) return cp;
  return table[cp - 0x80];
}

std::u32string html_unescape(std::u32string_view text) {
  if (text.find(U'&') == std::u32string_view::npos) return std::u32string(text);
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != U'&') {
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t start = i + 1;
    if (start < text.size() && text[start] == U'#') {
      int64_t value = 0;
      const std::size_t n = parse_numeric(text, start, value);
      if (n == 0) {
        out.push_back(text[i++]);
        continue;
      }
      if (value >= 0) out.push_back(static_cast<char32_t>(value));
      i = start + n;
      continue;
    }
    // [^\t\n\f <&#;]{1,32};?
    std::size_t j = start;
    while (j < text.size() && j - start < 32) {
      const char32_t c = text[j];
      if (c == U'\t' || c == U'\n' || c == U'\f' || c == U' ' || c == U'<' || c == U'&' || c == U'#' || c == U';')
        break;
      ++j;
    }
    if (j == start) {
      out.push_back(text[i++]);
      continue;
    }
    const bool semicolon = j < text.size() && text[j] == U';';
    const std::u32string_view body = text.substr(start, j - start);
    const std::size_t end = semicolon ? j + 1 : j;
    // Entity names are ASCII: only the ASCII head of the match can name one.
    std::string name;
    for (char32_t c : body) {
      if (c >= 0x80) break;
      name.push_back(static_cast<char>(c));
    }
    const EntityEntry* exact = name.size() == body.size() ? find_entity(name) : nullptr;
    if (exact && (semicolon || (exact->flags & 1))) {
      append_value(out, *exact);
      i = end;
      continue;
    }
    // Python: the longest legacy name that is a proper prefix (at least 2 characters) of the match.
    bool done = false;
    const std::size_t whole = end - start;
    for (std::size_t x = whole - 1; !done && x >= 2 && x < whole; --x) {
      if (x > name.size()) continue;
      const EntityEntry* e = find_entity(std::string_view(name).substr(0, x));
      if (e && (e->flags & 1)) {
        append_value(out, *e);
        out.append(text.substr(start + x, end - (start + x)));
        done = true;
      }
    }
    if (!done) out.append(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::u32string ftfy_unescape_html(std::u32string_view text) {
  if (text.find(U'&') == std::u32string_view::npos) return std::u32string(text);
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != U'&') {
      out.push_back(text[i++]);
      continue;
    }
    // &#?[0-9A-Za-z]{1,24};
    std::size_t j = i + 1;
    const bool numeric = j < text.size() && text[j] == U'#';
    if (numeric) ++j;
    const std::size_t body_start = j;
    while (j < text.size() && j - body_start < 24 && is_ascii_alnum(text[j])) ++j;
    if (j == body_start || j >= text.size() || text[j] != U';') {
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t end = j + 1;
    const std::u32string_view match = text.substr(i, end - i);
    if (numeric) {
      int64_t value = 0;
      const std::size_t n = parse_numeric(text, i + 1, value);
      if (n == end - (i + 1)) {  // decoded completely, ';' included
        if (value >= 0) out.push_back(static_cast<char32_t>(value));
      } else {
        out.append(match);
      }
      i = end;
      continue;
    }
    const std::string name = ascii_name(text.substr(body_start, j - body_start));
    if (const EntityEntry* e = find_entity(name)) {
      append_value(out, *e);
    } else {
      bool has_lower = std::any_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      std::string lower = name;
      for (char& c : lower) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      const EntityEntry* e2 = has_lower ? nullptr : find_entity(lower);
      if (e2 && (e2->flags & 2)) {
        std::u32string value;
        append_value(value, *e2);
        out += to_upper(value);
      } else {
        out.append(match);
      }
    }
    i = end;
  }
  return out;
}

}  // namespace olis::text
