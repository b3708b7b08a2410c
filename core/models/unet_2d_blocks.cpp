#include "core/models/unet_2d_blocks.h"

namespace olis::models {
namespace {

Transformer2DOptions transformer_options(const UNetBlockOptions& o, int64_t layers) {
  Transformer2DOptions t;
  t.in_channels = o.out_channels;
  t.heads = o.heads;
  t.dim_head = o.out_channels / o.heads;
  t.num_layers = layers;
  t.cross_attention_dim = o.cross_attention_dim;
  t.norm_groups = o.groups;
  t.use_linear_projection = o.use_linear_projection;
  t.only_cross_attention = o.only_cross_attention;
  t.upcast_attention = o.upcast_attention;
  return t;
}

ResnetBlock2DOptions resnet_options(const UNetBlockOptions& o, int64_t in, int64_t out) {
  ResnetBlock2DOptions r;
  r.in_channels = in;
  r.out_channels = out;
  r.temb_channels = o.temb_channels;
  r.groups = o.groups;
  r.eps = o.eps;
  r.output_scale_factor = o.output_scale_factor;
  return r;
}

int64_t layers_at(const UNetBlockOptions& o, size_t i) {
  return o.transformer_layers.empty() ? 1 : o.transformer_layers.at(std::min(i, o.transformer_layers.size() - 1));
}

}  // namespace

UNetDownBlockImpl::UNetDownBlockImpl(const UNetBlockOptions& o, const torch::TensorOptions& options) {
  resnets = register_module("resnets", torch::nn::ModuleList());
  if (o.has_attention) attentions = register_module("attentions", torch::nn::ModuleList());
  for (int64_t i = 0; i < o.num_layers; ++i) {
    resnet_list.emplace_back(resnet_options(o, i == 0 ? o.in_channels : o.out_channels, o.out_channels), options);
    resnets->push_back(resnet_list.back());
    if (o.has_attention) {
      attention_list.emplace_back(transformer_options(o, layers_at(o, i)), options);
      attentions->push_back(attention_list.back());
    }
  }
  if (o.add_sampler) {
    downsampler = Downsample2D(o.out_channels, o.out_channels, o.downsample_padding, options);
    downsamplers = register_module("downsamplers", torch::nn::ModuleList(downsampler));
  }
}

torch::Tensor UNetDownBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                         const torch::Tensor& context, std::vector<torch::Tensor>& skips) {
  auto h = x;
  for (size_t i = 0; i < resnet_list.size(); ++i) {
    LayerFunction layer = [this, i](const std::vector<torch::Tensor>& in) {
      auto y = resnet_list[i]->forward(in[0], in[1]);
      return attention_list.empty() ? y : attention_list[i]->forward(y, in[2]);
    };
    h = layer_runner ? layer_runner(layer, {h, temb, context}) : layer({h, temb, context});
    skips.push_back(h);
  }
  if (downsampler) {
    h = downsampler->forward(h);
    skips.push_back(h);
  }
  return h;
}

UNetUpBlockImpl::UNetUpBlockImpl(const UNetBlockOptions& o, const torch::TensorOptions& options) {
  resnets = register_module("resnets", torch::nn::ModuleList());
  if (o.has_attention) attentions = register_module("attentions", torch::nn::ModuleList());
  for (int64_t i = 0; i < o.num_layers; ++i) {
    const int64_t skip_channels = i == o.num_layers - 1 ? o.in_channels : o.out_channels;
    const int64_t resnet_in = i == 0 ? o.prev_output_channels : o.out_channels;
    resnet_list.emplace_back(resnet_options(o, resnet_in + skip_channels, o.out_channels), options);
    resnets->push_back(resnet_list.back());
    if (o.has_attention) {
      attention_list.emplace_back(transformer_options(o, layers_at(o, i)), options);
      attentions->push_back(attention_list.back());
    }
  }
  if (o.add_sampler) {
    upsampler = Upsample2D(o.out_channels, o.out_channels, options);
    upsamplers = register_module("upsamplers", torch::nn::ModuleList(upsampler));
  }
}

torch::Tensor UNetUpBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context,
                                       std::vector<torch::Tensor>& skips) {
  auto h = x;
  for (size_t i = 0; i < resnet_list.size(); ++i) {
    TORCH_CHECK(!skips.empty(), "UNet up block ran out of skip connections");
    h = torch::cat({h, skips.back()}, 1);  // [N, C + C_skip, H, W]
    skips.pop_back();
    LayerFunction layer = [this, i](const std::vector<torch::Tensor>& in) {
      auto y = resnet_list[i]->forward(in[0], in[1]);
      return attention_list.empty() ? y : attention_list[i]->forward(y, in[2]);
    };
    h = layer_runner ? layer_runner(layer, {h, temb, context}) : layer({h, temb, context});
  }
  if (upsampler) {
    c10::optional<std::vector<int64_t>> size;
    if (!skips.empty()) size = std::vector<int64_t>{skips.back().size(2), skips.back().size(3)};
    h = upsampler->forward(h, size);
  }
  return h;
}

UNetMidBlock2DCrossAttnImpl::UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& o,
                                                         const torch::TensorOptions& options) {
  resnets = register_module("resnets", torch::nn::ModuleList());
  attentions = register_module("attentions", torch::nn::ModuleList());
  resnet_list.emplace_back(resnet_options(o, o.in_channels, o.in_channels), options);
  resnets->push_back(resnet_list.back());
  for (int64_t i = 0; i < o.num_layers; ++i) {
    attention_list.emplace_back(transformer_options(o, layers_at(o, i)), options);
    attentions->push_back(attention_list.back());
    resnet_list.emplace_back(resnet_options(o, o.in_channels, o.in_channels), options);
    resnets->push_back(resnet_list.back());
  }
}

torch::Tensor UNetMidBlock2DCrossAttnImpl::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                                   const torch::Tensor& context) {
  auto h = resnet_list[0]->forward(x, temb);
  for (size_t i = 0; i < attention_list.size(); ++i) {
    LayerFunction layer = [this, i](const std::vector<torch::Tensor>& in) {
      return resnet_list[i + 1]->forward(attention_list[i]->forward(in[0], in[2]), in[1]);
    };
    h = layer_runner ? layer_runner(layer, {h, temb, context}) : layer({h, temb, context});
  }
  return h;
}

}  // namespace olis::models
