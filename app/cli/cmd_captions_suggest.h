#pragma once
// olis-cli captions suggest: CLIP-ranked captions for a project or a folder of photos.
#include <CLI/CLI.hpp>

#include "app/cli/command.h"

namespace olis::cli {

void add_captions_suggest(CLI::App* captions, Context& ctx);

}  // namespace olis::cli
