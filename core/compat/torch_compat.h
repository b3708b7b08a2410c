#pragma once
// Every difference between libtorch versions lives here (Debian ships 1.13 for CPU; GPU users build
// against libtorch 2.x with CUDA). Nothing else in Olis tests TORCH_VERSION_*.
#include <memory>
#include <string>
#include <type_traits>

#include <torch/csrc/autograd/function.h>
#include <torch/torch.h>
#include <torch/version.h>

// Debian's Qt, yaml-cpp, OpenCV and fmt use the C++11 libstdc++ ABI; cmake/OlisTorch.cmake refuses a libtorch
// built with the old one at configure time, and this catches a build that bypassed it.
#if defined(_GLIBCXX_USE_CXX11_ABI) && !_GLIBCXX_USE_CXX11_ABI
#error "Olis needs a libtorch built with the C++11 libstdc++ ABI (see cmake/OlisTorch.cmake)"
#endif

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

// Custom autograd nodes. Up to PyTorch 2.13 a Node is owned by std::shared_ptr (made with
// torch::autograd::deleteNode, which frees long graphs without deep recursion); from 2.14 Node derives from
// c10::intrusive_ptr_target and is made with c10::make_intrusive (pytorch/pytorch#181782). Decided by the
// type, not the version number, so a libtorch with either layout builds.
template <class T>
inline constexpr bool kNodeIsIntrusive = std::is_base_of_v<c10::intrusive_ptr_target, T>;

// make_node<T>(): a new T (a torch::autograd::Node) in the owner that create_gradient_edge takes.
template <class T>
auto make_node() {
  if constexpr (kNodeIsIntrusive<T>) {
    return c10::make_intrusive<T>();
  } else {
    // deleteNode is found by argument-dependent lookup (torch::autograd), so a libtorch without it never
    // instantiates this branch.
    return std::shared_ptr<T>(new T(), [](T* node) { deleteNode(node); });
  }
}

// A scope without autograd bookkeeping (inference_mode exists in both, kept here for one place to change).
using InferenceGuard = c10::InferenceMode;

}  // namespace olis::compat
