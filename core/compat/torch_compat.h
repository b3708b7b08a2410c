#pragma once
// Every difference between libtorch versions lives here (Debian ships 1.13 for CPU; GPU users build
// against libtorch 2.x with CUDA). Nothing else in Olis tests TORCH_VERSION_*.
#include <string>

#include <torch/torch.h>
#include <torch/version.h>

#define OLIS_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace olis::compat {

inline std::string torch_version() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

// True where libtorch has the fused at::scaled_dot_product_attention (2.0 and later).
constexpr bool has_fused_sdpa() { return OLIS_TORCH_AT_LEAST(2, 0); }

// Fused attention where available. q, k, v: [B, H, L, D]; mask broadcastable to [B, H, Lq, Lk] or undefined.
// Only call when has_fused_sdpa(); the portable path is olis::models::attention().
inline torch::Tensor fused_sdpa(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                const torch::Tensor& mask) {
#if OLIS_TORCH_AT_LEAST(2, 0)
  return at::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt);
#else
  (void)q; (void)k; (void)v; (void)mask;
  TORCH_CHECK(false, "fused scaled_dot_product_attention needs libtorch 2.0 or later");
#endif
}

// A scope without autograd bookkeeping (inference_mode exists in both, kept here for one place to change).
using InferenceGuard = c10::InferenceMode;

}  // namespace olis::compat
