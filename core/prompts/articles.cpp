#include "core/prompts/articles.h"

#include <array>
#include <string_view>
#include <vector>

#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c); }

// Letters whose English name starts with a vowel sound: "an F", "an H", "an L", ..., but "a U".
bool letter_name_takes_an(char c) {
  switch (c) {
    case 'a': case 'e': case 'f': case 'h': case 'i': case 'l': case 'm': case 'n': case 'o': case 'r':
    case 's': case 'x':
      return true;
    default:
      return false;
  }
}

// Written with a vowel letter but said with a consonant sound: "a unicorn", "a European", "a one-eyed".
constexpr std::array<std::string_view, 18> kConsonantPrefixes = {"uni", "use",  "usu",  "usa",  "ute",  "uti",
                                                                   "uto", "ure",  "uri",  "ura",  "uku",  "uvu",
                                                                   "eu",  "ewe",  "once", "one-", "onesie", "ufo"};
// ... except these, which keep the vowel sound ("an unimportant", "an uninvited", "an onerous").
constexpr std::array<std::string_view, 4> kVowelDespitePrefix = {"unin", "unim", "unid", "onerous"};
// Written with a consonant letter but said with a vowel sound: "an hour", "an honest", "an heir".
constexpr std::array<std::string_view, 5> kSilentH = {"hour", "honest", "honor", "honour", "heir"};
// Acronyms that are read as words, not letters: "a NASA", "a UNESCO"; "an OLED" is read as a word too.
constexpr std::array<std::string_view, 7> kAcronymWords = {"nasa", "nato", "unesco", "unicef", "oled", "ufo", "lego"};

bool is_acronym(std::string_view w) {
  std::size_t letters = 0;
  for (char c : w) {
    if (is_alpha(c)) {
      if (!is_upper(c)) return false;
      ++letters;
    } else if (!is_digit(c)) {
      break;
    }
  }
  return letters >= 2;
}

bool number_takes_an(std::string_view w) {
  std::size_t n = 0;
  while (n < w.size() && (is_digit(w[n]) || w[n] == ',')) ++n;
  std::string digits;
  for (std::size_t i = 0; i < n; ++i)
    if (w[i] != ',') digits += w[i];
  if (digits.empty()) return false;
  if (digits[0] == '8') return true;  // eight, eighty, eight hundred, 8-bit
  // eleven, eighteen, eleven thousand, eighteen million...
  if (digits.size() >= 2 && digits[0] == '1' && (digits[1] == '1' || digits[1] == '8'))
    return digits.size() % 3 == 2;
  return false;
}

}  // namespace

namespace {
bool takes_an_view(std::string_view w) {
  while (!w.empty() && !is_alpha(w.front()) && !is_digit(w.front())) w.remove_prefix(1);  // quotes, brackets
  if (w.empty()) return false;
  if (is_digit(w.front())) return number_takes_an(w);
  const std::string lower = detail::to_lower(w.substr(0, std::min<std::size_t>(w.size(), 12)));
  // Every listed exception starts with one of these letters; other words skip the lists.
  const bool maybe_exception = std::string_view("eholnu").find(lower[0]) != std::string_view::npos;
  if (maybe_exception) {
    for (auto a : kAcronymWords) {
      if (detail::starts_with(lower, a) && (lower.size() == a.size() || !is_alpha(lower[a.size()])))
        return a == "oled";
    }
  }
  // A single letter said by its name: "an X-ray", "an L-shaped", "a U-turn", "an HDR", "an LED".
  if (w.size() == 1 || !is_alpha(w[1]) || is_acronym(w)) return letter_name_takes_an(lower[0]);
  if (maybe_exception) {
    for (auto p : kVowelDespitePrefix)
      if (detail::starts_with(lower, p)) return true;
    for (auto p : kConsonantPrefixes)
      if (detail::starts_with(lower, p)) return false;
    if (lower == "one") return false;
    for (auto p : kSilentH)
      if (detail::starts_with(lower, p)) return true;
  }
  switch (lower[0]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return true;
    default: return false;
  }
}

}  // namespace

bool takes_an(const std::string& word) { return takes_an_view(word); }

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// `word` without surrounding punctuation equals `keep` (case-insensitive).
bool is_kept_word(std::string_view word, std::string_view keep) {
  std::size_t b = 0, e = word.size();
  auto inner = [](char c) { return detail::is_word_byte(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '<' || c == '>'; };
  while (b < e && !inner(word[b])) ++b;
  while (e > b && !inner(word[e - 1])) --e;
  return iequals(word.substr(b, e - b), keep);
}

}  // namespace

// Single pass without per-word allocations: this runs for every rendered prompt. An article is held back
// until the word after it is known.
std::string fix_articles(const std::string& text, const std::string& keep_before) {
  std::string out;
  out.reserve(text.size() + 4);
  std::string_view pending;  // an article waiting for its word
  bool has_pending = false;
  auto emit = [&out](std::string_view token) {
    if (!out.empty()) out += ' ';
    out += token;
  };
  const std::string_view t = text;
  for (std::size_t i = 0; i < t.size();) {
    while (i < t.size() && is_space(t[i])) ++i;
    const std::size_t b = i;
    while (i < t.size() && !is_space(t[i])) ++i;
    if (i == b) break;
    const std::string_view w = t.substr(b, i - b);
    if (has_pending) {
      has_pending = false;
      if (!keep_before.empty() && is_kept_word(w, keep_before)) {
        emit(pending);
      } else {
        const bool an = takes_an_view(w);
        const bool cap = is_upper(pending[0]);
        const bool all_caps = pending.size() == 2 && is_upper(pending[0]) && is_upper(pending[1]);
        emit(an ? (all_caps ? "AN" : (cap ? "An" : "an")) : (cap ? "A" : "a"));
      }
    }
    if (iequals(w, "a") || iequals(w, "an")) {
      pending = w;
      has_pending = true;
    } else {
      emit(w);
    }
  }
  if (has_pending) emit(pending);
  return out;
}

}  // namespace olis::prompts
