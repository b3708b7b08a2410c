#pragma once
// The devices jobs can be pinned to: "cpu" and one "cuda:N" per CUDA device libtorch sees.
#include <string>
#include <vector>

namespace olis::system {

std::vector<std::string> compute_devices();
// "auto" -> "cuda:0" when CUDA is there, else "cpu"; "cuda" -> "cuda:0"; other names as given (trimmed, lower case).
std::string canonical_device(const std::string& device);

}  // namespace olis::system
