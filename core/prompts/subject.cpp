#include "core/prompts/subject.h"

#include <set>
#include <utility>

#include "core/prompts/text_util.h"

namespace olis::prompts {

using detail::normalize_key;
using detail::split_words;

const char* to_string(SubjectKind kind) {
  switch (kind) {
    case SubjectKind::Object: return "object";
    case SubjectKind::Living: return "living";
    case SubjectKind::Person: return "person";
  }
  return "object";
}

std::optional<SubjectKind> parse_subject_kind(const std::string& text) {
  const auto k = normalize_key(text);
  if (k == "object") return SubjectKind::Object;
  if (k == "living" || k == "animal" || k == "live") return SubjectKind::Living;
  if (k == "person") return SubjectKind::Person;
  return std::nullopt;
}

std::vector<std::string> suggest_specific_classes(const std::string& class_noun) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
      {"stuffed animal", {"bear plushie", "sloth plushie", "wolf plushie"}},
      {"stuffed toy", {"bear plushie", "sloth plushie", "wolf plushie"}},
      {"plushie", {"bear plushie", "sloth plushie", "wolf plushie"}},
      {"plush toy", {"bear plushie", "sloth plushie", "wolf plushie"}},
      {"toy", {"duck toy", "monster toy", "poop emoji toy", "racing car toy", "robot toy"}},
      {"can", {"drink can"}},
      {"clock", {"alarm clock"}},
      {"bowl", {"berry bowl"}},
      {"cartoon", {"2d cartoon devil"}},
  };
  const auto key = normalize_key(class_noun);
  for (const auto& [vague, specific] : table)
    if (vague == key) return specific;
  return {};
}

namespace {

// Words that make a class an object even when an animal or person word is in it ("teddy bear", "dog toy").
const std::set<std::string>& object_markers() {
  static const std::set<std::string> s = {
      "toy",    "toys",     "plushie", "plush",     "stuffed", "teddy",  "figurine", "figure", "statue",
      "doll",   "puppet",   "sculpture", "ornament", "model",  "robot",  "cartoon",  "emoji",  "mannequin",
      "bust",   "painting", "drawing", "mug",       "cup",     "pillow", "costume",  "lamp",   "bowl",
      "collar", "leash",    "bed",     "house",     "sticker", "keychain", "magnet", "clock",  "bag"};
  return s;
}

const std::set<std::string>& living_words() {
  static const std::set<std::string> s = {
      "dog",      "puppy",     "pup",       "cat",       "kitten",    "kitty",    "horse",     "pony",
      "foal",     "donkey",    "mule",      "rabbit",    "bunny",     "hamster",  "gerbil",    "mouse",
      "rat",      "ferret",    "chinchilla", "hedgehog", "bird",      "parrot",   "parakeet",  "budgie",
      "cockatiel", "cockatoo", "canary",    "finch",     "chicken",   "hen",      "rooster",   "duck",
      "duckling", "goose",     "owl",       "eagle",     "hawk",      "pigeon",   "dove",      "fish",
      "goldfish", "turtle",    "tortoise",  "lizard",    "gecko",     "iguana",   "chameleon", "snake",
      "frog",     "toad",      "cow",       "calf",      "bull",      "ox",       "goat",      "sheep",
      "lamb",     "pig",       "piglet",    "llama",     "alpaca",    "fox",      "wolf",      "bear",
      "lion",     "tiger",     "cheetah",   "leopard",   "jaguar",    "elephant", "giraffe",   "zebra",
      "monkey",   "ape",       "gorilla",   "chimpanzee", "panda",    "koala",    "kangaroo",  "deer",
      "squirrel", "chipmunk",  "otter",     "raccoon",   "beaver",    "dolphin",  "seal",      "penguin",
      "animal",   "pet",       "corgi",     "retriever", "terrier",   "poodle",   "labrador",  "beagle",
      "husky",    "bulldog",   "chihuahua", "dachshund", "pug",       "spaniel",  "collie",    "shepherd",
      "doodle",   "greyhound", "whippet",   "dalmatian", "rottweiler", "boxer",   "schnauzer", "shiba",
      "samoyed",  "malamute",  "pomeranian", "maltese",  "tabby",     "siamese",  "persian",   "sphynx",
      "ragdoll",  "bengal",    "kitten",    "lamb",      "hound",     "mutt",     "stallion",  "mare"};
  return s;
}

const std::set<std::string>& person_words() {
  static const std::set<std::string> s = {
      "person",  "man",     "woman",   "boy",      "girl",     "men",       "women",     "people",
      "child",   "kid",     "baby",    "toddler",  "teenager", "teen",      "lady",      "gentleman",
      "guy",     "human",   "adult",   "mother",   "father",   "mom",       "dad",       "son",
      "daughter", "brother", "sister", "grandmother", "grandfather", "grandma", "grandpa", "husband",
      "wife",    "friend",  "student", "actor",    "actress",  "chef",      "dancer",    "athlete",
      "player",  "bride",   "groom",   "infant",   "newborn",  "youngster", "senior",    "grandparent"};
  return s;
}

std::string singular(const std::string& w) {
  if (w.size() > 3 && detail::ends_with(w, "ies")) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 2 && detail::ends_with(w, "s") && !detail::ends_with(w, "ss")) return w.substr(0, w.size() - 1);
  return w;
}

}  // namespace

SubjectKind suggest_kind(const std::string& class_noun) {
  const auto words = split_words(normalize_key(class_noun));
  if (words.empty()) return SubjectKind::Object;
  for (const auto& w : words)
    if (object_markers().count(w) || object_markers().count(singular(w))) return SubjectKind::Object;
  const auto& last = words.back();
  for (const auto& w : {last, singular(last)}) {
    if (person_words().count(w)) return SubjectKind::Person;
    if (living_words().count(w)) return SubjectKind::Living;
  }
  return SubjectKind::Object;
}

std::vector<std::string> check_subject(const Subject& subject) {
  std::vector<std::string> problems;
  const auto id = detail::trim(subject.identifier);
  if (id.empty()) {
    problems.push_back("The identifier is empty; choose a short rare word such as 'olis' or 'sks'.");
  } else if (split_words(id).size() != 1 || id != subject.identifier) {
    problems.push_back("The identifier '" + subject.identifier + "' must be one word without spaces, such as 'olis'.");
  } else if (detail::to_lower(id) == "<new>") {
    problems.push_back("The identifier cannot be '<new>'; that is the placeholder captions use for it.");
  }
  if (detail::trim(subject.prompt_class()).empty()) {
    problems.push_back("The class name is empty; name what the subject is, such as 'backpack' or 'dog'.");
  } else if (!id.empty() && detail::contains_word(subject.prompt_class(), id)) {
    problems.push_back("The identifier '" + id + "' is also a word of the class name '" + subject.prompt_class() +
                       "'; choose an identifier that is not an ordinary word.");
  }
  return problems;
}

}  // namespace olis::prompts
