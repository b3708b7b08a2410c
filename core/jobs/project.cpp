#include "core/jobs/project.h"

#include <algorithm>
#include <map>
#include <type_traits>

#include <yaml-cpp/yaml.h>

#include "core/prompts/subject.h"
#include "core/util/atomic_file.h"
#include "core/util/nearest_name.h"
#include "core/util/yaml_guard.h"

namespace olis::jobs {

namespace {

std::string where(const std::string& label, const YAML::Mark& mark) {
  if (mark.line < 0) return label;
  return label + " line " + std::to_string(mark.line + 1);
}

template <class T>
const char* type_name() {
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  else if constexpr (std::is_integral_v<T>) return "a whole number";
  else if constexpr (std::is_floating_point_v<T>) return "a number";
  else return "text";
}

template <class T>
T read(const YAML::Node& map, const char* key, const T& fallback, const std::string& label) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return fallback;
  try {
    if (!node.IsScalar()) throw YAML::Exception(node.Mark(), "not a scalar");
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where(label, node.Mark()) + ": '" + key + "' is " +
                (node.IsScalar() ? "'" + node.Scalar() + "'" : std::string(node.IsSequence() ? "a list" : "a mapping")) +
                ", but it must be " + type_name<T>() + ".");
  }
}

// Every key of a mapping must be known and appear once (yaml-cpp keeps the first of two equal keys, so a
// repeated key would be ignored without a word). New keys of the project file go into these lists.
void check_keys(const YAML::Node& map, const std::vector<std::string>& known, const std::string& label,
                const std::string& path) {
  std::map<std::string, int> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node k = it->first;  // copies: the iterator hands out a temporary pair
    const std::string at = where(label, k.Mark());
    if (!k.IsScalar()) throw Error(at + ": a key must be a plain name");
    const std::string name = k.Scalar();
    const std::string shown = path.empty() ? name : path + "." + name;
    if (auto [pos, fresh] = seen.emplace(name, k.Mark().line + 1); !fresh)
      throw Error(at + ": '" + shown + "' is set twice (first on line " + std::to_string(pos->second) + "); keep one of them.");
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string near = nearest_name(name, known);
    throw Error(at + ": unknown key '" + shown + "'." +
                (near.empty() ? std::string(" Known keys here: ") + [&] {
                  std::string all;
                  for (const auto& n : known) all += (all.empty() ? "" : ", ") + n;
                  return all;
                }() + "."
                              : " Did you mean '" + (path.empty() ? near : path + "." + near) + "'?"));
  }
}

const std::vector<std::string> kRootKeys = {"schema", "subject", "caption_template", "photos", "preview", "generate"};
const std::vector<std::string> kSubjectKeys = {"identifier", "class_noun", "specific_class", "kind"};
const std::vector<std::string> kPhotoKeys = {"file", "caption", "sha256"};
const std::vector<std::string> kPreviewKeys = {"count", "seed", "show_dropout"};
const std::vector<std::string> kGenerateKeys = {"prompt", "negative_prompt", "sampler", "steps", "guidance",
                                                "seed", "width", "height", "batch", "lora"};

YAML::Node child_map(const YAML::Node& parent, const char* key, const std::string& label) {
  const YAML::Node node = parent[key];
  if (!node || node.IsNull()) return YAML::Node(YAML::NodeType::Map);
  if (!node.IsMap()) throw Error(where(label, node.Mark()) + ": '" + key + "' should be a mapping");
  return node;
}

Project parse(const YAML::Node& root, const std::string& label) {
  if (!root.IsMap()) throw Error(label + ": this is not an Olis project file (expected a YAML mapping)");
  const std::string schema = read<std::string>(root, "schema", "", label);
  if (schema != kProjectSchema) {
    throw Error(where(label, root["schema"] ? root["schema"].Mark() : root.Mark()) +
                ": unknown schema '" + schema + "' (expected " + kProjectSchema + ")");
  }
  check_keys(root, kRootKeys, label, "");
  Project p;
  const YAML::Node subject = child_map(root, "subject", label);
  check_keys(subject, kSubjectKeys, label, "subject");
  p.subject.identifier = read<std::string>(subject, "identifier", p.subject.identifier, label);
  p.subject.class_noun = read<std::string>(subject, "class_noun", "", label);
  p.subject.specific_class = read<std::string>(subject, "specific_class", "", label);
  const std::string kind = read<std::string>(subject, "kind", "object", label);
  const auto parsed_kind = parse_subject_kind(kind);
  if (!parsed_kind) {
    throw Error(where(label, subject["kind"].Mark()) + ": unknown subject kind '" + kind +
                "' (use object, living or person)");
  }
  p.subject.kind = *parsed_kind;
  p.caption_template = read<std::string>(root, "caption_template", p.caption_template, label);

  const YAML::Node photos = root["photos"];
  if (photos && !photos.IsNull()) {
    if (!photos.IsSequence()) throw Error(where(label, photos.Mark()) + ": 'photos' should be a list");
    for (const YAML::Node& ph : photos) {
      if (!ph.IsMap()) throw Error(where(label, ph.Mark()) + ": each photo should be a mapping with 'file'");
      check_keys(ph, kPhotoKeys, label, "photos");
      ProjectPhoto photo;
      photo.file = read<std::string>(ph, "file", "", label);
      if (photo.file.empty()) throw Error(where(label, ph.Mark()) + ": a photo has no 'file'");
      photo.caption = read<std::string>(ph, "caption", "", label);
      photo.content_hash = read<std::string>(ph, "sha256", "", label);
      p.photos.push_back(std::move(photo));
    }
  }
  const YAML::Node preview = child_map(root, "preview", label);
  check_keys(preview, kPreviewKeys, label, "preview");
  p.preview.count = read<int>(preview, "count", p.preview.count, label);
  p.preview.seed = read<uint64_t>(preview, "seed", p.preview.seed, label);
  p.preview.show_dropout = read<bool>(preview, "show_dropout", p.preview.show_dropout, label);

  const YAML::Node gen = child_map(root, "generate", label);
  check_keys(gen, kGenerateKeys, label, "generate");
  GenerateSettings& g = p.generate;
  g.prompt = read<std::string>(gen, "prompt", g.prompt, label);
  g.negative_prompt = read<std::string>(gen, "negative_prompt", g.negative_prompt, label);
  g.sampler = read<std::string>(gen, "sampler", g.sampler, label);
  g.steps = read<int>(gen, "steps", g.steps, label);
  g.guidance = read<double>(gen, "guidance", g.guidance, label);
  g.seed = read<int64_t>(gen, "seed", g.seed, label);
  g.width_px = read<int>(gen, "width", g.width_px, label);
  g.height_px = read<int>(gen, "height", g.height_px, label);
  g.batch = read<int>(gen, "batch", g.batch, label);
  g.lora_path = read<std::string>(gen, "lora", g.lora_path, label);
  return p;
}

}  // namespace

