#pragma once
// The one table of training.olis.yaml keys: name, type, allowed range, how the default is chosen, a line
// of documentation, and how the key reads and writes TrainSettings. Parsing, formatting, the dry-run
// listing, the README's reference and the Train tab's form all come from it. To add a key, add a row in
// train_settings_keys.cpp (and a field in TrainSettings).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/jobs/train_settings.h"

namespace olis::jobs {

enum class SettingType {
  Bool,      // true / false
  Int,       // whole number in [min, max] (and a multiple of `multiple_of` when set)
  Unsigned,  // seed: whole number from 0 to 2^64 - 1
  Float,     // number in [min, max] ((min, max] when min_exclusive)
  Text,
  Path,      // relative paths are relative to the settings file's folder
  Choice,    // one of `choices`
};

struct SettingKey {
  std::string name;  // "steps", "regularization.count" (a dot: the key sits in that mapping)
  SettingType type = SettingType::Text;
  double min = 0, max = 0;
  bool min_exclusive = false;
  int64_t multiple_of = 0;
  std::vector<std::string> choices;
  std::string default_doc;            // "4000 (full) or 8000 (LoRA)": how the default is chosen
  std::string doc;                    // what the key does
  std::vector<std::string> aliases;   // what other trainers call it ("learning_rate"): "did you mean"
  std::string zero_hint;              // said when the value is 0 and 0 is not allowed
  std::function<SettingValue(const TrainSettings&)> get;
  std::function<void(TrainSettings&, const SettingValue&, const std::filesystem::path& base_dir)> set;
};

const std::vector<SettingKey>& train_setting_keys();
const SettingKey* find_train_setting(std::string_view name);
// The mappings that hold keys ("regularization", "metrics").
const std::vector<std::string>& train_setting_groups();

// "a whole number from 1 to 10000000", "one of full, lora", "true or false".
std::string describe_allowed(const SettingKey& key);
// Parses a YAML scalar (or a command-line value) as the key's type; nullopt when it is not one.
std::optional<SettingValue> parse_setting_text(const SettingKey& key, const std::string& text);
// Type and range check. The error is a sentence without location, e.g.
// "steps is 0, but it must be a whole number from 1 to 10000000."; `who` names the key ("steps",
// "--steps").
std::optional<std::string> check_setting_value(const SettingKey& key, const SettingValue& value,
                                               const std::string& who);

// The nearest known key to an unknown one (aliases first, then edit distance, also against the last
// part of dotted names); empty when nothing is close.
std::string nearest_train_setting(std::string_view unknown, std::string_view group = {});

// The settings reference as a Markdown table (`olis-cli settings`, the README).
std::string settings_reference_markdown();

}  // namespace olis::jobs
