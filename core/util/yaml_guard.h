#pragma once
// Checks of a YAML text before yaml-cpp parses it. yaml-cpp 0.7 (Debian 12) parses nested collections
// recursively without a depth limit, so a file of a few thousand '[' overflows the stack; and it passes
// bytes that are not UTF-8 through, which its emitter then writes back differently.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/error.h"

namespace olis {

// Refuses text that is not UTF-8, flow nesting ('[' and '{') deeper than max_depth, and block nesting
// (indentation plus leading "- " indicators) deeper than 4 * max_depth columns, with a message naming
// `label` and the line. Olis' YAML files are shallow.
Expected<void> check_yaml_text(std::string_view text, const std::string& label, int max_depth = 64);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

}  // namespace olis
