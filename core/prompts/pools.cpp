// Loading the attribute pools and the user's pool files.
#include "core/prompts/pools.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <system_error>

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "core/prompts/pool_yaml.h"
#include "core/prompts/text_util.h"
#include "core/util/atomic_file.h"
#include "core/util/resources.h"

namespace olis::prompts {

namespace fs = std::filesystem;

const char* slot_name(SubjectKind kind, PoolSlot slot) {
  static const char* object_names[] = {"shape", "color", "texture", "background"};
  static const char* living_names[] = {"body", "skin", "emotion", "motion"};
  const auto i = static_cast<std::size_t>(slot);
  return kind == SubjectKind::Object ? object_names[i] : living_names[i];
}

std::size_t minimum_pool_size(SubjectKind kind, PoolSlot slot) {
  static const std::size_t object_min[] = {85, 93, 96, 455};
  static const std::size_t living_min[] = {89, 86, 75, 744};
  const auto i = static_cast<std::size_t>(slot);
  return kind == SubjectKind::Object ? object_min[i] : living_min[i];
}

const KindPool& PoolSet::for_kind(SubjectKind kind) const {
  return kind == SubjectKind::Object ? object : kind == SubjectKind::Living ? living : person;
}
KindPool& PoolSet::for_kind(SubjectKind kind) {
  return kind == SubjectKind::Object ? object : kind == SubjectKind::Living ? living : person;
}

fs::path resources_dir() { return olis::resources_dir(); }

fs::path default_pool_dir() { return resources_dir() / "prompts"; }

namespace pool_yaml {

int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

std::string join_problems(const std::vector<PoolProblem>& problems) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(problems.size(), 25);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? "\n" : "") + format_problem(problems[i]);
  if (problems.size() > shown) out += "\n... and " + std::to_string(problems.size() - shown) + " more problems";
  return out;
}

