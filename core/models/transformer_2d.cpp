#include "core/models/transformer_2d.h"

namespace olis::models {

GEGLUImpl::GEGLUImpl(int64_t dim_in, int64_t dim_out, const torch::TensorOptions& options) {
  proj = register_module("proj", Linear(dim_in, dim_out * 2, true, options));
}

torch::Tensor GEGLUImpl::forward(const torch::Tensor& x) {
  auto h = proj->forward(x);  // [N, L, 2*dim_out]
  auto parts = h.chunk(2, -1);
  const auto& gate = parts[1];
  // exact (erf) gelu; float16 gelu lacks CPU kernels in older libtorch, and diffusers upcasts there too
  if (gate.device().is_cpu() && gate.scalar_type() == torch::kHalf)
    return parts[0] * torch::gelu(gate.to(torch::kFloat32)).to(gate.scalar_type());
  return parts[0] * torch::gelu(gate);
}

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t mult, const torch::TensorOptions& options) {
  const int64_t inner = dim * mult;
  geglu = GEGLU(dim, inner, options);
  out = Linear(inner, dim, true, options);
  net = register_module("net", torch::nn::ModuleList(geglu, torch::nn::Dropout(0.0), out));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) { return out->forward(geglu->forward(x)); }

BasicTransformerBlockImpl::BasicTransformerBlockImpl(const TransformerBlockOptions& o,
                                                     const torch::TensorOptions& options)
    : only_cross_attention(o.only_cross_attention) {
  AttentionModuleOptions a1;
  a1.query_dim = o.dim;
  a1.heads = o.heads;
  a1.dim_head = o.dim_head;
  a1.upcast = o.upcast_attention;
  if (o.only_cross_attention) a1.cross_attention_dim = o.cross_attention_dim;
  AttentionModuleOptions a2 = a1;
  a2.cross_attention_dim = o.cross_attention_dim;
  norm1 = register_module("norm1", LayerNorm(o.dim, 1e-5, options));
  attn1 = register_module("attn1", Attention(a1, options));
  norm2 = register_module("norm2", LayerNorm(o.dim, 1e-5, options));
  attn2 = register_module("attn2", Attention(a2, options));
  norm3 = register_module("norm3", LayerNorm(o.dim, 1e-5, options));
  ff = register_module("ff", FeedForward(o.dim, 4, options));
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  auto h = x + attn1->forward(norm1->forward(x), only_cross_attention ? context : torch::Tensor());
  h = h + attn2->forward(norm2->forward(h), context);
  return h + ff->forward(norm3->forward(h));
}

Transformer2DModelImpl::Transformer2DModelImpl(const Transformer2DOptions& o, const torch::TensorOptions& options)
    : use_linear_projection(o.use_linear_projection) {
  const int64_t inner = o.heads * o.dim_head;
  norm = register_module("norm", GroupNorm(o.norm_groups, o.in_channels, 1e-6, options));
  if (o.use_linear_projection) {
    proj_in_linear = register_module("proj_in", Linear(o.in_channels, inner, true, options));
  } else {
    proj_in_conv = register_module("proj_in", Conv2d(o.in_channels, inner, 1, 1, 0, options));
  }
  transformer_blocks = register_module("transformer_blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < o.num_layers; ++i) {
    TransformerBlockOptions b;
    b.dim = inner;
    b.heads = o.heads;
    b.dim_head = o.dim_head;
    b.cross_attention_dim = o.cross_attention_dim;
    b.only_cross_attention = o.only_cross_attention;
    b.upcast_attention = o.upcast_attention;
    blocks.emplace_back(b, options);
    transformer_blocks->push_back(blocks.back());
  }
  if (o.use_linear_projection) {
    proj_out_linear = register_module("proj_out", Linear(inner, o.in_channels, true, options));
  } else {
    proj_out_conv = register_module("proj_out", Conv2d(inner, o.in_channels, 1, 1, 0, options));
  }
}

torch::Tensor Transformer2DModelImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
  auto hs = norm->forward(x);
  int64_t inner = 0;
  if (use_linear_projection) {
    hs = hs.permute({0, 2, 3, 1}).reshape({n, h * w, x.size(1)});  // [N, HW, C]
    hs = proj_in_linear->forward(hs);                               // [N, HW, inner]
    inner = hs.size(2);
  } else {
    hs = proj_in_conv->forward(hs);  // [N, inner, H, W]
    inner = hs.size(1);
    hs = hs.permute({0, 2, 3, 1}).reshape({n, h * w, inner});
  }
  for (auto& b : blocks) hs = b->forward(hs, context);
  if (use_linear_projection) {
    hs = proj_out_linear->forward(hs);
    hs = hs.reshape({n, h, w, -1}).permute({0, 3, 1, 2}).contiguous();
  } else {
    hs = hs.reshape({n, h, w, inner}).permute({0, 3, 1, 2}).contiguous();
    hs = proj_out_conv->forward(hs);
  }
  return hs + x;
}

}  // namespace olis::models
