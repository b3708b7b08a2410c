#pragma once
// Timestep embeddings of diffusers (embeddings.py): the sinusoidal Timesteps projection and the two-layer
// TimestepEmbedding MLP.
#include <torch/torch.h>

#include "core/models/layers.h"

namespace olis::models {

struct SinusoidalOptions {
  bool flip_sin_to_cos = true;     // [cos, sin] order (every SD UNet)
  double downscale_freq_shift = 0;
  double scale = 1;
  double max_period = 10000;
};

// timesteps: [N] (any numeric dtype) -> [N, dim] float32; freq_i = exp(-ln(max_period) * i / (half - shift)).
torch::Tensor timestep_embedding(const torch::Tensor& timesteps, int64_t dim, const SinusoidalOptions& options = {});

class TimestepEmbeddingImpl : public torch::nn::Module {
 public:
  TimestepEmbeddingImpl(int64_t in_channels, int64_t time_embed_dim, const torch::TensorOptions& options);
  // x: [N, in] -> [N, time_embed_dim]; linear_1 -> SiLU -> linear_2
  torch::Tensor forward(const torch::Tensor& x);

  Linear linear_1{nullptr}, linear_2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace olis::models
