#pragma once
// Per-step random streams. Every random choice of training step s (crop, flip, dropout, noise, timesteps)
// comes from a generator seeded by derive_seed(run_seed, s, stream), so a resumed run draws exactly what
// an uninterrupted one draws, whatever happened before, and no generator state has to be replayed.
#include <cstdint>
#include <random>

#include <torch/torch.h>

namespace olis::training {

// Model: the global generators (VAE latent sampling, dropout) are reseeded from it before each step.
enum class RngStream : uint64_t { InstanceCrop = 1, RegCrop = 2, Dropout = 3, Noise = 4, DataOrder = 5, Model = 6 };

// splitmix64 of the mixed inputs: well spread even for consecutive steps.
uint64_t derive_seed(uint64_t run_seed, uint64_t step, RngStream stream);

// std::mt19937_64 (fixed by the C++ standard) with our own mappings (std distributions differ between
// standard libraries), so choices are identical on every platform.
class StepRng {
 public:
  explicit StepRng(uint64_t seed) : gen_(seed) {}
  uint64_t next_u64() { return gen_(); }
  uint64_t below(uint64_t n);                  // uniform in [0, n), n == 0 -> 0
  double unit() { return static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 gen_;
};

// A CPU torch generator for (run_seed, step, stream).
torch::Generator step_generator(uint64_t run_seed, uint64_t step, RngStream stream);

}  // namespace olis::training
