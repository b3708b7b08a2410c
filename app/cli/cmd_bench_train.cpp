// olis-cli bench train --mode full|lora [--config sd15|sdxl] [--latent 32]: seconds per training step of
// the real UNet architecture (random weights) on this machine, batch 1+1, as one JSON line (the same form
// as the other `bench` kinds). `bench-train` is the older spelling with --steps/--warmup.
#include <iostream>

#include "app/cli/bench_kinds.h"
#include "app/cli/command.h"
#include "core/training/train_bench.h"

namespace {

struct BenchArgs {
  std::string mode = "full";
  std::string config = "sd15";
  int64_t latent = 32;
  int steps = 3;
  int warmup = 1;
  int64_t rank = 32;
};

olis::cli::BenchKindRegistrar kind{"train", "one DreamBooth training step, batch 1+1; --mode full|lora, --latent default 32, "
                                   "--checkpointing, --text-encoder (full)",
                                   [](const olis::cli::BenchOptions& b) {
  if (b.config == "sd2") throw olis::Error("bench train supports --config sd15 or sdxl");
  if (b.text_encoder && b.mode != "full")
    throw olis::Error("bench train: --text-encoder trains the text encoder in a full fine-tune; use --mode full");
  olis::training::TrainBenchOptions o;
  o.placement = olis::value_or_throw(olis::models::parse_placement(b.device, b.dtype));
  o.gradient_checkpointing = b.checkpointing;
  o.train_text_encoder = b.text_encoder;
  o.mode = b.mode == "lora" ? olis::training::TrainMode::Lora : olis::training::TrainMode::Full;
  o.unet = b.config == "sdxl" ? olis::training::BenchUnet::SDXL : olis::training::BenchUnet::SD15;
  o.latent = b.latent_given ? b.latent : 32;
  o.timed_steps = b.repeat;
  o.warmup_steps = b.warmup;
  o.lora_rank = b.rank;
  auto r = olis::training::run_train_bench(o);
  return std::vector<nlohmann::json>{r.to_json(o)};
}};

olis::cli::Registrar reg{"bench-train", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("bench-train", "Time DreamBooth training steps of the real SD 1.5 / SDXL UNet (JSON line)");
  auto a = std::make_shared<BenchArgs>();
  cmd->add_option("--mode", a->mode, "full or lora")->check(CLI::IsMember({"full", "lora"}));
  cmd->add_option("--config", a->config, "sd15 or sdxl")->check(CLI::IsMember({"sd15", "sdxl"}));
  cmd->add_option("--latent", a->latent, "Latent side (32 = 256 px)")->check(CLI::Range(8, 256));
  cmd->add_option("--steps", a->steps, "Timed steps")->check(CLI::Range(1, 1000));
  cmd->add_option("--warmup", a->warmup, "Untimed steps first")->check(CLI::Range(0, 100));
  cmd->add_option("--rank", a->rank, "LoRA rank")->check(CLI::Range(1, 1024));
  cmd->callback([&ctx, a] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      olis::training::TrainBenchOptions o;
      o.mode = a->mode == "lora" ? olis::training::TrainMode::Lora : olis::training::TrainMode::Full;
      o.unet = a->config == "sdxl" ? olis::training::BenchUnet::SDXL : olis::training::BenchUnet::SD15;
      o.latent = a->latent;
      o.timed_steps = a->steps;
      o.warmup_steps = a->warmup;
      o.lora_rank = a->rank;
      auto r = olis::training::run_train_bench(o);
      std::cout << r.to_json(o).dump() << std::endl;
      return 0;
    });
  });
}};

}  // namespace
