#include "core/models/attention_processor.h"

#include "core/models/attention.h"

namespace olis::models {

AttentionImpl::AttentionImpl(const AttentionModuleOptions& o, const torch::TensorOptions& options) : opts(o) {
  const int64_t inner = o.heads * o.dim_head;
  const int64_t kv_dim = o.cross_attention_dim > 0 ? o.cross_attention_dim : o.query_dim;
  if (o.norm_groups > 0) group_norm = register_module("group_norm", GroupNorm(o.norm_groups, o.query_dim, o.norm_eps, options));
  to_q = register_module("to_q", Linear(o.query_dim, inner, o.bias, options));
  to_k = register_module("to_k", Linear(kv_dim, inner, o.bias, options));
  to_v = register_module("to_v", Linear(kv_dim, inner, o.bias, options));
  to_out_0 = Linear(inner, o.query_dim, true, options);
  to_out = register_module("to_out", torch::nn::ModuleList(to_out_0));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const bool spatial = x.dim() == 4;
  const int64_t n = x.size(0);
  int64_t c = 0, h = 0, w = 0;
  torch::Tensor hs = x;
  if (spatial) {
    c = x.size(1), h = x.size(2), w = x.size(3);
    hs = x.view({n, c, h * w}).transpose(1, 2);  // [N, HW, C]
  }
  if (group_norm) hs = group_norm->forward(hs.transpose(1, 2)).transpose(1, 2);
  const auto& kv_in = context.defined() ? context : hs;

  auto split = [&](const torch::Tensor& t) {  // [N, L, H*D] -> [N, H, L, D]
    return t.view({n, -1, opts.heads, opts.dim_head}).transpose(1, 2);
  };
  auto q = split(to_q->forward(hs));
  auto k = split(to_k->forward(kv_in));
  auto v = split(to_v->forward(kv_in));
  AttentionOptions ao;
  ao.upcast = opts.upcast && q.scalar_type() != torch::kFloat32;  // float32 already: keep the fused path
  auto o = attention(q, k, v, {}, ao);                                  // [N, H, L, D]
  o = o.transpose(1, 2).reshape({n, -1, opts.heads * opts.dim_head});   // [N, L, H*D]
  o = to_out_0->forward(o);                                             // [N, L, query_dim]
  if (spatial) o = o.transpose(-1, -2).reshape({n, c, h, w});
  if (opts.residual_connection) o = o + x;
  if (opts.rescale_output_factor != 1.0) o = o / opts.rescale_output_factor;
  return o;
}

}  // namespace olis::models
