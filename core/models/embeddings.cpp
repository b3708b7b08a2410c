#include "core/models/embeddings.h"

#include <cmath>

namespace olis::models {

torch::Tensor timestep_embedding(const torch::Tensor& timesteps, int64_t dim, const SinusoidalOptions& o) {
  TORCH_CHECK(timesteps.dim() == 1, "timesteps must be 1-D");
  const int64_t half = dim / 2;
  // Same float32 operation order as diffusers' get_timestep_embedding, for bit-level parity.
  auto exponent = torch::arange(0, half, timesteps.options().dtype(torch::kFloat32)) * (-std::log(o.max_period));
  exponent = exponent / (static_cast<double>(half) - o.downscale_freq_shift);
  auto freqs = torch::exp(exponent);
  auto emb = timesteps.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);  // [N, half]
  emb = emb * o.scale;
  emb = torch::cat({torch::sin(emb), torch::cos(emb)}, -1);
  if (o.flip_sin_to_cos) emb = torch::cat({emb.narrow(1, half, half), emb.narrow(1, 0, half)}, -1);
  if (dim % 2 == 1) emb = torch::constant_pad_nd(emb, {0, 1});
  return emb;
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t in_channels, int64_t time_embed_dim,
                                             const torch::TensorOptions& options) {
  linear_1 = register_module("linear_1", Linear(in_channels, time_embed_dim, true, options));
  linear_2 = register_module("linear_2", Linear(time_embed_dim, time_embed_dim, true, options));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x) {
  return linear_2->forward(torch::silu(linear_1->forward(x)));
}

}  // namespace olis::models
