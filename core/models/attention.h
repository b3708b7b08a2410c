#pragma once
// The one attention function of Olis. Model code calls attention(); it picks the fused kernel where
// libtorch has it (2.x) and otherwise runs a memory-bounded chunked implementation.
#include <cstdint>

#include <torch/torch.h>

namespace olis::models {

struct AttentionOptions {
  bool causal = false;               // mask out keys after the query position
  bool upcast = false;               // compute q.k and softmax in float32 (SD 2 `upcast_attention`); the fused
                                     // kernel does so anyway, so this only changes the portable path
  double scale = 0;                  // 0 means 1/sqrt(head_dim)
  int64_t max_chunk_elements = 1 << 26;  // bound on the [chunk, Lk] score matrix per head-batch (fallback path)
  bool allow_fused = true;
};

// Whether attention() takes the fused kernel for these options when libtorch has one (`fused_available`).
// upcast does not rule it out: the fused kernels keep the softmax in float32 for fp16/bf16 inputs (what
// diffusers does with SDPA), while the portable chunked path is several times slower and larger.
bool uses_fused_attention(const AttentionOptions& options, bool fused_available);

// q: [B, H, Lq, D], k: [B, H, Lk, D], v: [B, H, Lk, Dv]; mask (optional): additive, broadcastable to
// [B, H, Lq, Lk] -> [B, H, Lq, Dv].
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const torch::Tensor& mask = {}, const AttentionOptions& options = {});

}  // namespace olis::models
