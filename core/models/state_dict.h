#pragma once
// Loading checkpoint tensors into a module by name (the module's parameter and buffer names are the
// diffusers keys), and collecting them back.
#include <string>

#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::models {

// Copies every tensor into the parameter or buffer of the same name, converted to that parameter's device
// and dtype (zero-copy when they already match, e.g. fp32 on CPU from a memory-mapped file). Missing keys,
// unexpected keys and shape mismatches are one olis::Error that lists them and names `source` (the file).
void load_state_dict(torch::nn::Module& module, const io::TensorMap& tensors, const std::string& source);

// Parameters and buffers by name (shares memory with the module).
io::TensorMap state_dict(const torch::nn::Module& module);

// Fills every parameter with N(0, std) noise (std 0.02 for weights, biases 0, norm scales 1): for benchmarks
// and tests that need a real-size model without its weights.
void init_random(torch::nn::Module& module, uint64_t seed, double std = 0.02);

// Total number of parameter elements.
int64_t parameter_count(const torch::nn::Module& module);

}  // namespace olis::models
