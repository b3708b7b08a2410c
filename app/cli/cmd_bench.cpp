// olis-cli bench <kind>: speed and peak memory of one part of the engine, one JSON line per result.
// Kinds register themselves (bench_kinds.h): unet, vae here; others add text, train.
#include <algorithm>
#include <iostream>

#include "app/cli/bench_kinds.h"
#include "app/cli/command.h"
#include "core/util/error.h"

namespace olis::cli {

std::vector<BenchKind>& bench_kinds() {
  static std::vector<BenchKind> kinds;
  return kinds;
}

}  // namespace olis::cli

namespace {

olis::cli::Registrar reg{"bench", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("bench", "Time a model part at real size (random weights) and report peak memory");
  auto o = std::make_shared<olis::cli::BenchOptions>();
  auto kind = std::make_shared<std::string>();
  std::string kinds_help = "What to benchmark:";
  for (const auto& k : olis::cli::bench_kinds()) kinds_help += " " + k.name + " (" + k.description + ");";
  cmd->add_option("kind", *kind, kinds_help)->required();
  cmd->add_option("--config", o->config, "Architecture: sd15, sd2 or sdxl")->check(CLI::IsMember({"sd15", "sd2", "sdxl"}));
  auto* latent = cmd->add_option("--latent", o->latent, "Latent edge in pixels (64 = 512 px image)")->check(CLI::Range(8, 512));
  auto* batch = cmd->add_option("--batch", o->batch, "Batch (UNet: 2 = one guided step's [uncond, cond])")
                    ->check(CLI::Range(1, 64));
  cmd->add_option("--device", o->device, "cpu or cuda");
  cmd->add_option("--dtype", o->dtype, "fp32, bf16 or fp16")->check(CLI::IsMember({"fp32", "bf16", "fp16"}));
  cmd->add_option("--repeat", o->repeat, "Timed runs (the median is reported)")->check(CLI::Range(1, 1000));
  cmd->add_option("--warmup", o->warmup, "Untimed runs before timing")->check(CLI::Range(0, 100));
  cmd->add_flag("--tiled", o->tiled, "VAE: tiled decode");
  cmd->add_option("--mode", o->mode, "train: full fine-tune or LoRA")->check(CLI::IsMember({"full", "lora"}));
  cmd->add_option("--rank", o->rank, "train: LoRA rank")->check(CLI::Range(1, 1024));
  cmd->add_flag("--checkpointing", o->checkpointing, "train: gradient checkpointing");
  cmd->add_flag("--text-encoder", o->text_encoder, "train --mode full: train the text encoder too");
  cmd->add_option("--count", o->count, "regset: images to generate")->check(CLI::Range(1, 100000));
  cmd->add_option("--steps", o->steps, "regset: sampler steps")->check(CLI::Range(1, 1000));
  cmd->callback([&ctx, o, kind, batch, latent] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      o->batch_given = batch->count() > 0;
      o->latent_given = latent->count() > 0;
      const auto& kinds = olis::cli::bench_kinds();
      auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.name == *kind; });
      if (it == kinds.end()) {
        std::string names;
        for (const auto& k : kinds) names += (names.empty() ? "" : ", ") + k.name;
        throw olis::Error("unknown benchmark \"" + *kind + "\" (available: " + names + ")");
      }
      for (const auto& line : it->run(*o)) std::cout << line.dump() << std::endl;
      return 0;
    });
  });
}};

}  // namespace
