#include "core/training/reg_prompts.h"

#include <memory>

#include "core/prompts/manifest.h"
#include "core/prompts/prompt_set.h"

namespace olis::training {

Expected<RegularizationSet> load_regularization_set(const std::filesystem::path& manifest, double dropout_p) {
  auto items = prompts::read_manifest(manifest);
  if (!items) return tl::unexpected(items.error());
  RegularizationSet set;
  auto slots = std::make_shared<std::vector<prompts::PromptSlots>>();
  const auto base = manifest.parent_path();
  for (const auto& item : *items) {
    std::error_code ec;
    const auto image = base / item.image_path;
    if (item.image_path.empty() || !std::filesystem::is_regular_file(image, ec)) {
      ++set.missing_images;
      continue;
    }
    RegExample ex{image, item.prompt, {}};
    const auto latents = base / "latents" / (item.id + ".safetensors");
    if (std::filesystem::is_regular_file(latents, ec)) ex.latents = latents;
    set.examples.push_back(std::move(ex));
    slots->push_back(item.slots);
  }
  set.renderer = structured_prompt_renderer(std::move(*slots), dropout_p);
  return set;
}

RegPromptRenderer structured_prompt_renderer(std::vector<prompts::PromptSlots> slots, double dropout_p) {
  auto shared = std::make_shared<const std::vector<prompts::PromptSlots>>(std::move(slots));
  return [shared, dropout_p](std::size_t index, StepRng& rng) {
    prompts::PromptRng prng(rng.next_u64());
    return prompts::render_with_dropout(shared->at(index), dropout_p, prng);
  };
}

}  // namespace olis::training
