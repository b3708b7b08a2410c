#pragma once
// diffusers Transformer2DModel (transformer_2d.py) for continuous inputs, and its BasicTransformerBlock
// (attention.py): LayerNorm -> self-attention (attn1) -> LayerNorm -> cross-attention (attn2) -> LayerNorm ->
// GEGLU feed-forward (ff.net.0.proj, ff.net.2), each with a residual.
#include <torch/torch.h>

#include "core/models/attention_processor.h"
#include "core/models/layers.h"

namespace olis::models {

// GEGLU: proj -> (value, gate) halves -> value * gelu(gate).
class GEGLUImpl : public torch::nn::Module {
 public:
  GEGLUImpl(int64_t dim_in, int64_t dim_out, const torch::TensorOptions& options);
  // x: [N, L, dim_in] -> [N, L, dim_out]
  torch::Tensor forward(const torch::Tensor& x);
  Linear proj{nullptr};
};
TORCH_MODULE(GEGLU);

// FeedForward with GEGLU: net.0 = GEGLU(dim, 4*dim), net.1 = dropout (no weights), net.2 = Linear(4*dim, dim).
class FeedForwardImpl : public torch::nn::Module {
 public:
  FeedForwardImpl(int64_t dim, int64_t mult, const torch::TensorOptions& options);
  // x: [N, L, dim] -> [N, L, dim]
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::ModuleList net{nullptr};
  GEGLU geglu{nullptr};
  Linear out{nullptr};
};
TORCH_MODULE(FeedForward);

struct TransformerBlockOptions {
  int64_t dim = 0;
  int64_t heads = 8;
  int64_t dim_head = 64;
  int64_t cross_attention_dim = 0;
  bool only_cross_attention = false;
  bool upcast_attention = false;
};

class BasicTransformerBlockImpl : public torch::nn::Module {
 public:
  BasicTransformerBlockImpl(const TransformerBlockOptions& o, const torch::TensorOptions& options);
  // x: [N, L, dim], context: [N, Lk, cross_attention_dim] -> [N, L, dim]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

  LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
  Attention attn1{nullptr}, attn2{nullptr};
  FeedForward ff{nullptr};
  bool only_cross_attention;
};
TORCH_MODULE(BasicTransformerBlock);

struct Transformer2DOptions {
  int64_t in_channels = 0;
  int64_t heads = 8;
  int64_t dim_head = 64;  // heads * dim_head = inner dim (= in_channels in SD UNets)
  int64_t num_layers = 1;
  int64_t cross_attention_dim = 0;
  int64_t norm_groups = 32;
  bool use_linear_projection = false;  // SD 2 / SDXL: Linear proj_in/proj_out instead of 1x1 convs
  bool only_cross_attention = false;
  bool upcast_attention = false;
};

class Transformer2DModelImpl : public torch::nn::Module {
 public:
  Transformer2DModelImpl(const Transformer2DOptions& o, const torch::TensorOptions& options);
  // x: [N, C, H, W], context: [N, Lk, cross_attention_dim] -> [N, C, H, W]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

  GroupNorm norm{nullptr};
  Linear proj_in_linear{nullptr}, proj_out_linear{nullptr};
  Conv2d proj_in_conv{nullptr}, proj_out_conv{nullptr};
  torch::nn::ModuleList transformer_blocks{nullptr};
  std::vector<BasicTransformerBlock> blocks;
  bool use_linear_projection;
};
TORCH_MODULE(Transformer2DModel);

}  // namespace olis::models
