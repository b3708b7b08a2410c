#include "core/models/attention.h"

#include <cmath>

#include "core/compat/torch_compat.h"

namespace olis::models {

bool uses_fused_attention(const AttentionOptions& options, bool fused_available) {
  if (!fused_available || !options.allow_fused) return false;
  return options.scale <= 0 || compat::has_sdpa_scale();
}

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        const torch::Tensor& mask, const AttentionOptions& options) {
  TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.dim() == 4, "attention expects [B, H, L, D] tensors");
  const int64_t lq = q.size(2), lk = k.size(2), d = q.size(3);
  const double scale = options.scale > 0 ? options.scale : 1.0 / std::sqrt(static_cast<double>(d));

  if (uses_fused_attention(options, compat::has_fused_sdpa())) {
    // A causal mask without another mask goes as is_causal (top-left aligned, as the triu(1) mask below).
    const bool causal_flag = options.causal && !mask.defined() && lq == lk;
    torch::Tensor m = mask;
    if (options.causal && !causal_flag) {
      auto causal = torch::full({lq, lk}, -std::numeric_limits<float>::infinity(), q.options().dtype(torch::kFloat32)).triu(1);
      m = m.defined() ? m + causal : causal;
    }
    return compat::fused_sdpa(q, k, v, m.defined() ? m.to(q.scalar_type()) : m, causal_flag, options.scale);
  }

  torch::Tensor full_mask = mask;
  if (options.causal) {
    auto causal = torch::full({lq, lk}, -std::numeric_limits<float>::infinity(), q.options().dtype(torch::kFloat32))
                      .triu(1);
    full_mask = full_mask.defined() ? full_mask + causal : causal;
  }

  // Portable path. Scores come from matmul into fresh memory: never baddbmm over an uninitialised
  // buffer, which returns NaN at random on libtorch 1.13 CPU (beta=0 does not clear NaNs there).
  const auto compute_dtype = options.upcast ? torch::kFloat32 : q.scalar_type();
  const int64_t rows_per_chunk =
      std::max<int64_t>(1, options.max_chunk_elements / std::max<int64_t>(1, q.size(0) * q.size(1) * lk));
  auto kt = k.to(compute_dtype).transpose(-1, -2);
  auto run = [&](const torch::Tensor& qc, const torch::Tensor& mc) {
    auto scores = torch::matmul(qc.to(compute_dtype), kt) * scale;
    if (mc.defined()) scores = scores + mc.to(compute_dtype);
    auto probs = torch::softmax(scores, -1).to(v.scalar_type());
    return torch::matmul(probs, v);
  };
  if (rows_per_chunk >= lq) return run(q, full_mask);
  std::vector<torch::Tensor> parts;
  for (int64_t s = 0; s < lq; s += rows_per_chunk) {
    const int64_t e = std::min(lq, s + rows_per_chunk);
    torch::Tensor mc;
    if (full_mask.defined())
      mc = full_mask.size(-2) == 1 ? full_mask : full_mask.narrow(-2, s, e - s);
    parts.push_back(run(q.narrow(2, s, e - s), mc));
  }
  return torch::cat(parts, 2);
}

}  // namespace olis::models
