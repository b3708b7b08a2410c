#pragma once
// diffusers Attention (attention_processor.py) with the default processor: to_q/to_k/to_v, multi-head
// attention through olis::models::attention(), to_out.0. Used for the UNet's attn1/attn2 and, with
// group_norm and a residual connection, for the VAE mid-block attention.
#include <torch/torch.h>

#include "core/models/layers.h"

namespace olis::models {

struct AttentionModuleOptions {
  int64_t query_dim = 0;
  int64_t cross_attention_dim = 0;  // 0: self-attention (keys from the query input)
  int64_t heads = 8;
  int64_t dim_head = 64;
  bool bias = false;                // bias of to_q/to_k/to_v
  bool upcast = false;              // upcast_attention / upcast_softmax: scores and softmax in float32
  int64_t norm_groups = 0;          // >0: GroupNorm named group_norm on the input (VAE)
  double norm_eps = 1e-6;
  bool residual_connection = false;
  double rescale_output_factor = 1.0;
};

class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(const AttentionModuleOptions& o, const torch::TensorOptions& options);
  // x: [N, L, query_dim] (or [N, C, H, W] with group_norm), context: [N, Lk, cross_attention_dim] or undefined
  // -> same shape as x
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});

  GroupNorm group_norm{nullptr};
  Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, to_out_0{nullptr};
  torch::nn::ModuleList to_out{nullptr};
  AttentionModuleOptions opts;
};
TORCH_MODULE(Attention);

}  // namespace olis::models
