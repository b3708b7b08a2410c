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

bool takes_an(const std::string& word_in) {
  std::string_view w = word_in;
  while (!w.empty() && !is_alpha(w.front()) && !is_digit(w.front())) w.remove_prefix(1);  // quotes, brackets
  if (w.empty()) return false;
  if (is_digit(w.front())) return number_takes_an(w);
  const std::string lower = detail::to_lower(w.substr(0, std::min<std::size_t>(w.size(), 12)));
  for (auto a : kAcronymWords) {
    if (detail::starts_with(lower, a) && (lower.size() == a.size() || !is_alpha(lower[a.size()])))
      return a == "oled";
  }
  // A single letter said by its name: "an X-ray", "an L-shaped", "a U-turn", "an HDR", "an LED".
  if (w.size() == 1 || !is_alpha(w[1]) || is_acronym(w)) return letter_name_takes_an(lower[0]);
  for (auto p : kVowelDespitePrefix)
    if (detail::starts_with(lower, p)) return true;
  for (auto p : kConsonantPrefixes)
    if (detail::starts_with(lower, p)) return false;
  if (lower == "one" || detail::starts_with(lower, "one ")) return false;
  for (auto p : kSilentH)
    if (detail::starts_with(lower, p)) return true;
  switch (lower[0]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return true;
    default: return false;
  }
}

std::string fix_articles(const std::string& text, const std::string& keep_before) {
  auto words = detail::split_words(text);
  const std::string keep = detail::to_lower(keep_before);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    std::string& w = words[i];
    const std::string lw = detail::to_lower(w);
    if (lw != "a" && lw != "an") continue;
    const std::string& next = words[i + 1];
    if (!keep.empty()) {
      std::string bare;
      for (char c : next)
        if (detail::is_word_byte(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '<' || c == '>')
          bare += c;
      if (detail::to_lower(bare) == keep) continue;
    }
    const bool an = takes_an(next);
    const bool cap = is_upper(w[0]);
    const bool all_caps = w.size() == 2 && is_upper(w[0]) && is_upper(w[1]);
    if (an) w = all_caps ? "AN" : (cap ? "An" : "an");
    else w = cap ? "A" : "a";
  }
  return detail::join(words, " ");
}

}  // namespace olis::prompts