Expected<YAML::Node> load_yaml(const fs::path& path) {
  auto text = read_text_file(path, 64u << 20);
  if (!text) return fail(text.error().message());
  try {
    return YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return fail(path.string() + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
}

std::string scalar_or_empty(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : std::string(); }

// Reads a sequence of strings; non-scalars become problems.
std::vector<std::string> read_strings(const YAML::Node& seq, const std::string& slot, const fs::path& file,
                                      std::vector<int>& lines, std::vector<PoolProblem>& problems) {
  std::vector<std::string> out;
  if (!seq.IsSequence()) {
    problems.push_back({file, line_of(seq), slot, "", "must be a list of texts (- entry)"});
    return out;
  }
  for (const auto& item : seq) {
    if (!item.IsScalar()) {
      problems.push_back({file, line_of(item), slot, "", "every entry must be a text"});
      continue;
    }
    out.push_back(detail::join(detail::split_words(item.Scalar()), " "));
    lines.push_back(line_of(item));
  }
  return out;
}

std::vector<Style> read_styles(const YAML::Node& seq, const fs::path& file, std::vector<int>& lines,
                               std::vector<PoolProblem>& problems) {
  std::vector<Style> out;
  if (!seq || !seq.IsSequence()) {
    problems.push_back({file, seq ? line_of(seq) : 0, "styles", "", "must be a list of {text: ..., photographic: true|false}"});
    return out;
  }
  for (const auto& item : seq) {
    const auto text = item.IsMap() ? item["text"] : YAML::Node();
    const auto photo = item.IsMap() ? item["photographic"] : YAML::Node();
    bool photographic = false;
    bool ok = text && text.IsScalar() && photo && photo.IsScalar();
    if (ok) {
      try {
        photographic = photo.as<bool>();
      } catch (const YAML::Exception&) {
        ok = false;
      }
    }
    if (!ok) {
      problems.push_back({file, line_of(item), "styles", scalar_or_empty(text),
                          "each style needs text: \"...\" and photographic: true or false"});
      continue;
    }
    out.push_back({detail::join(detail::split_words(text.Scalar()), " "), photographic});
    lines.push_back(line_of(item));
  }
  return out;
}

std::optional<SubjectKind> kind_of_pool(const std::string& s) {
  if (s == "object") return SubjectKind::Object;
  if (s == "living") return SubjectKind::Living;
  if (s == "person") return SubjectKind::Person;
  return std::nullopt;
}

std::optional<PoolSlot> slot_by_name(SubjectKind kind, const std::string& name) {
  for (std::size_t s = 0; s < kSlotCount; ++s)
    if (name == slot_name(kind, static_cast<PoolSlot>(s))) return static_cast<PoolSlot>(s);
  return std::nullopt;
}

// groups: {name: {classes: [...], slots: {slot: [...]}}}; see pools.h.
void read_groups(const YAML::Node& groups, SubjectKind kind, const fs::path& path, KindPool& pool,
                 std::vector<PoolProblem>& problems) {
  if (!groups) return;
  if (!groups.IsMap()) {
    problems.push_back({path, line_of(groups), "groups", "", "must be a map of group name to {classes, slots}"});
    return;
  }
  std::set<std::string> claimed;
  for (const auto& g : groups) {
    AnimalGroup group;
    group.name = scalar_or_empty(g.first);
    const std::string label = "groups." + group.name;
    if (!g.second.IsMap() || !g.second["classes"] || !g.second["slots"] || !g.second["slots"].IsMap()) {
      problems.push_back({path, line_of(g.first), label, "", "needs 'classes: [...]' and 'slots: {...}'"});
      continue;
    }
    std::vector<int> class_lines;
    for (auto& c : read_strings(g.second["classes"], label + ".classes", path, class_lines, problems)) {
      c = detail::to_lower(c);
      if (c.empty() || c.find(' ') != std::string::npos)
        problems.push_back({path, line_of(g.second["classes"]), label + ".classes", c, "a class must be one word"});
      else if (!claimed.insert(c).second)
        problems.push_back({path, line_of(g.second["classes"]), label + ".classes", c, "is in two groups"});
      group.classes.push_back(c);
    }
    if (group.classes.empty()) problems.push_back({path, line_of(g.first), label + ".classes", "", "is empty"});
    for (const auto& kv : g.second["slots"]) {
      const auto name = scalar_or_empty(kv.first);
      const auto slot = slot_by_name(kind, name);
      if (!slot) {
        problems.push_back({path, line_of(kv.first), label + "." + name, "", std::string("unknown slot for kind ") + to_string(kind)});
        continue;
      }
      std::vector<int> lines;
      auto& entries = group.slots[static_cast<std::size_t>(*slot)];
      entries = read_strings(kv.second, label + "." + name, path, lines, problems);
      for (auto p : check_slot_entries(kind, *slot, entries, path, lines)) {
        p.slot = label + "." + p.slot;
        problems.push_back(std::move(p));
      }
    }
    pool.groups.push_back(std::move(group));
  }
}

Expected<KindPool> kind_pool_from_yaml(const YAML::Node& root, const fs::path& path) {
  std::vector<PoolProblem> problems;
  const auto kind = kind_of_pool(scalar_or_empty(root["kind"]));
  if (!kind) return fail(path.string() + ": 'kind' must be object, living or person");
  KindPool pool;
  pool.kind = *kind;
  const auto slots = root["slots"];
  if (!slots || !slots.IsMap()) return fail(path.string() + ": needs a 'slots:' map");
  std::set<std::string> known;
  for (std::size_t s = 0; s < kSlotCount; ++s) {
    const auto slot = static_cast<PoolSlot>(s);
    const std::string name = slot_name(*kind, slot);
    known.insert(name);
    const auto node = slots[name];
    if (!node) {
      problems.push_back({path, line_of(slots), name, "", "slot is missing"});
      continue;
    }
    std::vector<int> lines;
    pool[slot] = read_strings(node, name, path, lines, problems);
    auto p = check_slot_entries(*kind, slot, pool[slot], path, lines);
    problems.insert(problems.end(), p.begin(), p.end());
  }
  for (const auto& kv : slots) {
    const auto name = scalar_or_empty(kv.first);
    if (!known.count(name))
      problems.push_back({path, line_of(kv.first), name, "", std::string("unknown slot for kind ") + to_string(*kind)});
  }
  read_groups(root["groups"], *kind, path, pool, problems);
  if (!problems.empty()) return fail(join_problems(problems));
  return pool;
}

Expected<void> check_schema(const YAML::Node& root, const fs::path& path, const char* schema) {
  if (!root.IsMap()) return fail(path.string() + ": not a pool file (expected a YAML map with 'schema: " + schema + "')");
  const auto s = scalar_or_empty(root["schema"]);
  if (s != schema)
    return fail(path.string() + ": schema is '" + s + "', expected '" + schema + "'");
  return {};
}

void add_unique(std::vector<std::string>& v, const std::string& entry) {
  const auto key = detail::normalize_key(entry);
  for (const auto& e : v)
    if (detail::normalize_key(e) == key) return;
  v.push_back(entry);
}

void remove_matching(std::vector<std::string>& v, const std::vector<std::string>& remove) {
  std::set<std::string> keys;
  for (const auto& r : remove) keys.insert(detail::normalize_key(r));
  v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& e) { return keys.count(detail::normalize_key(e)) > 0; }),
          v.end());
}


}  // namespace pool_yaml

