#include "core/jobs/project.h"

#include <yaml-cpp/yaml.h>

#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace {

std::string where(const std::string& label, const YAML::Mark& mark) {
  if (mark.line < 0) return label;
  return label + " line " + std::to_string(mark.line + 1);
}

template <class T>
T read(const YAML::Node& map, const char* key, const T& fallback, const std::string& label) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return fallback;
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where(label, node.Mark()) + ": '" + key + "' has the wrong type");
  }
}

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
  Project p;
  const YAML::Node subject = child_map(root, "subject", label);
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
      ProjectPhoto photo;
      photo.file = read<std::string>(ph, "file", "", label);
      if (photo.file.empty()) throw Error(where(label, ph.Mark()) + ": a photo has no 'file'");
      photo.caption = read<std::string>(ph, "caption", "", label);
      photo.content_hash = read<std::string>(ph, "sha256", "", label);
      p.photos.push_back(std::move(photo));
    }
  }
  const YAML::Node preview = child_map(root, "preview", label);
  p.preview.count = read<int>(preview, "count", p.preview.count, label);
  p.preview.seed = read<uint64_t>(preview, "seed", p.preview.seed, label);
  p.preview.show_dropout = read<bool>(preview, "show_dropout", p.preview.show_dropout, label);

  const YAML::Node gen = child_map(root, "generate", label);
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
  try {
    return parse(YAML::Load(text), label);
  } catch (const YAML::Exception& e) {
    return fail(where(label, e.mark) + ": " + e.msg);
  } catch (const Error& e) {
    return fail(e.message());
  }
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
