#pragma once
// Benchmark kinds of `olis-cli bench <kind>`. A file registers a kind with
//   static olis::cli::BenchKindRegistrar reg{"text", "CLIP text encoder forward", [](const BenchOptions& o) {...}};
// returning one JSON object per result; cmd_bench.cpp prints one line per object.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace olis::cli {

struct BenchOptions {
  std::string config = "sd15";  // sd15 | sd2 | sdxl
  int latent = 64;              // latent edge (64 = 512 px)
  int batch = 2;
  bool batch_given = false;     // kinds with another natural default (VAE: 1 image) use theirs unless given
  std::string device = "cpu";
  std::string dtype = "fp32";
  int repeat = 3;
  int warmup = 1;
  bool tiled = false;
  bool latent_given = false;    // train: default latent 32 unless given
  std::string mode = "full";    // train: full | lora
  int rank = 32;                // train: LoRA rank
  bool checkpointing = false;   // train: gradient checkpointing
  bool text_encoder = false;    // train --mode full: train SD 1.5's text encoder too
  int count = 8;                // regset: images generated
  int steps = 50;               // regset: sampler steps
};

using BenchFn = std::function<std::vector<nlohmann::json>(const BenchOptions&)>;

struct BenchKind {
  std::string name;
  std::string description;
  BenchFn run;
};

std::vector<BenchKind>& bench_kinds();

struct BenchKindRegistrar {
  BenchKindRegistrar(std::string name, std::string description, BenchFn fn) {
    bench_kinds().push_back({std::move(name), std::move(description), std::move(fn)});
  }
};

}  // namespace olis::cli
