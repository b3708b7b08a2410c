#pragma once
// The UNet's blocks (diffusers unet_2d_blocks.py): CrossAttnDownBlock2D / DownBlock2D (one class, attention
// optional), CrossAttnUpBlock2D / UpBlock2D, UNetMidBlock2DCrossAttn. Submodules keep diffusers' names
// (resnets.N, attentions.N, downsamplers.0, upsamplers.0).
#include <functional>
#include <vector>

#include <torch/torch.h>

#include "core/models/resnet_block_2d.h"
#include "core/models/transformer_2d.h"

namespace olis::models {

// Gradient-checkpointing hook (set by core/training): when set, each resnet(+attention) layer of a block
// runs as runner(layer, {h, temb, context}) instead of layer({h, temb, context}), so that the runner can
// drop the layer's activations and recompute them in the backward pass.
using LayerFunction = std::function<torch::Tensor(const std::vector<torch::Tensor>& h_temb_context)>;
using LayerRunner = std::function<torch::Tensor(const LayerFunction& layer, const std::vector<torch::Tensor>& inputs)>;

struct UNetBlockOptions {
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  int64_t prev_output_channels = 0;   // up blocks: channels coming from the block below
  int64_t temb_channels = 0;
  int64_t num_layers = 2;             // resnets (up blocks: layers_per_block + 1)
  bool has_attention = false;         // CrossAttn*Block2D
  bool add_sampler = false;           // downsamplers.0 / upsamplers.0
  int64_t downsample_padding = 1;
  int64_t groups = 32;
  double eps = 1e-5;
  double output_scale_factor = 1.0;
  // attention
  int64_t heads = 8;
  std::vector<int64_t> transformer_layers;  // per resnet (size num_layers)
  int64_t cross_attention_dim = 0;
  bool use_linear_projection = false;
  bool only_cross_attention = false;
  bool upcast_attention = false;
};

class UNetDownBlockImpl : public torch::nn::Module {
 public:
  UNetDownBlockImpl(const UNetBlockOptions& o, const torch::TensorOptions& options);
  // x: [N, C_in, H, W] -> [N, C_out, H/2, W/2] (if downsampling); pushes every intermediate output onto `skips`
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context,
                        std::vector<torch::Tensor>& skips);

  torch::nn::ModuleList resnets{nullptr}, attentions{nullptr}, downsamplers{nullptr};
  std::vector<ResnetBlock2D> resnet_list;
  std::vector<Transformer2DModel> attention_list;
  Downsample2D downsampler{nullptr};
  LayerRunner layer_runner;  // empty: run the layers directly
};
TORCH_MODULE(UNetDownBlock);

class UNetUpBlockImpl : public torch::nn::Module {
 public:
  UNetUpBlockImpl(const UNetBlockOptions& o, const torch::TensorOptions& options);
  // x: [N, C_prev, H, W]; consumes num_layers entries from the back of `skips` -> [N, C_out, H', W'] where
  // H', W' is the size of the next skip connection (2H, 2W unless the input size was not a multiple of 2^k)
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context,
                        std::vector<torch::Tensor>& skips);

  torch::nn::ModuleList resnets{nullptr}, attentions{nullptr}, upsamplers{nullptr};
  std::vector<ResnetBlock2D> resnet_list;
  std::vector<Transformer2DModel> attention_list;
  Upsample2D upsampler{nullptr};
  LayerRunner layer_runner;  // empty: run the layers directly
};
TORCH_MODULE(UNetUpBlock);

// resnets.0, then (attentions.i, resnets.i+1) pairs; num_layers = number of attentions (1 in every SD model).
class UNetMidBlock2DCrossAttnImpl : public torch::nn::Module {
 public:
  UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& o, const torch::TensorOptions& options);
  // x: [N, C, H, W] -> [N, C, H, W]
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context);

  torch::nn::ModuleList resnets{nullptr}, attentions{nullptr};
  std::vector<ResnetBlock2D> resnet_list;
  std::vector<Transformer2DModel> attention_list;
  LayerRunner layer_runner;  // empty: run the layers directly
};
TORCH_MODULE(UNetMidBlock2DCrossAttn);

}  // namespace olis::models
