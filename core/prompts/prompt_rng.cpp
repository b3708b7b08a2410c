#include "core/prompts/prompt_rng.h"

namespace olis::prompts {

std::uint64_t PromptRng::below(std::uint64_t n) {
  if (n == 0) return 0;
  // Reject the top partial block so every value is equally likely.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x;
  do {
    x = gen_();
  } while (x >= limit);
  return x % n;
}

}  // namespace olis::prompts
