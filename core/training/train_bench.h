#pragma once
// Seconds per DreamBooth training step of a real-size UNet (random weights: speed does not depend on
// them) at a small latent size with batch 1 instance + 1 regularization, full fine-tune or LoRA.
// Used by `olis-cli bench-train` and bench/train_bench.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/models/placement.h"
#include "core/training/trainable_model.h"

namespace olis::training {

enum class BenchUnet { SD15, SDXL };

struct TrainBenchOptions {
  TrainMode mode = TrainMode::Full;
  BenchUnet unet = BenchUnet::SD15;
  int64_t latent = 32;      // latent side (32 = 256 px images)
  int warmup_steps = 1;
  int timed_steps = 3;
  int64_t lora_rank = 32;
  uint64_t seed = 0;
  models::Placement placement;          // device and weight dtype (bf16/fp16: fp32 masters and adapters)
  bool gradient_checkpointing = false;  // recompute each UNet block in the backward pass
  bool train_text_encoder = false;      // full mode: a CLIP-L text encoder (SD 1.5's) trained too
};

struct TrainBenchResult {
  std::vector<double> step_seconds;
  double median_seconds = 0;
  int64_t trained_parameters = 0;
  int64_t unet_parameters = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t peak_cuda_bytes = 0;  // the CUDA caching allocator's peak over the timed steps (0 on the CPU)
  nlohmann::json to_json(const TrainBenchOptions& o) const;
};

// The diffusers config.json of the real SD 1.5 / SDXL base UNet.
nlohmann::json bench_unet_config(BenchUnet unet);

TrainBenchResult run_train_bench(const TrainBenchOptions& options);

}  // namespace olis::training
