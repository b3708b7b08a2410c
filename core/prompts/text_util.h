#pragma once
// Small string helpers shared by the prompt engine (internal to core/prompts).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace olis::prompts::detail {

std::string to_lower(std::string_view s);
std::string trim(std::string_view s);
// Lowercased, trimmed, runs of whitespace collapsed to one space: the key for duplicate detection.
std::string normalize_key(std::string_view s);
// Splits on runs of whitespace.
std::vector<std::string> split_words(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool ends_with(std::string_view s, std::string_view suffix);
bool starts_with(std::string_view s, std::string_view prefix);
std::size_t count_occurrences(std::string_view s, std::string_view what);
// Replaces every occurrence of `from` with `to`.
std::string replace_all(std::string s, std::string_view from, std::string_view to);
// True when `word` occurs in `text` as a whole word (case-insensitive; letters, digits, '-' and '_' are
// word characters).
bool contains_word(std::string_view text, std::string_view word);
inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace olis::prompts::detail
