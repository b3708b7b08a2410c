#pragma once
// diffusers ResnetBlock2D (resnet.py) with the "default" time-embedding norm: GroupNorm -> SiLU -> conv1
// (+ time_emb_proj(SiLU(temb))) -> GroupNorm -> SiLU -> conv2, plus a 1x1 conv_shortcut when channels change.
#include <c10/util/Optional.h>  // c10::optional: declared on every libtorch, not only through torch.h
#include <torch/torch.h>

#include "core/models/layers.h"

namespace olis::models {

struct ResnetBlock2DOptions {
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  int64_t temb_channels = 0;  // 0: no time embedding (VAE)
  int64_t groups = 32;
  double eps = 1e-5;
  double output_scale_factor = 1.0;
};

class ResnetBlock2DImpl : public torch::nn::Module {
 public:
  ResnetBlock2DImpl(const ResnetBlock2DOptions& o, const torch::TensorOptions& options);
  // x: [N, C_in, H, W], temb: [N, temb_channels] or undefined -> [N, C_out, H, W]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});

  GroupNorm norm1{nullptr}, norm2{nullptr};
  Conv2d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
  Linear time_emb_proj{nullptr};
  double output_scale_factor;
};
TORCH_MODULE(ResnetBlock2D);

// diffusers Downsample2D with use_conv: a stride-2 3x3 conv named "conv". padding 0 (VAE) pads right/bottom by 1.
class Downsample2DImpl : public torch::nn::Module {
 public:
  Downsample2DImpl(int64_t channels, int64_t out_channels, int64_t padding, const torch::TensorOptions& options);
  // x: [N, C, H, W] -> [N, C_out, ceil(H/2), ceil(W/2)]
  torch::Tensor forward(const torch::Tensor& x);

  Conv2d conv{nullptr};
  int64_t padding;
};
TORCH_MODULE(Downsample2D);

// diffusers Upsample2D with use_conv: nearest x2 (or to `size`) then a 3x3 conv named "conv".
class Upsample2DImpl : public torch::nn::Module {
 public:
  Upsample2DImpl(int64_t channels, int64_t out_channels, const torch::TensorOptions& options);
  // x: [N, C, H, W] -> [N, C_out, 2H, 2W] (or size)
  torch::Tensor forward(const torch::Tensor& x, c10::optional<std::vector<int64_t>> size = c10::nullopt);

  Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

}  // namespace olis::models