using namespace pool_yaml;

Expected<KindPool> load_kind_pool_file(const fs::path& path) {
  auto root = load_yaml(path);
  if (!root) return tl::unexpected(root.error());
  if (auto ok = check_schema(*root, path, kPoolSchema); !ok) return tl::unexpected(ok.error());
  return kind_pool_from_yaml(*root, path);
}

Expected<std::vector<Style>> load_style_file(const fs::path& path) {
  auto root = load_yaml(path);
  if (!root) return tl::unexpected(root.error());
  if (auto ok = check_schema(*root, path, kPoolSchema); !ok) return tl::unexpected(ok.error());
  if (scalar_or_empty((*root)["kind"]) != "style") return fail(path.string() + ": 'kind' must be style");
  std::vector<PoolProblem> problems;
  std::vector<int> lines;
  auto styles = read_styles((*root)["styles"], path, lines, problems);
  auto p = check_styles(styles, path, lines);
  problems.insert(problems.end(), p.begin(), p.end());
  if (!problems.empty()) return fail(join_problems(problems));
  return styles;
}

std::string compute_pool_version(const PoolSet& pools) {
  // FNV-1a, 64 bit, over a canonical serialisation: stable across platforms and runs.
  std::uint64_t h = 1469598103934665603ull;
  auto feed = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator that cannot occur in UTF-8 text
    h *= 1099511628211ull;
  };
  feed(kPoolSchema);
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    feed(to_string(kind));
    const auto& pool = pools.for_kind(kind);
    for (std::size_t s = 0; s < kSlotCount; ++s) {
      feed(slot_name(kind, static_cast<PoolSlot>(s)));
      for (const auto& e : pool.slots[s]) feed(e);
    }
    for (const auto& g : pool.groups) {
      feed("group:" + g.name);
      for (const auto& c : g.classes) feed(c);
      for (std::size_t s = 0; s < kSlotCount; ++s) {
        feed(slot_name(kind, static_cast<PoolSlot>(s)));
        for (const auto& e : g.slots[s]) feed(e);
      }
    }
  }
  feed("styles");
  for (const auto& s : pools.styles) feed((s.photographic ? "P:" : "A:") + s.text);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<std::string> below_minimum(const PoolSet& pools) {
  std::vector<std::string> out;
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    for (std::size_t s = 0; s < kSlotCount; ++s) {
      const auto slot = static_cast<PoolSlot>(s);
      const auto n = pools.for_kind(kind)[slot].size();
      if (n < minimum_pool_size(kind, slot))
        out.push_back(std::string(to_string(kind)) + " " + slot_name(kind, slot) + ": " + std::to_string(n) +
                      " entries, the paper used " + std::to_string(minimum_pool_size(kind, slot)));
    }
  }
  for (auto kind : {SubjectKind::Living, SubjectKind::Person})
    for (const auto& g : pools.for_kind(kind).groups)
      for (std::size_t s = 0; s < kSlotCount; ++s) {
        const auto n = g.slots[s].size();
        const auto floor = s == static_cast<std::size_t>(PoolSlot::Scene) ? kMinimumGroupMotions : kMinimumGroupAdjectives;
        if (n > 0 && n < floor)
          out.push_back(std::string(to_string(kind)) + " " + g.name + " " + slot_name(kind, static_cast<PoolSlot>(s)) +
                        ": " + std::to_string(n) + " entries, Olis wants at least " + std::to_string(floor));
      }
  if (pools.styles.size() < kMinimumStyles)
    out.push_back("styles: " + std::to_string(pools.styles.size()) + " entries, the paper used " +
                  std::to_string(kMinimumStyles));
  return out;
}

