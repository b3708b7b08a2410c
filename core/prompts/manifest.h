#pragma once
// The regularization manifest: JSON Lines, one item per line, e.g.
// {"id":"reg-00000","category":"photoreal","kind":"object","slots":{"style":"a photo of","shape":"round",
//  "color":"red","texture":"woven","class":"backpack","background":"on a rock"},
//  "prompt":"a photo of a round red woven backpack on a rock","seed":123456,"image":null}
// Living/person items name their slots body/skin/emotion/motion. Unused adjective slots are "".
// Written atomically; read back exactly (read_manifest(write_manifest(x)) == x).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/prompts/prompt_set.h"
#include "core/util/error.h"

namespace olis::prompts {

// Keys in the order shown above.
nlohmann::ordered_json to_json(const PromptItem& item);
// `label` names the file and line in error messages ("reg.jsonl:12").
Expected<PromptItem> prompt_item_from_json(const nlohmann::json& j, const std::string& label);

Expected<void> write_manifest(const std::filesystem::path& path, const std::vector<PromptItem>& items);
// Blank lines are skipped; any malformed line fails with its line number.
Expected<std::vector<PromptItem>> read_manifest(const std::filesystem::path& path);

}  // namespace olis::prompts
