#pragma once
// The regularization examples of a finished regularization set (its manifest, see core/jobs/regset_job.h),
// with the structured prompt renderer: each step renders an item's slots with adjective dropout (each
// adjective slot removed with probability p, paper default 0.5), drawing from the step's dropout stream.
#include <filesystem>

#include "core/prompts/prompt_set.h"
#include "core/training/train_data.h"
#include "core/util/error.h"

namespace olis::training {

struct RegularizationSet {
  std::vector<RegExample> examples;  // only items whose image exists
  RegPromptRenderer renderer;
  std::size_t missing_images = 0;    // items without an image (an unfinished set)
};

// `manifest`: the set's manifest.jsonl; image paths in it are relative to its folder.
Expected<RegularizationSet> load_regularization_set(const std::filesystem::path& manifest, double dropout_p);

// Renders item `index` of `slots` with adjective dropout p for one step.
RegPromptRenderer structured_prompt_renderer(std::vector<prompts::PromptSlots> slots, double dropout_p);

}  // namespace olis::training
