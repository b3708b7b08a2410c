#include "core/prompts/validation_prompts.h"

#include <array>
#include <sstream>

#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

// {0}: identifier, {1}: class. Each pair is (prompt, the same prompt rephrased).
using Pair = std::array<const char*, 2>;
using Pairs = std::vector<Pair>;

const Pairs& backgrounds() {  // DreamBench, both groups
  static const Pairs p = {
      {"a {0} {1} in the jungle", "deep in the jungle there is a {0} {1}"},
      {"a {0} {1} in the snow", "snow all around a {0} {1}"},
      {"a {0} {1} on the beach", "the beach, with a {0} {1} on the sand"},
      {"a {0} {1} on a cobblestone street", "a cobblestone street with a {0} {1} on it"},
      {"a {0} {1} with a city in the background", "a city skyline behind a {0} {1}"},
  };
  return p;
}

const Pairs& live_accessories() {  // DreamBench, live subjects
  static const Pairs p = {
      {"a {0} {1} wearing a red hat", "a red hat on the head of a {0} {1}"},
      {"a {0} {1} wearing a santa hat", "a santa hat worn by a {0} {1}"},
      {"a {0} {1} in a chef outfit", "dressed in a chef outfit, a {0} {1}"},
      {"a {0} {1} wearing pink glasses", "pink glasses worn by a {0} {1}"},
      {"a {0} {1} wearing a rainbow scarf", "a rainbow scarf around the neck of a {0} {1}"},
  };
  return p;
}

const Pairs& object_accessories() {  // Olis' own: DreamBench gives objects no accessory prompts
  static const Pairs p = {
      {"a {0} {1} with a red ribbon tied around it", "a red ribbon tied around a {0} {1}"},
      {"a {0} {1} with a santa hat on top of it", "a santa hat sitting on top of a {0} {1}"},
      {"a {0} {1} decorated with fairy lights", "fairy lights wrapped around a {0} {1}"},
      {"a {0} {1} with a small gold crown on top of it", "a small gold crown placed on a {0} {1}"},
      {"a {0} {1} with a sunflower tucked into it", "a sunflower tucked into a {0} {1}"},
  };
  return p;
}

const Pairs& properties() {  // DreamBench, both groups
  static const Pairs p = {
      {"a red {0} {1}", "a {0} {1} that is red"},
      {"a purple {0} {1}", "a {0} {1}, colored purple"},
      {"a shiny {0} {1}", "a {0} {1} that is shiny"},
      {"a wet {0} {1}", "a {0} {1} that is soaking wet"},
      {"a cube shaped {0} {1}", "a {0} {1} in the shape of a cube"},
  };
  return p;
}

const Pairs& styles() {  // Olis' own: DreamBench has no art-style prompts
  static const Pairs p = {
      {"a painting of a {0} {1} in the style of Vincent van Gogh", "Vincent van Gogh's painting of a {0} {1}"},
      {"a watercolor painting of a {0} {1}", "a {0} {1}, painted in watercolor"},
      {"a pencil sketch of a {0} {1}", "a {0} {1} sketched in pencil"},
      {"a 3d render of a {0} {1}", "a {0} {1}, rendered in 3d"},
      {"an oil painting of a {0} {1}", "a {0} {1} painted in oil"},
  };
  return p;
}

std::string fill(const char* templ, const Subject& s) {
  return detail::replace_all(detail::replace_all(templ, "{0}", s.identifier), "{1}", s.prompt_class());
}

}  // namespace

const char* to_string(ValidationPromptType type) {
  switch (type) {
    case ValidationPromptType::Accessory: return "accessory";
    case ValidationPromptType::Property: return "property";
    case ValidationPromptType::Style: return "style";
    case ValidationPromptType::Custom: return "custom";
    case ValidationPromptType::Background: break;
  }
  return "background";
}

std::vector<ValidationPrompt> validation_prompts(const Subject& subject, int count, bool rephrased) {
  const bool object = subject.kind == SubjectKind::Object;
  const std::array<std::pair<ValidationPromptType, const Pairs*>, 4> types = {{
      {ValidationPromptType::Background, &backgrounds()},
      {ValidationPromptType::Accessory, object ? &object_accessories() : &live_accessories()},
      {ValidationPromptType::Property, &properties()},
      {ValidationPromptType::Style, &styles()},
  }};
  std::vector<ValidationPrompt> out;
  for (int i = 0; i < count; ++i) {
    const auto& [type, pairs] = types[static_cast<std::size_t>(i % 4)];
    const auto& pair = (*pairs)[static_cast<std::size_t>(i / 4) % pairs->size()];
    out.push_back({fill(pair[0], subject), type, false});
    if (rephrased) out.push_back({fill(pair[1], subject), type, true});
  }
  return out;
}

std::vector<ValidationPrompt> validation_prompts_from_text(const std::string& text, const Subject& subject) {
  std::vector<ValidationPrompt> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = detail::trim(line);
    if (line.empty() || line[0] == '#') continue;
    line = detail::replace_all(detail::replace_all(line, "<new>", subject.identifier), "{class}", subject.prompt_class());
    out.push_back({line, ValidationPromptType::Custom, false});
  }
  return out;
}

}  // namespace olis::prompts
