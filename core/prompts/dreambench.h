#pragma once
// DreamBench evaluation data (Ruiz et al., DreamBooth): 25 prompts for objects, 25 for live subjects, and
// the 30 subjects with their classes.
#include <string>
#include <vector>

#include "core/prompts/subject.h"

namespace olis::prompts {

enum class DreamBenchGroup { Object, Live };
inline DreamBenchGroup dreambench_group(SubjectKind kind) {
  return kind == SubjectKind::Object ? DreamBenchGroup::Object : DreamBenchGroup::Live;
}

// The 25 templates with "{0}" for the identifier and "{1}" for the class: "a {0} {1} in the jungle".
const std::vector<std::string>& dreambench_templates(DreamBenchGroup group);
// Templates formatted: "a olis backpack in the jungle" (the article is kept as DreamBench writes it).
std::vector<std::string> dreambench_prompts(DreamBenchGroup group, const std::string& identifier,
                                            const std::string& class_name);
// For a subject: its group and prompt_class().
std::vector<std::string> dreambench_prompts(const Subject& subject);

struct DreamBenchSubject {
  std::string name;            // folder name: "bear_plushie"
  std::string class_noun;      // DreamBench's class: "stuffed animal"
  std::string specific_class;  // "bear plushie"
  SubjectKind kind = SubjectKind::Object;
};
// The 30 subjects in DreamBench's order.
const std::vector<DreamBenchSubject>& dreambench_subjects();
// nullptr when `name` is not a DreamBench subject.
const DreamBenchSubject* find_dreambench_subject(const std::string& name);

}  // namespace olis::prompts
