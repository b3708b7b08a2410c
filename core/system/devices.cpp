#include "core/system/devices.h"

#include <algorithm>
#include <cctype>

#include <torch/cuda.h>

namespace olis::system {

std::vector<std::string> compute_devices() {
  std::vector<std::string> out{"cpu"};
  const auto n = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) out.push_back("cuda:" + std::to_string(i));
  return out;
}

std::string canonical_device(const std::string& device) {
  std::string d;
  for (char c : device)
    if (!std::isspace(static_cast<unsigned char>(c))) d += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (d.empty() || d == "auto") return torch::cuda::is_available() ? "cuda:0" : "cpu";
  if (d == "cuda") return "cuda:0";
  return d;
}

}  // namespace olis::system
