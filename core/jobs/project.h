#pragma once
// An Olis project: a folder holding the copied subject photos, their captions, the subject settings and
// job outputs, described by a human-readable YAML file (project.olis.yaml). Qt-free, so that olis-cli
// can read projects too.
//
// Damaged files: load_project() never modifies the file and reports the file name and line. Writes are
// atomic (olis::AtomicFileWriter): a crash leaves either the previous file or the new one.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/prompts/caption.h"
#include "core/util/error.h"

namespace olis::jobs {

inline constexpr const char* kProjectFileName = "project.olis.yaml";
inline constexpr const char* kProjectSchema = "olis-project/1";

enum class SubjectKindSetting { Object, Living, Person };
const char* subject_kind_name(SubjectKindSetting kind);                    // "object", "living", "person"
std::optional<SubjectKindSetting> parse_subject_kind(const std::string& name);

struct SubjectSettings {
  std::string identifier = "olis";  // the rare token that stands for the subject (`<new>` in captions)
  std::string class_noun;           // e.g. "dog"
  std::string specific_class;       // e.g. "corgi"; empty when the user keeps the plain class noun
  SubjectKindSetting kind = SubjectKindSetting::Object;
};

struct ProjectPhoto {
  std::string file;          // relative to the project folder once copied, absolute before the first save
  std::string caption;       // may contain `<new>`
  std::string content_hash;  // hex SHA-256 of the file's bytes (duplicate detection)
};

struct PreviewSettings {
  int count = 200;
  uint64_t seed = 1234;
  bool show_dropout = false;
};

struct GenerateSettings {
  std::string prompt;
  std::string negative_prompt;
  std::string sampler = "euler";
  int steps = 30;
  double guidance = 7.5;
  int64_t seed = -1;  // -1: random
  int width_px = 512;
  int height_px = 512;
  int batch = 1;
  std::string lora_path;
};

struct Project {
  SubjectSettings subject;
  std::vector<ProjectPhoto> photos;
  std::string caption_template = prompts::kDefaultCaptionTemplate;  // asks for each photo's background
  PreviewSettings preview;
  GenerateSettings generate;
};

// Reads <folder>/project.olis.yaml (or the given .yaml file). Errors name the file and, for syntax and
// type errors, the line.
Expected<Project> load_project(const std::filesystem::path& file);
// Writes the project atomically to `file`.
Expected<void> save_project(const Project& project, const std::filesystem::path& file);

// The subject fields jobs need (regularization set, training): a class noun, and an identifier that is one
// rare word. Project files may lack them while a project is being set up; jobs refuse them with a message
// naming `label` (the file) and the field.
Expected<void> check_project_subject(const Project& project, const std::string& label);

std::string project_to_yaml(const Project& project);
Expected<Project> project_from_yaml(const std::string& text, const std::string& label);

}  // namespace olis::jobs
