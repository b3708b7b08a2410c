#pragma once
// Basic layers of the image models: Linear, Conv2d, GroupNorm, LayerNorm with parameters named like torch's
// ("weight", "bias") so checkpoint keys map by name. Linear and Conv2d accept LoRA adapters applied un-merged
// at runtime (y = W x + b + multiplier * up(down(x))); see core/models/lora.h for loading and merging.
#include <memory>
#include <vector>

#include <torch/torch.h>

namespace olis::models {

// A runtime scale shared by every adapter of one LoRA network, so set_scale() is one store.
struct LoraScale {
  double value = 1.0;
};

// One low-rank update of a Linear ([out, in]) or Conv2d ([out, in, kh, kw]) weight:
// delta W = scale * multiplier * up @ down. Linear: down [r, in], up [out, r]. Conv2d: down [r, in, kh, kw]
// (the base layer's kernel, stride and padding), up [out, r, 1, 1].
struct LoraAdapter {
  torch::Tensor down;
  torch::Tensor up;
  double multiplier = 1.0;             // alpha / rank (1 when the file has no alpha)
  std::shared_ptr<LoraScale> scale;    // may be null: scale 1
  double effective() const { return multiplier * (scale ? scale->value : 1.0); }
};

// A layer that can carry un-merged LoRA adapters.
class LoraTarget {
 public:
  virtual ~LoraTarget() = default;
  virtual void attach_lora(std::shared_ptr<const LoraAdapter> adapter) = 0;
  virtual void detach_lora(const LoraAdapter* adapter) = 0;
  virtual const std::vector<std::shared_ptr<const LoraAdapter>>& lora_adapters() const = 0;
  // Base weight: Linear [out, in], Conv2d [out, in, kh, kw].
  virtual torch::Tensor& lora_base_weight() = 0;
  // The update an adapter makes to lora_base_weight() (same shape), in the adapter's dtype.
  virtual torch::Tensor lora_delta(const LoraAdapter& adapter) const = 0;
};

class LoraHolder : public LoraTarget {
 public:
  void attach_lora(std::shared_ptr<const LoraAdapter> adapter) override;
  void detach_lora(const LoraAdapter* adapter) override;
  const std::vector<std::shared_ptr<const LoraAdapter>>& lora_adapters() const override { return adapters_; }

 protected:
  std::vector<std::shared_ptr<const LoraAdapter>> adapters_;
};

class LinearImpl : public torch::nn::Module, public LoraHolder {
 public:
  LinearImpl(int64_t in_features, int64_t out_features, bool bias, const torch::TensorOptions& options);
  // x: [..., in] -> [..., out]
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor& lora_base_weight() override { return weight; }
  torch::Tensor lora_delta(const LoraAdapter& adapter) const override;

  torch::Tensor weight;  // [out, in]
  torch::Tensor bias;    // [out] or undefined
};
TORCH_MODULE(Linear);

class Conv2dImpl : public torch::nn::Module, public LoraHolder {
 public:
  Conv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel_size, int64_t stride, int64_t padding,
             const torch::TensorOptions& options, bool bias = true);
  // x: [N, C_in, H, W] -> [N, C_out, H', W']
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor& lora_base_weight() override { return weight; }
  torch::Tensor lora_delta(const LoraAdapter& adapter) const override;

  torch::Tensor weight;  // [out, in, k, k]
  torch::Tensor bias;    // [out] or undefined
  int64_t stride = 1;
  int64_t padding = 0;
};
TORCH_MODULE(Conv2d);

class GroupNormImpl : public torch::nn::Module {
 public:
  GroupNormImpl(int64_t num_groups, int64_t num_channels, double eps, const torch::TensorOptions& options);
  // x: [N, C, *] -> same
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;  // [C]
  int64_t num_groups;
  double eps;
};
TORCH_MODULE(GroupNorm);

class LayerNormImpl : public torch::nn::Module {
 public:
  LayerNormImpl(int64_t dim, double eps, const torch::TensorOptions& options, bool elementwise_affine = true);
  // x: [..., dim] -> same
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;  // [dim] or undefined
  int64_t dim;
  double eps;
};
TORCH_MODULE(LayerNorm);

// Options for parameters of a model being built: zero-filled (never uninitialised memory), on the target
// device and dtype, so a large model is allocated once, where it will run.
torch::TensorOptions param_options(torch::Device device = torch::kCPU, torch::ScalarType dtype = torch::kFloat32);

}  // namespace olis::models
