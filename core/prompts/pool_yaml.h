#pragma once
// Internal to core/prompts: the YAML helpers that the pool loader (pools.cpp) and the overlays
// (pool_overlay.cpp) share. Not part of the public surface.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/prompts/pools.h"

namespace olis::prompts::pool_yaml {

int line_of(const YAML::Node& n);  // 1-based, 0 when unknown
// The problems, one a line (at most 25, then a count).
std::string join_problems(const std::vector<PoolProblem>& problems);
Expected<YAML::Node> load_yaml(const std::filesystem::path& path);
std::string scalar_or_empty(const YAML::Node& n);
// A sequence of texts (whitespace folded); `lines` gets each entry's line; anything else becomes a problem.
std::vector<std::string> read_strings(const YAML::Node& seq, const std::string& slot, const std::filesystem::path& file,
                                      std::vector<int>& lines, std::vector<PoolProblem>& problems);
std::vector<Style> read_styles(const YAML::Node& seq, const std::filesystem::path& file, std::vector<int>& lines,
                               std::vector<PoolProblem>& problems);
std::optional<SubjectKind> kind_of_pool(const std::string& s);  // "object", "living", "person"
std::optional<PoolSlot> slot_by_name(SubjectKind kind, const std::string& name);
Expected<void> check_schema(const YAML::Node& root, const std::filesystem::path& path, const char* schema);
// Appends unless an entry with the same normalised text is there.
void add_unique(std::vector<std::string>& v, const std::string& entry);
// Removes entries whose normalised text is in `remove`.
void remove_matching(std::vector<std::string>& v, const std::vector<std::string>& remove);

}  // namespace olis::prompts::pool_yaml
