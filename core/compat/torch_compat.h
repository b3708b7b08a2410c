#pragma once
// Every difference between libtorch versions lives here (Debian ships 1.13 for CPU; GPU users build
// against libtorch 2.x with CUDA). Nothing else in Olis tests TORCH_VERSION_*.
#include <memory>
#include <string>
#include <type_traits>

#include <c10/util/Optional.h>  // c10::optional (std::optional on 2.x): declared here, not only through torch.h
#include <torch/csrc/autograd/function.h>
#include <torch/torch.h>
#include <torch/version.h>

// The CUDA caching allocator's statistics exist in CUDA builds of libtorch 2.x (Debian's CPU 1.13 ships the
// header without the CUDA runtime it needs).
#if defined(__has_include)
#if __has_include(<cuda_runtime_api.h>) && __has_include(<c10/cuda/CUDACachingAllocator.h>) && TORCH_VERSION_MAJOR >= 2
#include <c10/cuda/CUDACachingAllocator.h>
#define OLIS_HAS_CUDA_ALLOCATOR_STATS 1
#endif
#endif

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

// Fused attention where available. q, k, v: [B, H, L, D]; mask broadcastable to [B, H, Lq, Lk] or undefined;
// causal: keys after the query position are masked (no mask tensor needed, so the flash kernel stays
// eligible); scale <= 0: 1/sqrt(D). Only call when has_fused_sdpa() (and has_sdpa_scale() for a scale).
// The flash and memory-efficient kernels accumulate the softmax in float32 whatever the input dtype, which
// is why diffusers' AttnProcessor2_0 ignores `upcast_attention`.
inline torch::Tensor fused_sdpa(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                const torch::Tensor& mask, bool causal = false, double scale = 0) {
#if OLIS_TORCH_AT_LEAST(2, 1)
  return at::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt,
                                          0.0, causal, scale > 0 ? c10::optional<double>(scale) : c10::nullopt);
#elif OLIS_TORCH_AT_LEAST(2, 0)
  TORCH_CHECK(scale <= 0, "a custom attention scale needs libtorch 2.1 or later");
  return at::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt,
                                          0.0, causal);
#else
  (void)q; (void)k; (void)v; (void)mask; (void)causal; (void)scale;
  TORCH_CHECK(false, "fused scaled_dot_product_attention needs libtorch 2.0 or later");
#endif
}

// True where fused_sdpa() takes a custom scale (2.1 and later).
constexpr bool has_sdpa_scale() { return OLIS_TORCH_AT_LEAST(2, 1); }

// list[i] *= scalar for every tensor, where scalar is a 0-dim tensor (on the list's device): one foreach
// launch where libtorch has the Tensor overload (2.1 and later), else a loop.
inline void foreach_mul_(std::vector<torch::Tensor>& list, const torch::Tensor& scalar) {
  if (list.empty()) return;
#if OLIS_TORCH_AT_LEAST(2, 1)
  at::_foreach_mul_(list, scalar);
#else
  for (auto& t : list) t.mul_(scalar);
#endif
}

// list[i] * scalar as new tensors (scalar: a 0-dim tensor on the list's device).
inline std::vector<torch::Tensor> foreach_mul(const std::vector<torch::Tensor>& list, const torch::Tensor& scalar) {
  if (list.empty()) return {};
#if OLIS_TORCH_AT_LEAST(2, 1)
  return at::_foreach_mul(list, scalar);
#else
  std::vector<torch::Tensor> out;
  out.reserve(list.size());
  for (const auto& t : list) out.push_back(t * scalar);
  return out;
#endif
}

// torch's fused AdamW kernel (the one behind torch.optim.AdamW(fused=True)): one launch per group of
// parameters on CUDA, libtorch 2.0 and later. It reads each parameter's step count from `steps` (0-dim float32
// tensors on the device, already advanced), divides the gradients by `grad_scale` when given (0-dim float32)
// and leaves everything untouched when `found_inf` (0-dim float32) is 1.
constexpr bool has_fused_adamw() { return OLIS_TORCH_AT_LEAST(2, 0); }

inline void fused_adamw_(const std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& grads,
                         const std::vector<torch::Tensor>& exp_avgs, const std::vector<torch::Tensor>& exp_avg_sqs,
                         const std::vector<torch::Tensor>& steps, double lr, double beta1, double beta2,
                         double weight_decay, double eps, const torch::Tensor& grad_scale, const torch::Tensor& found_inf) {
#if OLIS_TORCH_AT_LEAST(2, 0)
  at::_fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, /*max_exp_avg_sqs=*/at::TensorList(), steps, lr, beta1, beta2,
                    weight_decay, eps, /*amsgrad=*/false, /*maximize=*/false,
                    grad_scale.defined() ? c10::optional<at::Tensor>(grad_scale) : c10::nullopt,
                    found_inf.defined() ? c10::optional<at::Tensor>(found_inf) : c10::nullopt);
#else
  (void)params; (void)grads; (void)exp_avgs; (void)exp_avg_sqs; (void)steps; (void)lr; (void)beta1; (void)beta2;
  (void)weight_decay; (void)eps; (void)grad_scale; (void)found_inf;
  TORCH_CHECK(false, "the fused AdamW kernel needs libtorch 2.0 or later");
#endif
}

// A host tensor copied to `device` without blocking the host: on CUDA through pinned memory with
// non_blocking (a plain .to(cuda) waits for the stream, i.e. for every kernel queued before it). Tensors
// already on the device, or a CPU target, are returned as .to() would.
inline torch::Tensor to_device_async(const torch::Tensor& t, const torch::Device& device) {
  if (!t.defined() || !device.is_cuda() || !t.device().is_cpu()) return t.defined() ? t.to(device) : t;
  return t.pin_memory().to(device, /*non_blocking=*/true);
}

// Lets float32 matrix products and convolutions on CUDA use TF32 tensor cores (10-bit mantissa inputs,
// float32 accumulation), or not. Returns whether it was on before.
inline bool set_cuda_tf32(bool on) {
  auto& ctx = at::globalContext();
  const bool before = ctx.allowTF32CuBLAS();
  ctx.setAllowTF32CuBLAS(on);
  ctx.setAllowTF32CuDNN(on);
  return before;
}

// cuDNN autotuning of convolution algorithms per input shape (training shapes repeat every step).
inline void set_cudnn_benchmark(bool on) { at::globalContext().setBenchmarkCuDNN(on); }

// Whether this build can read the CUDA allocator's peak (else the two functions below read 0 and do nothing):
// benchmarks report it, so that a 0 is never mistaken for a measured peak.
constexpr bool has_cuda_allocator_stats() {
#ifdef OLIS_HAS_CUDA_ALLOCATOR_STATS
  return true;
#else
  return false;
#endif
}

// Peak bytes the CUDA caching allocator handed out on `device` since the last reset (0 without CUDA).
inline uint64_t cuda_peak_allocated_bytes(int device) {
#ifdef OLIS_HAS_CUDA_ALLOCATOR_STATS
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
  return static_cast<uint64_t>(stats.allocated_bytes[0].peak);  // [0]: StatType::AGGREGATE (its namespace moved in 2.x)
#else
  (void)device;
  return 0;
#endif
}

inline void cuda_reset_peak_memory(int device) {
#ifdef OLIS_HAS_CUDA_ALLOCATOR_STATS
  c10::cuda::CUDACachingAllocator::resetPeakStats(device);
#else
  (void)device;
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
