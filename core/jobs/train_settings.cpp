#include "core/jobs/train_settings.h"

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "core/jobs/train_settings_defaults.h"
#include "core/jobs/train_settings_keys.h"
#include "core/util/atomic_file.h"
#include "core/util/nearest_name.h"
#include "core/util/yaml_guard.h"

namespace olis::jobs {

namespace fs = std::filesystem;

const char* to_string(TrainPrecision p) {
  switch (p) {
    case TrainPrecision::BFloat16: return "bf16";
    case TrainPrecision::Float16: return "fp16";
    case TrainPrecision::Float32: break;
  }
  return "fp32";
}

const char* to_string(RegPrior p) {
  switch (p) {
    case RegPrior::Class: return "class";
    case RegPrior::None: return "none";
    case RegPrior::Structured: break;
  }
  return "structured";
}

std::optional<RegPrior> parse_reg_prior(const std::string& text) {
  if (text == "structured") return RegPrior::Structured;
  if (text == "class") return RegPrior::Class;
  if (text == "none") return RegPrior::None;
  return std::nullopt;
}

const char* to_string(MemoryProfile p) { return p == MemoryProfile::Gb12 ? "12gb" : "24gb"; }

const char* to_string(SettingSource s) {
  switch (s) {
    case SettingSource::Family: return "family";
    case SettingSource::File: return "file";
    case SettingSource::Flag: return "flag";
    case SettingSource::Default: break;
  }
  return "default";
}

Expected<void> TrainSettingsDoc::set(const std::string& key, const SettingValue& value) {
  const SettingKey* k = find_train_setting(key);
  if (!k) return fail(fmt::format("unknown training setting '{}'", key));
  if (auto problem = check_setting_value(*k, value, key)) return fail(*problem);
  values[key] = value;
  return {};
}

namespace {

int line_of(const YAML::Node& node) { return node.Mark().line < 0 ? 0 : node.Mark().line + 1; }

std::string at(const std::string& label, int line) { return line > 0 ? fmt::format("{} line {}", label, line) : label; }

const char* node_kind(const YAML::Node& n) {
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "a value";
}

std::string unknown_key_message(const std::string& label, int line, const std::string& key, const std::string& group) {
  const std::string shown = group.empty() ? key : group + "." + key;
  const auto near = nearest_train_setting(key, group);
  if (!near.empty()) return fmt::format("{}: unknown key '{}'. Did you mean '{}'?", at(label, line), shown, near);
  return fmt::format("{}: unknown key '{}' (the keys are listed in the README's settings reference and by "
                     "'olis-cli train PROJECT --dry-run').",
                     at(label, line), shown);
}

void read_value(TrainSettingsDoc& doc, const std::string& label, const SettingKey& key, const YAML::Node& value, int line) {
  if (value.IsNull()) return;  // "steps:" with nothing after it: not set
  if (!value.IsScalar())
    throw Error(fmt::format("{}: {} should be {}, not {}.", at(label, line), key.name, describe_allowed(key), node_kind(value)));
  const std::string& text = value.Scalar();
  auto parsed = parse_setting_text(key, text);
  if (!parsed) {
    std::string msg = fmt::format("{}: {} is {}, but it must be {}.", at(label, line), key.name,
                                  text.empty() ? "empty" : "'" + text + "'", describe_allowed(key));
    if (key.type == SettingType::Choice)
      if (auto near = nearest_name(text, key.choices); !near.empty()) msg += fmt::format(" Did you mean {}?", near);
    throw Error(msg);
  }
  if (auto problem = check_setting_value(key, *parsed, key.name)) throw Error(at(label, line) + ": " + *problem);
  doc.values[key.name] = *parsed;
  doc.lines[key.name] = line;
}

void read_map(TrainSettingsDoc& doc, const std::string& label, const YAML::Node& map, const std::string& group) {
  std::map<std::string, int> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node k = it->first;  // copies: the iterator hands out a temporary pair
    const YAML::Node v = it->second;
    const int line = line_of(k);
    if (!k.IsScalar()) throw Error(fmt::format("{}: a key must be a plain name, not {}.", at(label, line), node_kind(k)));
    const std::string name = k.Scalar();
    const std::string full = group.empty() ? name : group + "." + name;
    if (auto [pos, fresh] = seen.emplace(name, line); !fresh)
      throw Error(fmt::format("{}: '{}' is set twice (first on line {}); keep one of them.", at(label, line), full, pos->second));
    if (group.empty() && std::find(train_setting_groups().begin(), train_setting_groups().end(), name) != train_setting_groups().end()) {
      if (v.IsNull()) continue;
      if (!v.IsMap()) {
        std::string keys;
        for (const auto& key : train_setting_keys())
          if (key.name.rfind(name + ".", 0) == 0) keys += (keys.empty() ? "" : ", ") + key.name.substr(name.size() + 1);
        throw Error(fmt::format("{}: '{}' should be a mapping of {}, not {}.", at(label, line), name, keys, node_kind(v)));
      }
      read_map(doc, label, v, name);
      continue;
    }
    const SettingKey* key = find_train_setting(full);
    if (!key) throw Error(unknown_key_message(label, line, name, group));
    read_value(doc, label, *key, v, line);
  }
}

}  // namespace