const char* subject_kind_name(SubjectKindSetting kind) {
  switch (kind) {
    case SubjectKindSetting::Object: return "object";
    case SubjectKindSetting::Living: return "living";
    case SubjectKindSetting::Person: return "person";
  }
  return "object";
}

std::optional<SubjectKindSetting> parse_subject_kind(const std::string& name) {
  if (name == "object") return SubjectKindSetting::Object;
  if (name == "living") return SubjectKindSetting::Living;
  if (name == "person") return SubjectKindSetting::Person;
  return std::nullopt;
}

std::string project_to_yaml(const Project& p) {
  YAML::Emitter out;
  out << YAML::Comment("Olis project. Human-readable; edit with care while Olis is closed.");
  out << YAML::BeginMap;
  out << YAML::Key << "schema" << YAML::Value << kProjectSchema;
  out << YAML::Key << "subject" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "identifier" << YAML::Value << p.subject.identifier;
  out << YAML::Key << "class_noun" << YAML::Value << p.subject.class_noun;
  out << YAML::Key << "specific_class" << YAML::Value << p.subject.specific_class;
  out << YAML::Key << "kind" << YAML::Value << subject_kind_name(p.subject.kind);
  out << YAML::EndMap;
  out << YAML::Key << "caption_template" << YAML::Value << YAML::DoubleQuoted << p.caption_template;
  out << YAML::Key << "photos" << YAML::Value << YAML::BeginSeq;
  for (const ProjectPhoto& ph : p.photos) {
    out << YAML::BeginMap;
    out << YAML::Key << "file" << YAML::Value << ph.file;
    out << YAML::Key << "caption" << YAML::Value << YAML::DoubleQuoted << ph.caption;
    out << YAML::Key << "sha256" << YAML::Value << ph.content_hash;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "preview" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "count" << YAML::Value << p.preview.count;
  out << YAML::Key << "seed" << YAML::Value << p.preview.seed;
  out << YAML::Key << "show_dropout" << YAML::Value << p.preview.show_dropout;
  out << YAML::EndMap;
  const GenerateSettings& g = p.generate;
  out << YAML::Key << "generate" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "prompt" << YAML::Value << YAML::DoubleQuoted << g.prompt;
  out << YAML::Key << "negative_prompt" << YAML::Value << YAML::DoubleQuoted << g.negative_prompt;
  out << YAML::Key << "sampler" << YAML::Value << g.sampler;
  out << YAML::Key << "steps" << YAML::Value << g.steps;
  out << YAML::Key << "guidance" << YAML::Value << g.guidance;
  out << YAML::Key << "seed" << YAML::Value << g.seed;
  out << YAML::Key << "width" << YAML::Value << g.width_px;
  out << YAML::Key << "height" << YAML::Value << g.height_px;
  out << YAML::Key << "batch" << YAML::Value << g.batch;
  out << YAML::Key << "lora" << YAML::Value << g.lora_path;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

Expected<Project> project_from_yaml(const std::string& text, const std::string& label) {
  if (auto shallow = check_yaml_text(text, label); !shallow) return tl::unexpected(shallow.error());
  try {
    return parse(YAML::Load(text), label);
  } catch (const YAML::Exception& e) {
    return fail(where(label, e.mark) + ": " + e.msg);
  } catch (const Error& e) {
    return fail(e.message());
  }
}

Expected<void> check_project_subject(const Project& project, const std::string& label) {
  const auto& s = project.subject;
  if (s.class_noun.find_first_not_of(" \t") == std::string::npos)
    return fail(label + ": the subject has no class_noun. Name what the subject is (dog, backpack, toy) in the Subject "
                        "tab, or under 'subject:' as 'class_noun: dog'.");
  prompts::Subject subject;
  subject.identifier = s.identifier;
  subject.class_noun = s.class_noun;
  subject.specific_class = s.specific_class;
  const auto problems = prompts::check_subject(subject);
  if (problems.empty()) return {};
  std::string msg = label + ": the subject cannot be trained:";
  for (const auto& p : problems) msg += " " + p;
  return fail(msg);
}

Expected<Project> load_project(const std::filesystem::path& file) {
  std::filesystem::path path = file;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) path /= kProjectFileName;
  auto text = read_text_file(path, 64u << 20);
  if (!text) return tl::unexpected(text.error());
  return project_from_yaml(*text, path.string());
}

Expected<void> save_project(const Project& project, const std::filesystem::path& file) {
  try {
    write_file_atomic(file, project_to_yaml(project));
  } catch (const Error& e) {
    return fail(e.message());
  }
  return {};
}

}  // namespace olis::jobs
