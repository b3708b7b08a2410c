#pragma once
// Command-line values shared by the subcommands that sample images (generate, eval dreambench).
#include <string>
#include <utility>

#include "core/sampling/scheduler_config.h"

namespace olis::cli {

// "512x768" -> {512, 768}; anything else throws olis::Error naming --size.
std::pair<int, int> parse_size(const std::string& text);
// ddim | ddpm | euler | dpmpp2m; anything else throws olis::Error naming --sampler.
sampling::SchedulerKind parse_sampler(const std::string& name);

}  // namespace olis::cli
