// Pool overlays: the user's add/remove edits of the built-in pools.
#include <algorithm>
#include <set>

#include <yaml-cpp/yaml.h>

#include "core/prompts/pool_yaml.h"
#include "core/prompts/pools.h"
#include "core/prompts/text_util.h"
#include "core/util/atomic_file.h"

namespace olis::prompts {

namespace fs = std::filesystem;
using namespace pool_yaml;

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

}  // namespace olis::prompts
