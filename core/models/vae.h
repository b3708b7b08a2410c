#pragma once
// The VAE's Encoder and Decoder (diffusers vae.py) and their blocks: DownEncoderBlock2D, UpDecoderBlock2D and
// UNetMidBlock2D (resnet, single-head self-attention with GroupNorm and residual, resnet).
#include <vector>

#include <torch/torch.h>

#include "core/models/attention_processor.h"
#include "core/models/resnet_block_2d.h"

namespace olis::models {

struct VaeCoderOptions {
  int64_t in_channels = 3;     // Encoder: image channels; Decoder: latent channels
  int64_t out_channels = 3;    // Encoder: 2 * latent channels (mean, logvar); Decoder: image channels
  std::vector<int64_t> block_out_channels;
  int64_t layers_per_block = 2;
  int64_t groups = 32;
  bool mid_block_add_attention = true;
};

// UNetMidBlock2D without time embedding: resnets.0, attentions.0, resnets.1.
class VaeMidBlockImpl : public torch::nn::Module {
 public:
  VaeMidBlockImpl(int64_t channels, int64_t groups, bool add_attention, const torch::TensorOptions& options);
  // x: [N, C, H, W] -> [N, C, H, W]
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::ModuleList resnets{nullptr}, attentions{nullptr};
  std::vector<ResnetBlock2D> resnet_list;
  Attention attention{nullptr};
};
TORCH_MODULE(VaeMidBlock);

// DownEncoderBlock2D (sampler = downsamplers.0, padding 0) or UpDecoderBlock2D (sampler = upsamplers.0).
class VaeCoderBlockImpl : public torch::nn::Module {
 public:
  VaeCoderBlockImpl(bool down, int64_t in_channels, int64_t out_channels, int64_t num_layers, int64_t groups,
                    bool add_sampler, const torch::TensorOptions& options);
  // x: [N, C_in, H, W] -> [N, C_out, H/2, W/2] (down) or [N, C_out, 2H, 2W] (up), or same size without sampler
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::ModuleList resnets{nullptr}, samplers{nullptr};
  std::vector<ResnetBlock2D> resnet_list;
  Downsample2D downsampler{nullptr};
  Upsample2D upsampler{nullptr};
};
TORCH_MODULE(VaeCoderBlock);

class EncoderImpl : public torch::nn::Module {
 public:
  EncoderImpl(const VaeCoderOptions& o, const torch::TensorOptions& options);
  // x: [N, 3, H, W] -> [N, 2*latent, H/f, W/f]
  torch::Tensor forward(const torch::Tensor& x);

  Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList down_blocks{nullptr};
  std::vector<VaeCoderBlock> block_list;
  VaeMidBlock mid_block{nullptr};
  GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(Encoder);

class DecoderImpl : public torch::nn::Module {
 public:
  DecoderImpl(const VaeCoderOptions& o, const torch::TensorOptions& options);
  // z: [N, latent, h, w] -> [N, 3, h*f, w*f]
  torch::Tensor forward(const torch::Tensor& z);

  Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList up_blocks{nullptr};
  std::vector<VaeCoderBlock> block_list;
  VaeMidBlock mid_block{nullptr};
  GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(Decoder);

}  // namespace olis::models
