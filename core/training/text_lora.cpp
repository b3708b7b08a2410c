#include "core/training/text_lora.h"

#include <cmath>

#include "core/util/error.h"

namespace olis::training {

namespace {
bool ends_with_component(const std::string& path, const std::string& suffix) {
  if (path.size() < suffix.size() || path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  return path.size() == suffix.size() || path[path.size() - suffix.size() - 1] == '.';
}
}  // namespace

TextLora::TextLora(torch::nn::Module& encoder, std::string component, const TextLoraOptions& o)
    : component_(std::move(component)), rank_(o.rank), alpha_(o.alpha) {
  if (o.rank <= 0) throw Error("LoRA rank must be positive");
  auto gen = at::detail::createCPUGenerator(o.seed ^ 0x7E47ull);
  std::vector<std::string> plain;
  for (const auto& item : encoder.named_modules("", false)) {
    bool chosen = false;
    for (const auto& s : o.module_suffixes) chosen = chosen || ends_with_component(item.key(), s);
    if (!chosen) continue;
    auto* linear = dynamic_cast<models::LinearImpl*>(item.value().get());
    if (!linear) {
      if (dynamic_cast<torch::nn::LinearImpl*>(item.value().get())) plain.push_back(item.key());
      continue;
    }
    Item it;
    it.path = item.key();
    it.linear = linear;
    it.base = linear->weight;
    it.base.set_requires_grad(false);
    const auto in = it.base.size(1), out = it.base.size(0);
    // kaiming_uniform(a = sqrt(5)) on [r, in]: bound = 1 / sqrt(in).
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    auto opts = torch::TensorOptions().dtype(torch::kFloat32);
    it.down = (torch::rand({o.rank, in}, gen, opts) * (2 * bound) - bound).to(it.base.device()).set_requires_grad(true);
    it.up = torch::zeros({out, o.rank}, opts.device(it.base.device())).set_requires_grad(true);
    it.adapter = std::make_shared<models::LoraAdapter>();
    it.adapter->down = it.down;
    it.adapter->up = it.up;
    it.adapter->multiplier = multiplier();
    linear->attach_lora(it.adapter);
    items_.push_back(std::move(it));
  }
  if (!plain.empty() || items_.empty())
    for (auto& it : items_) it.linear->detach_lora(it.adapter.get());
  if (!plain.empty())
    throw Error("text-encoder LoRA: " + component_ + " has plain torch Linear layers that cannot carry adapters (" +
                plain.front() + (plain.size() > 1 ? " and more" : "") + ")");
  if (items_.empty()) throw Error("text-encoder LoRA: no layer of " + component_ + " matches the chosen module names");
}

TextLora::~TextLora() {
  for (auto& it : items_) it.linear->detach_lora(it.adapter.get());
}

std::vector<NamedParameter> TextLora::parameters() const {
  std::vector<NamedParameter> out;
  for (const auto& it : items_) {
    out.push_back({component_ + "." + it.path + ".lora_down", it.down});
    out.push_back({component_ + "." + it.path + ".lora_up", it.up});
  }
  return out;
}

}  // namespace olis::training
