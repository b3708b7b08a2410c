#include "core/prompts/text_util.h"

namespace olis::prompts::detail {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower_ascii(c);
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t b = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > b) out.emplace_back(s.substr(b, i - b));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string normalize_key(std::string_view s) { return to_lower(join(split_words(s), " ")); }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::size_t count_occurrences(std::string_view s, std::string_view what) {
  if (what.empty()) return 0;
  std::size_t n = 0;
  for (std::size_t pos = s.find(what); pos != std::string_view::npos; pos = s.find(what, pos + what.size())) ++n;
  return n;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

bool contains_word(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  auto is_wc = [](unsigned char c) { return is_word_byte(c) || c == '-' || c == '_'; };
  for (std::size_t pos = 0; pos + word.size() <= text.size(); ++pos) {
    std::size_t k = 0;
    while (k < word.size() && lower_ascii(text[pos + k]) == lower_ascii(word[k])) ++k;
    if (k != word.size()) continue;
    const std::size_t e = pos + word.size();
    if ((pos == 0 || !is_wc(static_cast<unsigned char>(text[pos - 1]))) &&
        (e >= text.size() || !is_wc(static_cast<unsigned char>(text[e]))))
      return true;
  }
  return false;
}

}  // namespace olis::prompts::detail