const AnimalGroup* animal_group_for(const KindPool& pool, const Subject& subject) {
  for (const std::string* name : {&subject.prompt_class(), &subject.class_noun}) {
    auto words = detail::split_words(detail::to_lower(*name));
    for (auto w = words.rbegin(); w != words.rend(); ++w)
      for (const auto& g : pool.groups)
        if (std::find(g.classes.begin(), g.classes.end(), *w) != g.classes.end()) return &g;
  }
  return nullptr;
}

KindPool pool_for_subject(const PoolSet& pools, const Subject& subject) {
  KindPool pool = pools.for_kind(subject.kind);
  if (const auto* g = animal_group_for(pool, subject))
    for (std::size_t s = 0; s < kSlotCount; ++s)
      if (!g->slots[s].empty()) pool.slots[s] = g->slots[s];
  pool.groups.clear();
  return pool;
}

Expected<PoolSet> load_pool_set(const PoolLoadOptions& options) {
  const fs::path dir = options.pool_dir.empty() ? default_pool_dir() : options.pool_dir;
  PoolSet set;
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    const auto path = dir / (std::string(to_string(kind)) + ".yaml");
    auto pool = load_kind_pool_file(path);
    if (!pool) return tl::unexpected(pool.error());
    if (pool->kind != kind) return fail(path.string() + ": 'kind' must be " + to_string(kind));
    set.for_kind(kind) = std::move(*pool);
    set.sources.push_back(path);
  }
  auto styles = load_style_file(dir / "style.yaml");
  if (!styles) return tl::unexpected(styles.error());
  set.styles = std::move(*styles);
  set.sources.push_back(dir / "style.yaml");

  for (const auto& file : options.user_files) {
    auto root = load_yaml(file);
    if (!root) return tl::unexpected(root.error());
    const auto schema = root->IsMap() ? scalar_or_empty((*root)["schema"]) : std::string();
    if (schema == kPoolOverlaySchema) {
      auto ov = load_pool_overlay(file);
      if (!ov) return tl::unexpected(ov.error());
      if (auto ok = apply_pool_overlay(set, *ov); !ok) return fail(file.string() + ": " + ok.error().message());
    } else if (schema == kPoolSchema && scalar_or_empty((*root)["kind"]) == "style") {
      auto st = load_style_file(file);
      if (!st) return tl::unexpected(st.error());
      set.styles = std::move(*st);
    } else if (schema == kPoolSchema) {
      auto pool = load_kind_pool_file(file);
      if (!pool) return tl::unexpected(pool.error());
      set.for_kind(pool->kind) = std::move(*pool);
    } else {
      return fail(file.string() + ": schema is '" + schema + "'; a pool file needs '" + kPoolSchema + "' or '" +
                  kPoolOverlaySchema + "'");
    }
    set.sources.push_back(file);
  }

  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person})
    for (std::size_t s = 0; s < kSlotCount; ++s)
      if (set.for_kind(kind).slots[s].empty())
        return fail(std::string("the ") + to_string(kind) + " pool has no " + slot_name(kind, static_cast<PoolSlot>(s)) +
                    " entries left; add some or remove fewer");
  bool photo = false, art = false;
  for (const auto& s : set.styles) (s.photographic ? photo : art) = true;
  if (!photo || !art) return fail("the style pool needs at least one photographic and one non-photographic style");
  set.version = compute_pool_version(set);
  return set;
}

}  // namespace olis::prompts
