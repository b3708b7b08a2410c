#pragma once
// Deterministic random numbers for prompt sampling: std::mt19937_64 (its output is fixed by the C++
// standard) with our own mappings to integers and reals, because std::uniform_*_distribution differs
// between libstdc++ and libc++. Same seed -> same prompts on every compiler and platform.
#include <cstdint>
#include <random>

namespace olis::prompts {

class PromptRng {
 public:
  explicit PromptRng(std::uint64_t seed) : gen_(seed) {}
  std::uint64_t next_u64() { return gen_(); }
  // Uniform in [0, n) by rejection (no modulo bias); n == 0 returns 0.
  std::uint64_t below(std::uint64_t n);
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0); }
  // True with probability p (p <= 0: never, p >= 1: always).
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 gen_;
};

}  // namespace olis::prompts
