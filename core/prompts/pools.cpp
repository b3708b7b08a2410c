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

namespace {

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

std::optional<PoolSlot> slot_by_name(SubjectKind kind, const std::string& name) {
  for (std::size_t s = 0; s < kSlotCount; ++s)
    if (name == slot_name(kind, static_cast<PoolSlot>(s))) return static_cast<PoolSlot>(s);
  return std::nullopt;
}

}  // namespace

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

Expected<PoolOverlay> load_pool_overlay(const fs::path& path) {
  auto root = load_yaml(path);
  if (!root) return tl::unexpected(root.error());
  if (auto ok = check_schema(*root, path, kPoolOverlaySchema); !ok) return tl::unexpected(ok.error());
  PoolOverlay ov;
  ov.kind = scalar_or_empty((*root)["kind"]);
  const bool style = ov.kind == "style";
  const auto kind = kind_of_pool(ov.kind);
  if (!style && !kind) return fail(path.string() + ": 'kind' must be object, living, person or style");
  std::vector<PoolProblem> problems;
  for (const char* section : {"add", "remove"}) {
    const auto node = (*root)[section];
    if (!node) continue;
    if (!node.IsMap()) {
      problems.push_back({path, line_of(node), section, "", "must be a map of slot name to a list of entries"});
      continue;
    }
    for (const auto& kv : node) {
      const auto name = scalar_or_empty(kv.first);
      std::vector<int> lines;
      if (style) {
        if (name != "styles") {
          problems.push_back({path, line_of(kv.first), name, "", "a style overlay only has 'styles'"});
        } else if (std::string(section) == "add") {
          ov.add_styles = read_styles(kv.second, path, lines, problems);
          auto p = check_styles(ov.add_styles, path, lines);
          problems.insert(problems.end(), p.begin(), p.end());
        } else {
          ov.remove["styles"] = read_strings(kv.second, name, path, lines, problems);
        }
        continue;
      }
      const auto slot = slot_by_name(*kind, name);
      if (!slot) {
        problems.push_back({path, line_of(kv.first), name, "", "unknown slot for kind " + ov.kind});
        continue;
      }
      auto entries = read_strings(kv.second, name, path, lines, problems);
      if (std::string(section) == "add") {
        auto p = check_slot_entries(*kind, *slot, entries, path, lines);
        problems.insert(problems.end(), p.begin(), p.end());
        ov.add[name] = std::move(entries);
      } else {
        ov.remove[name] = std::move(entries);
      }
    }
  }
  if (!problems.empty()) return fail(join_problems(problems));
  return ov;
}

Expected<void> save_pool_overlay(const fs::path& path, const PoolOverlay& ov) {
  YAML::Emitter out;
  out << YAML::Comment("Olis pool overlay: entries added to and removed from the built-in pools");
  out << YAML::BeginMap << YAML::Key << "schema" << YAML::Value << kPoolOverlaySchema;
  out << YAML::Key << "kind" << YAML::Value << ov.kind;
  if (ov.kind == "style") {
    if (!ov.add_styles.empty()) {
      out << YAML::Key << "add" << YAML::Value << YAML::BeginMap << YAML::Key << "styles" << YAML::Value << YAML::BeginSeq;
      for (const auto& s : ov.add_styles)
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "text" << YAML::Value << YAML::DoubleQuoted << s.text
            << YAML::Key << "photographic" << YAML::Value << s.photographic << YAML::EndMap;
      out << YAML::EndSeq << YAML::EndMap;
    }
  } else if (!ov.add.empty()) {
    out << YAML::Key << "add" << YAML::Value << YAML::BeginMap;
    for (const auto& [slot, entries] : ov.add) {
      out << YAML::Key << slot << YAML::Value << YAML::BeginSeq;
      for (const auto& e : entries) out << YAML::DoubleQuoted << e;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  if (!ov.remove.empty()) {
    out << YAML::Key << "remove" << YAML::Value << YAML::BeginMap;
    for (const auto& [slot, entries] : ov.remove) {
      out << YAML::Key << slot << YAML::Value << YAML::BeginSeq;
      for (const auto& e : entries) out << YAML::DoubleQuoted << e;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (!out.good()) return fail("cannot write the pool overlay " + path.string() + ": " + out.GetLastError());
  try {
    write_file_atomic(path, std::string(out.c_str()) + "\n");
  } catch (const std::exception& e) {
    return fail(std::string("cannot write the pool overlay ") + path.string() + ": " + e.what());
  }
  return {};
}

Expected<void> apply_pool_overlay(PoolSet& pools, const PoolOverlay& ov) {
  if (ov.kind == "style") {
    if (auto it = ov.remove.find("styles"); it != ov.remove.end()) {
      std::set<std::string> keys;
      for (const auto& r : it->second) keys.insert(detail::normalize_key(r));
      auto& st = pools.styles;
      st.erase(std::remove_if(st.begin(), st.end(), [&](const Style& s) { return keys.count(detail::normalize_key(s.text)) > 0; }),
               st.end());
    }
    auto problems = check_styles(ov.add_styles);
    if (!problems.empty()) return fail(join_problems(problems));
    for (const auto& s : ov.add_styles) {
      bool dup = false;
      for (const auto& e : pools.styles) dup = dup || detail::normalize_key(e.text) == detail::normalize_key(s.text);
      if (!dup) pools.styles.push_back(s);
    }
    return {};
  }
  const auto kind = kind_of_pool(ov.kind);
  if (!kind) return fail("pool overlay: kind '" + ov.kind + "' must be object, living, person or style");
  auto& pool = pools.for_kind(*kind);
  for (const auto* section : {&ov.remove, &ov.add}) {
    for (const auto& [name, entries] : *section) {
      const auto slot = slot_by_name(*kind, name);
      if (!slot) return fail("pool overlay: '" + name + "' is not a slot of kind " + ov.kind);
      if (section == &ov.remove) {
        remove_matching(pool[*slot], entries);
        continue;
      }
      auto problems = check_slot_entries(*kind, *slot, entries);
      // Duplicates of entries already present are skipped, not errors.
      problems.erase(std::remove_if(problems.begin(), problems.end(),
                                    [](const PoolProblem& p) { return p.message.rfind("duplicate", 0) == 0; }),
                     problems.end());
      if (!problems.empty()) return fail(join_problems(problems));
      for (const auto& e : entries) add_unique(pool[*slot], detail::join(detail::split_words(e), " "));
    }
  }
  return {};
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
  if (pools.styles.size() < kMinimumStyles)
    out.push_back("styles: " + std::to_string(pools.styles.size()) + " entries, the paper used " +
                  std::to_string(kMinimumStyles));
  return out;
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
