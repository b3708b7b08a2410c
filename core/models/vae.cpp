#include "core/models/vae.h"

namespace olis::models {
namespace {

constexpr double kVaeEps = 1e-6;

ResnetBlock2DOptions vae_resnet(int64_t in, int64_t out, int64_t groups) {
  ResnetBlock2DOptions r;
  r.in_channels = in;
  r.out_channels = out;
  r.groups = groups;
  r.eps = kVaeEps;
  return r;
}

}  // namespace

VaeMidBlockImpl::VaeMidBlockImpl(int64_t channels, int64_t groups, bool add_attention,
                                 const torch::TensorOptions& options) {
  resnets = register_module("resnets", torch::nn::ModuleList());
  for (int i = 0; i < 2; ++i) {
    resnet_list.emplace_back(vae_resnet(channels, channels, groups), options);
    resnets->push_back(resnet_list.back());
  }
  if (add_attention) {
    AttentionModuleOptions a;
    a.query_dim = channels;
    a.heads = 1;
    a.dim_head = channels;
    a.bias = true;
    a.upcast = true;
    a.norm_groups = groups;
    a.norm_eps = kVaeEps;
    a.residual_connection = true;
    attention = Attention(a, options);
    attentions = register_module("attentions", torch::nn::ModuleList(attention));
  }
}

torch::Tensor VaeMidBlockImpl::forward(const torch::Tensor& x) {
  auto h = resnet_list[0]->forward(x);
  if (attention) h = attention->forward(h);
  return resnet_list[1]->forward(h);
}

VaeCoderBlockImpl::VaeCoderBlockImpl(bool down, int64_t in_channels, int64_t out_channels, int64_t num_layers,
                                     int64_t groups, bool add_sampler, const torch::TensorOptions& options) {
  resnets = register_module("resnets", torch::nn::ModuleList());
  for (int64_t i = 0; i < num_layers; ++i) {
    resnet_list.emplace_back(vae_resnet(i == 0 ? in_channels : out_channels, out_channels, groups), options);
    resnets->push_back(resnet_list.back());
  }
  if (add_sampler) {
    if (down) {
      downsampler = Downsample2D(out_channels, out_channels, 0, options);
      samplers = register_module("downsamplers", torch::nn::ModuleList(downsampler));
    } else {
      upsampler = Upsample2D(out_channels, out_channels, options);
      samplers = register_module("upsamplers", torch::nn::ModuleList(upsampler));
    }
  }
}

torch::Tensor VaeCoderBlockImpl::forward(const torch::Tensor& x) {
  auto h = x;
  for (auto& r : resnet_list) h = r->forward(h);
  if (downsampler) h = downsampler->forward(h);
  if (upsampler) h = upsampler->forward(h);
  return h;
}

EncoderImpl::EncoderImpl(const VaeCoderOptions& o, const torch::TensorOptions& options) {
  const auto& ch = o.block_out_channels;
  conv_in = register_module("conv_in", Conv2d(o.in_channels, ch[0], 3, 1, 1, options));
  down_blocks = register_module("down_blocks", torch::nn::ModuleList());
  int64_t out = ch[0];
  for (size_t i = 0; i < ch.size(); ++i) {
    const int64_t in = out;
    out = ch[i];
    block_list.emplace_back(true, in, out, o.layers_per_block, o.groups, i + 1 < ch.size(), options);
    down_blocks->push_back(block_list.back());
  }
  mid_block = register_module("mid_block", VaeMidBlock(ch.back(), o.groups, o.mid_block_add_attention, options));
  conv_norm_out = register_module("conv_norm_out", GroupNorm(o.groups, ch.back(), kVaeEps, options));
  conv_out = register_module("conv_out", Conv2d(ch.back(), o.out_channels, 3, 1, 1, options));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& x) {
  auto h = conv_in->forward(x);
  for (auto& b : block_list) h = b->forward(h);
  h = mid_block->forward(h);
  return conv_out->forward(torch::silu(conv_norm_out->forward(h)));
}

DecoderImpl::DecoderImpl(const VaeCoderOptions& o, const torch::TensorOptions& options) {
  const auto& ch = o.block_out_channels;
  conv_in = register_module("conv_in", Conv2d(o.in_channels, ch.back(), 3, 1, 1, options));
  mid_block = register_module("mid_block", VaeMidBlock(ch.back(), o.groups, o.mid_block_add_attention, options));
  up_blocks = register_module("up_blocks", torch::nn::ModuleList());
  int64_t out = ch.back();
  for (size_t i = 0; i < ch.size(); ++i) {
    const int64_t prev = out;
    out = ch[ch.size() - 1 - i];
    block_list.emplace_back(false, prev, out, o.layers_per_block + 1, o.groups, i + 1 < ch.size(), options);
    up_blocks->push_back(block_list.back());
  }
  conv_norm_out = register_module("conv_norm_out", GroupNorm(o.groups, ch[0], kVaeEps, options));
  conv_out = register_module("conv_out", Conv2d(ch[0], o.out_channels, 3, 1, 1, options));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& z) {
  auto h = conv_in->forward(z);
  h = mid_block->forward(h);
  for (auto& b : block_list) h = b->forward(h);
  return conv_out->forward(torch::silu(conv_norm_out->forward(h)));
}

}  // namespace olis::models
