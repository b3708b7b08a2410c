#include "core/models/resnet_block_2d.h"

namespace olis::models {

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlock2DOptions& o, const torch::TensorOptions& options)
    : output_scale_factor(o.output_scale_factor) {
  norm1 = register_module("norm1", GroupNorm(o.groups, o.in_channels, o.eps, options));
  conv1 = register_module("conv1", Conv2d(o.in_channels, o.out_channels, 3, 1, 1, options));
  if (o.temb_channels > 0)
    time_emb_proj = register_module("time_emb_proj", Linear(o.temb_channels, o.out_channels, true, options));
  norm2 = register_module("norm2", GroupNorm(o.groups, o.out_channels, o.eps, options));
  conv2 = register_module("conv2", Conv2d(o.out_channels, o.out_channels, 3, 1, 1, options));
  if (o.in_channels != o.out_channels)
    conv_shortcut = register_module("conv_shortcut", Conv2d(o.in_channels, o.out_channels, 1, 1, 0, options));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
  auto h = conv1->forward(torch::silu(norm1->forward(x)));
  if (time_emb_proj && temb.defined()) {
    auto t = time_emb_proj->forward(torch::silu(temb));  // [N, C_out]
    h = h + t.unsqueeze(-1).unsqueeze(-1);
  }
  h = conv2->forward(torch::silu(norm2->forward(h)));
  auto shortcut = conv_shortcut ? conv_shortcut->forward(x) : x;
  auto out = shortcut + h;
  if (output_scale_factor != 1.0) out = out / output_scale_factor;
  return out;
}

Downsample2DImpl::Downsample2DImpl(int64_t channels, int64_t out_channels, int64_t padding_,
                                   const torch::TensorOptions& options)
    : padding(padding_) {
  conv = register_module("conv", Conv2d(channels, out_channels, 3, 2, padding, options));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
  if (padding == 0) return conv->forward(torch::constant_pad_nd(x, {0, 1, 0, 1}, 0));
  return conv->forward(x);
}

Upsample2DImpl::Upsample2DImpl(int64_t channels, int64_t out_channels, const torch::TensorOptions& options) {
  conv = register_module("conv", Conv2d(channels, out_channels, 3, 1, 1, options));
}

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x, c10::optional<std::vector<int64_t>> size) {
  const auto dtype = x.scalar_type();
  // Nearest upsampling lacks bfloat16 kernels on older libtorch builds: do it in float32 (exact either way).
  auto h = dtype == torch::kBFloat16 ? x.to(torch::kFloat32) : x;
  if (h.size(0) >= 64) h = h.contiguous();
  std::vector<int64_t> out_size = size ? *size : std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2};
  h = torch::upsample_nearest2d(h, out_size);
  if (dtype == torch::kBFloat16) h = h.to(dtype);
  return conv->forward(h);
}

}  // namespace olis::models
