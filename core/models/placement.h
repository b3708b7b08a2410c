#pragma once
// Where a model runs: device (CPU or CUDA) and dtype (fp32, fp16, bf16), chosen at load time.
#include <string>

#include <torch/torch.h>

#include "core/util/error.h"

namespace olis::models {

struct Placement {
  torch::Device device = torch::kCPU;
  torch::ScalarType dtype = torch::kFloat32;
  torch::TensorOptions options() const { return torch::TensorOptions().device(device).dtype(dtype); }
};

// "cpu", "cuda", "cuda:1".
Expected<torch::Device> parse_device(const std::string& text);
// "fp32"/"float32", "fp16"/"float16"/"half", "bf16"/"bfloat16".
Expected<torch::ScalarType> parse_dtype(const std::string& text);
std::string dtype_name(torch::ScalarType dtype);  // "fp32", "fp16", "bf16"
Expected<Placement> parse_placement(const std::string& device, const std::string& dtype);

// Throws olis::Error naming `what` when the device is absent or the dtype lacks the kernels the image models
// need on it (libtorch 1.13 has no float16 convolution or normalisation on CPU). The check runs each op once
// on a tiny tensor, so it reflects the libtorch actually linked.
void require_supported(const Placement& placement, const std::string& what);

}  // namespace olis::models