Expected<TrainSettingsDoc> parse_train_settings_doc(const std::string& yaml, const std::string& label) {
  if (auto shallow = check_yaml_text(yaml, label); !shallow) return tl::unexpected(shallow.error());
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return fail(label + ": 'base_model' is missing (the path of a diffusers folder or .safetensors file).");
    if (!root.IsMap()) return fail(label + ": expected a YAML mapping of training settings (key: value lines).");
    TrainSettingsDoc doc;
    read_map(doc, label, root, "");
    if (!doc.has("base_model"))
      return fail(label + ": 'base_model' is missing (the path of a diffusers folder or .safetensors file).");
    return doc;
  } catch (const YAML::Exception& e) {
    return fail(fmt::format("{}: {}", at(label, e.mark.line < 0 ? 0 : e.mark.line + 1), e.msg));
  } catch (const Error& e) {
    return fail(e.what());
  }
}

Expected<TrainSettingsDoc> read_train_settings_doc(const fs::path& file) {
  fs::path path = file;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path /= kTrainSettingsFileName;
  auto text = read_text_file(path, 1u << 20);
  if (!text) return fail(path.string() + ": cannot read the training settings (" + text.error().message() + ")");
  return parse_train_settings_doc(*text, path.string());
}

std::string format_train_settings(const TrainSettingsDoc& doc) {
  YAML::Emitter e;
  e << YAML::Comment("Olis training settings; every key but base_model is optional (see the README's settings reference)");
  e << YAML::BeginMap;
  auto emit = [&](const SettingKey& k, const SettingValue& v, const std::string& name) {
    e << YAML::Key << name << YAML::Value;
    if (k.type == SettingType::Text || k.type == SettingType::Path) e << YAML::DoubleQuoted << std::get<std::string>(v);
    else e << format_setting_value(v);
  };
  for (const auto& k : train_setting_keys()) {
    if (k.name.find('.') != std::string::npos) continue;
    if (auto it = doc.values.find(k.name); it != doc.values.end()) emit(k, it->second, k.name);
  }
  for (const auto& g : train_setting_groups()) {
    bool open = false;
    for (const auto& k : train_setting_keys()) {
      if (k.name.rfind(g + ".", 0) != 0) continue;
      auto it = doc.values.find(k.name);
      if (it == doc.values.end()) continue;
      if (!open) e << YAML::Key << g << YAML::Value << YAML::BeginMap, open = true;
      emit(k, it->second, k.name.substr(g.size() + 1));
    }
    if (open) e << YAML::EndMap;
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

Expected<void> save_train_settings(const fs::path& file, const TrainSettingsDoc& doc) {
  try {
    write_file_atomic(file, format_train_settings(doc));
  } catch (const std::exception& e) {
    return fail(file.string() + ": cannot write the training settings (" + e.what() + ")");
  }
  return {};
}

Expected<TrainSettings> resolve_train_settings(const TrainSettingsDoc& doc, const ResolveContext& ctx, const SettingFlags& flags) {
  TrainSettings s;
  for (const auto& k : train_setting_keys()) s.origins[k.name] = {SettingSource::Default, ""};
  auto given = [&](const std::string& name) -> const SettingValue* {
    if (auto f = flags.find(name); f != flags.end()) return &f->second.value;
    if (auto d = doc.values.find(name); d != doc.values.end()) return &d->second;
    return nullptr;
  };
  for (const auto& [name, f] : flags) {
    const SettingKey* k = find_train_setting(name);
    if (!k) return fail(fmt::format("{} sets the unknown training setting '{}'", f.flag, name));
    if (auto problem = check_setting_value(*k, f.value, f.flag)) return fail(*problem);
  }
  for (const auto& [name, value] : doc.values) {
    const SettingKey* k = find_train_setting(name);
    if (!k) return fail(fmt::format("{}: unknown key '{}'", ctx.label, name));
    if (auto problem = check_setting_value(*k, value, name)) return fail(at(ctx.label, doc.lines.count(name) ? doc.lines.at(name) : 0) + ": " + *problem);
  }

  // The family's defaults depend on the memory profile, the device and (for steps and lr) the mode.
  const auto* k_profile = find_train_setting("memory_profile");
  const auto* k_device = find_train_setting("device");
  const auto* k_mode = find_train_setting("mode");
  if (auto v = given("memory_profile")) k_profile->set(s, *v, ctx.base_dir);
  if (auto v = given("device")) k_device->set(s, *v, ctx.base_dir);
  const bool cuda = s.device.rfind("cuda", 0) == 0 || (s.device == "auto" && ctx.cuda_available);
  const FamilyDefaults fam = family_defaults(ctx.model, s.memory_profile, cuda);
  const SettingOrigin family{SettingSource::Family, fam.why};
  s.mode = fam.mode;
  s.origins["mode"] = family;
  if (auto v = given("mode")) k_mode->set(s, *v, ctx.base_dir);
  const SettingOrigin by_mode = given("mode") ? SettingOrigin{SettingSource::Default, std::string("mode ") + training::to_string(s.mode)}
                                              : SettingOrigin{SettingSource::Family, fam.why + ", mode " + training::to_string(s.mode)};
  s.steps = default_steps(s.mode);
  s.lr = default_lr(s.mode);
  s.origins["steps"] = s.origins["lr"] = by_mode;
  s.eval_steps = fam.eval_steps;
  s.gradient_checkpointing = fam.gradient_checkpointing;
  s.precision = fam.precision;
  s.origins["eval_steps"] = s.origins["gradient_checkpointing"] = s.origins["precision"] = family;
  s.resolution_px = fam.resolution_px;
  s.origins["resolution"] = {SettingSource::Family, ctx.model.resolution_px > 0 && !ctx.model.source.empty()
                                                        ? fmt::format("the model's, from {}", ctx.model.source)
                                                        : fam.why};
  s.output_dir = ctx.base_dir / "training";
  s.regularization.manifest = (ctx.base_dir / "regularization.jsonl").string();

  for (const auto& [name, value] : doc.values) {
    find_train_setting(name)->set(s, value, ctx.base_dir);
    const auto line = doc.lines.find(name);
    s.origins[name] = {SettingSource::File, at(ctx.label, line == doc.lines.end() ? 0 : line->second)};
  }
  for (const auto& [name, f] : flags) {
    find_train_setting(name)->set(s, f.value, ctx.base_dir);
    s.origins[name] = {SettingSource::Flag, f.flag};
  }
  if (!given("lora_alpha")) {
    s.lora_alpha = s.lora_rank;
    s.origins["lora_alpha"] = {SettingSource::Default, "lora_rank"};
  }
  if (s.base_model.empty())
    return fail(ctx.label + ": 'base_model' is missing (the path of a diffusers folder or .safetensors file).");
  s.model = ctx.model;
  return s;
}

Expected<TrainSettings> parse_train_settings(const std::string& yaml, const std::string& label, const fs::path& base_dir,
                                             const BaseModelFacts& model) {
  auto doc = parse_train_settings_doc(yaml, label);
  if (!doc) return tl::unexpected(doc.error());
  ResolveContext ctx;
  ctx.base_dir = base_dir;
  ctx.label = label;
  ctx.model = model;
  return resolve_train_settings(*doc, ctx);
}

fs::path train_output_dir(const fs::path& project_dir) {
  auto doc = read_train_settings_doc(project_dir / kTrainSettingsFileName);
  if (!doc) return {};
  auto it = doc->values.find("output_dir");
  if (it == doc->values.end()) return fs::absolute(project_dir) / "training";
  const fs::path p(std::get<std::string>(it->second));
  return p.is_absolute() ? p : fs::absolute(project_dir) / p;
}

}  // namespace olis::jobs
