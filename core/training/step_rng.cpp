#include "core/training/step_rng.h"

#include <ATen/CPUGeneratorImpl.h>

namespace olis::training {

namespace {
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
}  // namespace

uint64_t derive_seed(uint64_t run_seed, uint64_t step, RngStream stream) {
  return splitmix64(splitmix64(splitmix64(run_seed) ^ step) ^ static_cast<uint64_t>(stream));
}

uint64_t StepRng::below(uint64_t n) {
  if (n == 0) return 0;
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x = gen_();
  while (x >= limit) x = gen_();
  return x % n;
}

torch::Generator step_generator(uint64_t run_seed, uint64_t step, RngStream stream) {
  return at::detail::createCPUGenerator(derive_seed(run_seed, step, stream));
}

}  // namespace olis::training
