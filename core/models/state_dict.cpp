#include "core/models/state_dict.h"

#include <set>

#include <fmt/format.h>

#include "core/util/error.h"

namespace olis::models {
namespace {

std::string list_some(const std::vector<std::string>& items, size_t max_items = 12) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) s += "\n    " + items[i];
  if (items.size() > max_items) s += fmt::format("\n    ... and {} more", items.size() - max_items);
  return s;
}

std::string shape_str(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

io::TensorMap state_dict(const torch::nn::Module& module) {
  io::TensorMap out;
  for (const auto& p : module.named_parameters(true)) out[p.key()] = p.value();
  for (const auto& b : module.named_buffers(true)) out[b.key()] = b.value();
  return out;
}

void load_state_dict(torch::nn::Module& module, const io::TensorMap& tensors, const std::string& source) {
  auto own = state_dict(module);
  std::vector<std::string> missing, unexpected, mismatched;
  for (const auto& [name, t] : own) {
    auto it = tensors.find(name);
    if (it == tensors.end()) {
      missing.push_back(name);
    } else if (it->second.sizes() != t.sizes()) {
      mismatched.push_back(fmt::format("{}: file {} vs model {}", name, shape_str(it->second), shape_str(t)));
    }
  }
  for (const auto& [name, t] : tensors)
    if (!own.count(name)) unexpected.push_back(name);
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
    std::string msg = fmt::format("{} does not match the model architecture of its config", source);
    if (!mismatched.empty()) msg += fmt::format("\n  {} shape mismatches:{}", mismatched.size(), list_some(mismatched));
    if (!missing.empty()) msg += fmt::format("\n  {} keys missing from the file:{}", missing.size(), list_some(missing));
    if (!unexpected.empty())
      msg += fmt::format("\n  {} unexpected keys in the file:{}", unexpected.size(), list_some(unexpected));
    throw Error(msg);
  }
  torch::NoGradGuard no_grad;
  for (auto& [name, t] : own) {
    const auto& src = tensors.at(name);
    if (!src.is_floating_point() && t.is_floating_point())
      throw Error(fmt::format("{}: tensor {} has dtype {}, expected a floating-point tensor", source, name,
                              c10::toString(src.scalar_type())));
    t.set_data(src.to(t.device(), t.scalar_type()));
  }
}

void init_random(torch::nn::Module& module, uint64_t seed, double std) {
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& p : module.named_parameters(true)) {
    auto& t = p.value();
    const auto& name = p.key();
    const bool is_bias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
    if (t.dim() >= 2) {
      if (t.device().is_cpu() && t.scalar_type() == torch::kFloat32) {
        t.normal_(0.0, std, gen);
      } else {
        t.copy_(at::normal(0.0, std, t.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32)));
      }
    } else if (is_bias) {
      t.zero_();
    } else {
      t.fill_(1.0);
    }
  }
}

int64_t parameter_count(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters(true)) n += p.numel();
  return n;
}

}  // namespace olis::models
