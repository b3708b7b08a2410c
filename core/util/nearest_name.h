#pragma once
// "Did you mean ...?" suggestions for misspelt keys and values.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace olis {

// Edit distance (Levenshtein, ASCII case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough (distance <= max(2, length / 3)); empty otherwise.
std::string nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace olis
