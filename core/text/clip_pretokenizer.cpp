#include "core/text/clip_pretokenizer.h"

#include <array>
#include <cctype>
#include <cstdint>

#include "core/text/unicode_text.h"

namespace olis::text {

namespace {

enum class CharClass : uint8_t { Space, Letter, Number, Other };

constexpr std::array<CharClass, 128> make_ascii_classes() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    CharClass k = CharClass::Other;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = CharClass::Letter;
    else if (c >= '0' && c <= '9') k = CharClass::Number;
    else if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) k = CharClass::Space;
    t[static_cast<std::size_t>(c)] = k;
  }
  return t;
}
constexpr auto kAscii = make_ascii_classes();

// Decodes one code point at s[i] (cleaned text is valid UTF-8); sets its byte length.
char32_t decode_at(std::string_view s, std::size_t i, std::size_t& len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char c = p[i];
  const std::size_t n = s.size();
  if (c < 0x80) { len = 1; return c; }
  if ((c & 0xE0) == 0xC0 && i + 1 < n) { len = 2; return (char32_t(c & 0x1F) << 6) | (p[i + 1] & 0x3F); }
  if ((c & 0xF0) == 0xE0 && i + 2 < n) {
    len = 3;
    return (char32_t(c & 0x0F) << 12) | (char32_t(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
  }
  if ((c & 0xF8) == 0xF0 && i + 3 < n) {
    len = 4;
    return (char32_t(c & 0x07) << 18) | (char32_t(p[i + 1] & 0x3F) << 12) | (char32_t(p[i + 2] & 0x3F) << 6) |
           (p[i + 3] & 0x3F);
  }
  len = 1;
  return 0xFFFD;
}

CharClass classify(char32_t cp) {
  if (cp < 128) return kAscii[cp];
  if (is_letter(cp)) return CharClass::Letter;
  if (is_number(cp)) return CharClass::Number;
  if (is_whitespace(cp)) return CharClass::Space;
  return CharClass::Other;
}

CharClass class_at(std::string_view s, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    len = 1;
    return kAscii[c];
  }
  return classify(decode_at(s, i, len));
}

// Length of a contraction ('s 't 're 've 'm 'll 'd, case-insensitive) at s[i] == '\'', or 0.
std::size_t contraction_length(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size()) return 0;
  const char a = static_cast<char>(s[i + 1] | 0x20);
  if (a == 's' || a == 't' || a == 'm' || a == 'd') {
    if (std::isalpha(static_cast<unsigned char>(s[i + 1]))) return 2;
  }
  // U+017F LATIN SMALL LETTER LONG S case-folds to 's', so IGNORECASE matches "'ſ" as 's.
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xC5 && static_cast<unsigned char>(s[i + 2]) == 0xBF)
    return 3;
  if (i + 2 < s.size()) {
    const char b = static_cast<char>(s[i + 2] | 0x20);
    const bool alpha = std::isalpha(static_cast<unsigned char>(s[i + 1])) && std::isalpha(static_cast<unsigned char>(s[i + 2]));
    if (alpha && ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))) return 3;
  }
  return 0;
}

constexpr std::string_view kStart = "<|startoftext|>";
constexpr std::string_view kEnd = "<|endoftext|>";

}  // namespace

void clip_pretokenize(std::string_view s, std::vector<std::string_view>& pieces) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const char c = s[i];
    if (c == '<' && (s.compare(i, kStart.size(), kStart) == 0 || s.compare(i, kEnd.size(), kEnd) == 0)) {
      const std::size_t len = s.compare(i, kStart.size(), kStart) == 0 ? kStart.size() : kEnd.size();
      pieces.push_back(s.substr(i, len));
      i += len;
      continue;
    }
    if (c == '\'') {
      if (const std::size_t len = contraction_length(s, i)) {
        pieces.push_back(s.substr(i, len));
        i += len;
        continue;
      }
    }
    std::size_t len = 0;
    const CharClass k = class_at(s, i, len);
    if (k == CharClass::Space) {
      i += len;
      continue;
    }
    if (k == CharClass::Number) {
      pieces.push_back(s.substr(i, len));
      i += len;
      continue;
    }
    // Letters: a maximal run of letters. Other: a maximal run of anything but whitespace, letters, digits.
    const std::size_t start = i;
    i += len;
    while (i < n) {
      std::size_t l = 0;
      if (class_at(s, i, l) != k) break;
      i += l;
    }
    pieces.push_back(s.substr(start, i - start));
  }
}

}  // namespace olis::text
