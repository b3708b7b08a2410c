#pragma once
// JSON files as diffusers and transformers write them. Python's json writes Infinity, -Infinity and NaN,
// which strict parsers reject (e.g. DPM-Solver's "lambda_min_clipped": -Infinity), so they are mapped
// to large finite numbers / null before parsing.
#include <filesystem>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis {

Expected<nlohmann::json> parse_json_lenient(const std::string& text, const std::string& label);
Expected<nlohmann::json> load_json_file(const std::filesystem::path& path);

// Typed field access with a default; throws olis::Error naming the file and key on a type mismatch.
template <class T>
T json_get(const nlohmann::json& j, const std::string& key, const T& fallback, const std::string& label = "") {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(label + ": '" + key + "' has the wrong type (" + e.what() + ")");
  }
}

// Reads a JSON file and converts it with `convert(json, label)`, which throws olis::Error on bad content
// (the config readers' from_json functions). Every failure comes back as an Error naming the file.
template <class Convert>
auto load_json_as(const std::filesystem::path& path, Convert convert)
    -> Expected<std::decay_t<decltype(convert(std::declval<const nlohmann::json&>(), std::declval<const std::string&>()))>> {
  auto j = load_json_file(path);
  if (!j) return tl::unexpected(j.error());
  try {
    return convert(*j, path.string());
  } catch (const Error& e) {
    return fail(e.what());
  }
}

}  // namespace olis
