#include "core/prompts/manifest.h"

#include "core/prompts/text_util.h"
#include "core/util/atomic_file.h"

namespace olis::prompts {

namespace fs = std::filesystem;

nlohmann::ordered_json to_json(const PromptItem& item) {
  const auto kind = item.slots.kind;
  nlohmann::ordered_json slots;
  slots["style"] = item.slots.style;
  for (std::size_t a = 0; a < 3; ++a) slots[slot_name(kind, static_cast<PoolSlot>(a))] = item.slots.adjectives[a];
  slots["class"] = item.slots.class_name;
  if (item.slots.scene_type == SceneType::Background) slots["background"] = item.slots.scene;
  if (item.slots.scene_type == SceneType::Motion) slots["motion"] = item.slots.scene;
  nlohmann::ordered_json j;
  j["id"] = item.id;
  j["category"] = to_string(item.category);
  j["kind"] = to_string(kind);
  j["slots"] = std::move(slots);
  j["prompt"] = item.prompt;
  j["seed"] = item.seed;
  j["image"] = item.image_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(item.image_path);
  return j;
}

namespace {

Expected<std::string> get_string(const nlohmann::json& j, const char* key, const std::string& label) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return fail(label + ": '" + key + "' is missing or not a text");
  return it->get<std::string>();
}

}  // namespace

Expected<PromptItem> prompt_item_from_json(const nlohmann::json& j, const std::string& label) {
  if (!j.is_object()) return fail(label + ": not a JSON object");
  PromptItem item;
  auto id = get_string(j, "id", label);
  if (!id) return tl::unexpected(id.error());
  item.id = *id;
  auto cat = get_string(j, "category", label);
  if (!cat) return tl::unexpected(cat.error());
  auto category = parse_prompt_category(*cat);
  if (!category) return fail(label + ": category '" + *cat + "' must be training, photoreal, styled or class");
  item.category = *category;
  auto kind_text = get_string(j, "kind", label);
  if (!kind_text) return tl::unexpected(kind_text.error());
  auto kind = parse_subject_kind(*kind_text);
  if (!kind || *kind_text != to_string(*kind)) return fail(label + ": kind '" + *kind_text + "' must be object, living or person");
  item.slots.kind = *kind;
  auto sit = j.find("slots");
  if (sit == j.end() || !sit->is_object()) return fail(label + ": 'slots' is missing or not an object");
  const auto& slots = *sit;
  auto style = get_string(slots, "style", label + " slots");
  if (!style) return tl::unexpected(style.error());
  item.slots.style = *style;
  for (std::size_t a = 0; a < 3; ++a) {
    auto v = get_string(slots, slot_name(*kind, static_cast<PoolSlot>(a)), label + " slots");
    if (!v) return tl::unexpected(v.error());
    item.slots.adjectives[a] = *v;
  }
  auto cls = get_string(slots, "class", label + " slots");
  if (!cls) return tl::unexpected(cls.error());
  item.slots.class_name = *cls;
  const bool has_bg = slots.contains("background"), has_motion = slots.contains("motion");
  if (has_bg && has_motion) return fail(label + ": slots has both 'background' and 'motion'");
  if (has_bg || has_motion) {
    auto scene = get_string(slots, has_bg ? "background" : "motion", label + " slots");
    if (!scene) return tl::unexpected(scene.error());
    item.slots.scene = *scene;
    item.slots.scene_type = has_bg ? SceneType::Background : SceneType::Motion;
  }
  auto prompt = get_string(j, "prompt", label);
  if (!prompt) return tl::unexpected(prompt.error());
  item.prompt = *prompt;
  auto seed = j.find("seed");
  if (seed == j.end() || !seed->is_number_integer() || (seed->is_number_integer() && !seed->is_number_unsigned() && seed->get<std::int64_t>() < 0))
    return fail(label + ": 'seed' is missing or not a whole number >= 0");
  item.seed = seed->get<std::uint64_t>();
  auto image = j.find("image");
  if (image != j.end() && !image->is_null()) {
    if (!image->is_string()) return fail(label + ": 'image' must be a path or null");
    item.image_path = image->get<std::string>();
  }
  return item;
}

Expected<void> write_manifest(const fs::path& path, const std::vector<PromptItem>& items) {
  try {
    AtomicFileWriter w(path);
    for (const auto& item : items) {
      w.write(to_json(item).dump());
      w.write("\n");
    }
    w.commit();
  } catch (const std::exception& e) {
    return fail("cannot write the manifest " + path.string() + ": " + e.what());
  }
  return {};
}

Expected<std::vector<PromptItem>> read_manifest(const fs::path& path) {
  auto text = read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  std::vector<PromptItem> items;
  std::size_t line_no = 0, pos = 0;
  const std::string name = path.filename().string();
  while (pos < text->size()) {
    auto nl = text->find('\n', pos);
    if (nl == std::string::npos) nl = text->size();
    const std::string line = text->substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (detail::trim(line).empty()) continue;
    const std::string label = name + ":" + std::to_string(line_no);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return fail(label + ": not valid JSON");
    auto item = prompt_item_from_json(j, label);
    if (!item) return tl::unexpected(item.error());
    items.push_back(std::move(*item));
  }
  return items;
}

}  // namespace olis::prompts
