#pragma once
// The subject being learned: an identifier token, a class noun, a specific class and a kind.
// "olis backpack": identifier "olis", class noun "backpack", specific class "backpack", kind object.
// "olis bear plushie": class noun "stuffed animal" (what a user types), specific class "bear plushie".
#include <optional>
#include <string>
#include <vector>

namespace olis::prompts {

enum class SubjectKind { Object, Living, Person };

// "object", "living", "person".
const char* to_string(SubjectKind kind);
// Accepts the names above (case-insensitive) and "animal"/"live" for Living; nullopt otherwise.
std::optional<SubjectKind> parse_subject_kind(const std::string& text);

struct Subject {
  std::string identifier = "olis";  // the new token; never appears in regularization prompts
  std::string class_noun;           // what the user typed: "stuffed animal", "dog"
  std::string specific_class;       // what prompts use: "bear plushie"; empty = class_noun
  SubjectKind kind = SubjectKind::Object;

  // specific_class if set, else class_noun.
  const std::string& prompt_class() const { return specific_class.empty() ? class_noun : specific_class; }
};

// Built-in suggestions for vague class names (DreamBench needs them):
// "stuffed animal" -> {"bear plushie", "sloth plushie", "wolf plushie"}, "toy" -> {"duck toy", ...},
// "can" -> {"drink can"}, "clock" -> {"alarm clock"}, "bowl" -> {"berry bowl"}, "cartoon" -> {"2d cartoon devil"}.
// Case- and whitespace-insensitive; empty when the class is already specific or unknown.
std::vector<std::string> suggest_specific_classes(const std::string& class_noun);

// Kind suggested from the class noun (last word, singular or plural): dog, cat, horse, ... -> Living;
// person, man, woman, boy, girl, ... -> Person; everything else -> Object.
SubjectKind suggest_kind(const std::string& class_noun);

// Problems with the subject itself (empty class, identifier with spaces or equal to a class word), one
// message per problem, written for a person. Empty when the subject is usable.
std::vector<std::string> check_subject(const Subject& subject);

}  // namespace olis::prompts
