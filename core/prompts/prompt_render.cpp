// Rendering a structured prompt to text, with optional adjective dropout.
#include <set>

#include "core/prompts/articles.h"
#include "core/prompts/prompt_set.h"
#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

// Classes that are grammatically plural take no article: "a photo of round pink glasses on a rock".
bool is_plural_class(const std::string& class_name) {
  static const std::set<std::string> plural = {
      "glasses",  "sunglasses", "eyeglasses", "spectacles", "goggles",   "binoculars", "jeans",    "pants",
      "trousers", "shorts",     "leggings",   "tights",     "pajamas",   "pyjamas",    "overalls", "scissors",
      "pliers",   "tongs",      "tweezers",   "headphones", "earphones", "earbuds",    "sneakers", "shoes",
      "boots",    "sandals",    "slippers",   "socks",      "gloves",    "mittens",    "earrings", "chopsticks",
      "skis",     "skates",     "dice",       "clothes",    "suspenders", "handcuffs", "maracas",  "cymbals"};
  const std::string trimmed = detail::trim(class_name);
  const auto space = trimmed.find_last_of(' ');
  const std::string last = detail::to_lower(space == std::string::npos ? trimmed : trimmed.substr(space + 1));
  return plural.count(last) > 0;
}

}  // namespace

const char* to_string(PromptCategory c) {
  switch (c) {
    case PromptCategory::Training: return "training";
    case PromptCategory::Photoreal: return "photoreal";
    case PromptCategory::Styled: return "styled";
    case PromptCategory::Class: return "class";
  }
  return "photoreal";
}

std::optional<PromptCategory> parse_prompt_category(const std::string& text) {
  if (text == "training") return PromptCategory::Training;
  if (text == "photoreal") return PromptCategory::Photoreal;
  if (text == "styled") return PromptCategory::Styled;
  if (text == "class") return PromptCategory::Class;
  return std::nullopt;
}

bool PromptSlots::operator==(const PromptSlots& o) const {
  return kind == o.kind && style == o.style && adjectives == o.adjectives && class_name == o.class_name &&
         scene_type == o.scene_type && scene == o.scene;
}

bool PromptItem::operator==(const PromptItem& o) const {
  return id == o.id && category == o.category && slots == o.slots && prompt == o.prompt && seed == o.seed &&
         image_path == o.image_path;
}

std::string render_prompt(const PromptSlots& slots) { return render_prompt(slots, {true, true, true}); }

std::string render_prompt(const PromptSlots& slots, const std::array<bool, 3>& keep) {
  std::string phrase;
  for (std::size_t i = 0; i < slots.adjectives.size(); ++i) {
    if (!keep[i] || slots.adjectives[i].empty()) continue;
    phrase += slots.adjectives[i];
    phrase += ' ';
  }
  phrase += slots.class_name;
  const bool plural = is_plural_class(slots.class_name);
  std::string body;
  if (slots.scene_type == SceneType::Motion) {
    body = slots.scene;
    const std::string with_article = std::string("a ") + kConceptToken;
    if (plural && detail::starts_with(body, with_article)) body = body.substr(2);
    body = detail::replace_all(body, kConceptToken, phrase);
  } else {
    body = (plural ? "" : "a ") + phrase;
    if (slots.scene_type == SceneType::Background && !slots.scene.empty()) body += " " + slots.scene;
  }
  const std::string text = slots.style.empty() ? body : slots.style + " " + body;
  return fix_articles(text);
}

std::array<bool, 3> sample_adjective_keep(double dropout_p, PromptRng& rng) {
  std::array<bool, 3> keep{};
  for (auto& k : keep) k = !rng.chance(dropout_p);
  return keep;
}

std::string render_with_dropout(const PromptSlots& slots, double dropout_p, PromptRng& rng) {
  return render_prompt(slots, sample_adjective_keep(dropout_p, rng));
}

CategoryCounts category_counts(int n) {
  CategoryCounts c;
  if (n <= 0) return c;
  c.training = (n + 2) / 5;
  c.styled = (n + 2) / 5;
  c.photoreal = n - c.training - c.styled;
  return c;
}

}  // namespace olis::prompts
