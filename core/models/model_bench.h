#pragma once
// Speed and memory of the image models at real size (random weights): one classifier-free-guided UNet step
// and one VAE decode. Used by bench/unet_bench.cpp and `olis-cli bench unet|vae`.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/models/autoencoder_kl.h"
#include "core/models/placement.h"
#include "core/models/unet_config.h"

namespace olis::models {

// The device side every benchmark shares (each a no-op on the CPU): CUDA kernels as training and sampling
// pick them (TF32, cuDNN autotuning), waiting for the device before a clock is read, and the caching
// allocator's peak.
void bench_prepare_device(const torch::Device& device);
void bench_sync(const torch::Device& device);
void bench_reset_peak(const torch::Device& device);  // waits for the device first
uint64_t bench_cuda_peak_bytes(const torch::Device& device);
// peak_cuda_bytes, peak_cuda_gib, and peak_cuda_measured (false where this build cannot read the peak).
nlohmann::json bench_cuda_peak_json(uint64_t peak_bytes);

// The published architectures: "sd15" (~860M parameters), "sd2" (SD 2.1), "sdxl" (base, ~2.6B).
UNetConfig reference_unet_config(const std::string& name);
VaeConfig reference_vae_config(const std::string& name);

struct ModelBenchParams {
  std::string config = "sd15";
  int64_t latent = 64;   // latent edge (64 = 512 px)
  int64_t batch = 2;     // UNet batch: 2 = one image's [uncond, cond] pair; VAE: images decoded at once
  Placement placement;
  int repeat = 3;
  int warmup = 1;        // untimed runs first (allocator warm-up)
  uint64_t seed = 0;
  bool tiled = false;    // VAE: tiled decode
};

struct ModelBenchResult {
  std::string name;               // "unet_step", "vae_decode"
  std::vector<double> seconds;    // each timed run
  std::vector<double> cpu_seconds;  // process CPU time of each timed run (all threads)
  double median_s = 0;
  uint64_t peak_rss_bytes = 0;    // process peak resident memory after the runs
  uint64_t peak_cuda_bytes = 0;   // the CUDA caching allocator's peak over the timed runs (0 on the CPU)
  int64_t parameters = 0;
  double build_s = 0;             // building + random init
  nlohmann::json to_json(const ModelBenchParams& p) const;
};

ModelBenchResult bench_unet_step(const ModelBenchParams& params);
ModelBenchResult bench_vae_decode(const ModelBenchParams& params);

}  // namespace olis::models
