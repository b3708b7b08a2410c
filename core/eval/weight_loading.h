#pragma once
// Copies named tensors into a module whose parameters/buffers are registered under checkpoint key names.
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::eval {

// Every parameter and buffer of `module` must be present in `tensors` as `prefix + name` with the same
// shape; it is copied (converted to the parameter's dtype). Keys of `tensors` that the module does not use
// are returned (callers decide whether that matters). Throws olis::Error naming `label` and the key.
std::vector<std::string> load_module_weights(torch::nn::Module& module, const io::TensorMap& tensors,
                                             const std::string& prefix, const std::string& label);

}  // namespace olis::eval
