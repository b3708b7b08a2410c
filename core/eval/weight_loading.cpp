#include "core/eval/weight_loading.h"

#include <set>

#include <fmt/format.h>

#include "core/util/error.h"

namespace olis::eval {

std::vector<std::string> load_module_weights(torch::nn::Module& module, const io::TensorMap& tensors,
                                             const std::string& prefix, const std::string& label) {
  std::set<std::string> used;
  torch::NoGradGuard no_grad;
  auto assign = [&](const std::string& name, torch::Tensor& target) {
    const std::string key = prefix + name;
    auto it = tensors.find(key);
    if (it == tensors.end()) throw Error(fmt::format("{}: weight '{}' is missing", label, key));
    if (it->second.sizes() != target.sizes())
      throw Error(fmt::format("{}: weight '{}' has shape [{}], the model expects [{}]", label, key,
                              fmt::join(it->second.sizes(), ", "), fmt::join(target.sizes(), ", ")));
    target.copy_(it->second.to(target.scalar_type()));
    used.insert(key);
  };
  for (auto& p : module.named_parameters(true)) assign(p.key(), p.value());
  for (auto& b : module.named_buffers(true)) assign(b.key(), b.value());
  std::vector<std::string> unused;
  for (const auto& [k, v] : tensors)
    if (!used.count(k)) unused.push_back(k);
  return unused;
}

}  // namespace olis::eval
