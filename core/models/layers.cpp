#include "core/models/layers.h"

#include <algorithm>

namespace olis::models {

void LoraHolder::attach_lora(std::shared_ptr<const LoraAdapter> adapter) { adapters_.push_back(std::move(adapter)); }

void LoraHolder::detach_lora(const LoraAdapter* adapter) {
  adapters_.erase(std::remove_if(adapters_.begin(), adapters_.end(),
                                 [adapter](const auto& a) { return a.get() == adapter; }),
                  adapters_.end());
}

torch::TensorOptions param_options(torch::Device device, torch::ScalarType dtype) {
  return torch::TensorOptions().device(device).dtype(dtype);
}

LinearImpl::LinearImpl(int64_t in_features, int64_t out_features, bool has_bias, const torch::TensorOptions& options) {
  weight = register_parameter("weight", torch::zeros({out_features, in_features}, options));
  if (has_bias) bias = register_parameter("bias", torch::zeros({out_features}, options));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) {
  auto y = torch::nn::functional::linear(x, weight, bias);
  for (const auto& a : adapters_) {
    auto xa = x.to(a->down.scalar_type());
    auto h = torch::nn::functional::linear(torch::nn::functional::linear(xa, a->down), a->up);
    y = y + (h * a->effective()).to(y.scalar_type());
  }
  return y;
}

torch::Tensor LinearImpl::lora_delta(const LoraAdapter& a) const {
  return torch::matmul(a.up, a.down) * a.effective();  // [out, r] @ [r, in]
}

Conv2dImpl::Conv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t stride_, int64_t padding_,
                       const torch::TensorOptions& options, bool has_bias)
    : stride(stride_), padding(padding_) {
  weight = register_parameter("weight", torch::zeros({out_channels, in_channels, kernel_size, kernel_size}, options));
  if (has_bias) bias = register_parameter("bias", torch::zeros({out_channels}, options));
}

torch::Tensor Conv2dImpl::forward(const torch::Tensor& x) {
  auto y = torch::conv2d(x, weight, bias, stride, padding);
  for (const auto& a : adapters_) {
    auto xa = x.to(a->down.scalar_type());
    auto h = torch::conv2d(torch::conv2d(xa, a->down, {}, stride, padding), a->up);
    y = y + (h * a->effective()).to(y.scalar_type());
  }
  return y;
}

torch::Tensor Conv2dImpl::lora_delta(const LoraAdapter& a) const {
  // up [out, r, 1, 1], down [r, in, kh, kw] -> [out, in, kh, kw]
  auto up = a.up.flatten(1);
  auto down = a.down.flatten(1);
  return torch::matmul(up, down).reshape(weight.sizes()) * a.effective();
}

GroupNormImpl::GroupNormImpl(int64_t groups, int64_t channels, double eps_, const torch::TensorOptions& options)
    : num_groups(groups), eps(eps_) {
  weight = register_parameter("weight", torch::ones({channels}, options));
  bias = register_parameter("bias", torch::zeros({channels}, options));
}

torch::Tensor GroupNormImpl::forward(const torch::Tensor& x) { return torch::group_norm(x, num_groups, weight, bias, eps); }

LayerNormImpl::LayerNormImpl(int64_t dim_, double eps_, const torch::TensorOptions& options, bool affine)
    : dim(dim_), eps(eps_) {
  if (affine) {
    weight = register_parameter("weight", torch::ones({dim}, options));
    bias = register_parameter("bias", torch::zeros({dim}, options));
  }
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x) { return torch::layer_norm(x, {dim}, weight, bias, eps); }

}  // namespace olis::models
