#include "core/util/json_util.h"

#include <limits>

#include <fmt/format.h>

#include "core/util/atomic_file.h"

namespace olis {

Expected<nlohmann::json> parse_json_lenient(const std::string& text, const std::string& label) {
  // Replace the non-standard tokens outside of strings.
  std::string fixed;
  fixed.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      fixed.push_back(c);
      if (c == '\\' && i + 1 < text.size()) fixed.push_back(text[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      fixed.push_back(c);
    } else if (text.compare(i, 9, "-Infinity") == 0) {
      fixed += "-1e308";
      i += 8;
    } else if (text.compare(i, 8, "Infinity") == 0) {
      fixed += "1e308";
      i += 7;
    } else if (text.compare(i, 3, "NaN") == 0) {
      fixed += "null";
      i += 2;
    } else {
      fixed.push_back(c);
    }
  }
  try {
    return nlohmann::json::parse(fixed);
  } catch (const nlohmann::json::exception& e) {
    return fail(fmt::format("{}: not valid JSON: {}", label, e.what()));
  }
}

Expected<nlohmann::json> load_json_file(const std::filesystem::path& path) {
  auto text = read_text_file(path, 64u << 20);
  if (!text) return tl::unexpected(text.error());
  return parse_json_lenient(*text, path.string());
}

}  // namespace olis
