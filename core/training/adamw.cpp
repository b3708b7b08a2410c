#include "core/training/adamw.h"

#include <cmath>

#include "core/util/error.h"

namespace olis::training {

AdamW::AdamW(std::vector<NamedParameter> params, AdamWParams options)
    : params_(std::move(params)), slots_(params_.size()), options_(options) {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& p = params_[i].tensor;
    if (!p.defined()) throw Error("AdamW: parameter '" + params_[i].name + "' is undefined");
    if (p.scalar_type() != torch::kFloat32 && p.scalar_type() != torch::kFloat64)
      slots_[i].master = p.detach().to(torch::kFloat32).clone();
  }
}

void AdamW::zero_grad() {
  for (auto& np : params_) np.tensor.mutable_grad() = torch::Tensor();
}

void AdamW::step(double lr) {
  torch::NoGradGuard no_grad;
  const double b1 = options_.beta1, b2 = options_.beta2;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto& param = params_[i].tensor;
    if (!param.grad().defined()) continue;
    Slot& s = slots_[i];
    const bool has_master = s.master.defined();
    torch::Tensor p = has_master ? s.master : param;
    torch::Tensor grad = has_master ? param.grad().to(torch::kFloat32) : param.grad();
    if (options_.weight_decay != 0) p.mul_(1 - lr * options_.weight_decay);
    if (!s.exp_avg.defined()) {
      s.exp_avg = torch::zeros_like(p, torch::MemoryFormat::Preserve);
      s.exp_avg_sq = torch::zeros_like(p, torch::MemoryFormat::Preserve);
    }
    s.step += 1;
    const double bias_correction1 = 1 - std::pow(b1, static_cast<double>(s.step));
    const double bias_correction2 = 1 - std::pow(b2, static_cast<double>(s.step));
    s.exp_avg.mul_(b1).add_(grad, 1 - b1);
    s.exp_avg_sq.mul_(b2).addcmul_(grad, grad, 1 - b2);
    auto denom = (s.exp_avg_sq.sqrt() / std::sqrt(bias_correction2)).add_(options_.eps);
    p.addcdiv_(s.exp_avg, denom, -lr / bias_correction1);
    if (has_master) param.copy_(p);
  }
}

io::TensorMap AdamW::state_dict() const {
  io::TensorMap out;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& name = params_[i].name;
    const Slot& s = slots_[i];
    out[name + ".step"] = torch::tensor(s.step, torch::kInt64).reshape({});
    if (s.exp_avg.defined()) {
      out[name + ".exp_avg"] = s.exp_avg;
      out[name + ".exp_avg_sq"] = s.exp_avg_sq;
    }
    if (s.master.defined()) out[name + ".master"] = s.master;
  }
  return out;
}

void AdamW::load_state_dict(const io::TensorMap& state) {
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& name = params_[i].name;
    Slot& s = slots_[i];
    auto it = state.find(name + ".step");
    if (it == state.end()) throw Error("optimizer state has no entry for parameter '" + name + "'");
    s.step = it->second.item<int64_t>();
    auto avg = state.find(name + ".exp_avg");
    auto avg_sq = state.find(name + ".exp_avg_sq");
    const auto& ref = s.master.defined() ? s.master : params_[i].tensor;
    if (avg != state.end() && avg_sq != state.end()) {
      if (avg->second.sizes() != ref.sizes() || avg_sq->second.sizes() != ref.sizes())
        throw Error("optimizer state for '" + name + "' has shape " + c10::str(avg->second.sizes()) +
                    " but the parameter has " + c10::str(ref.sizes()));
      s.exp_avg = avg->second.to(ref.device(), ref.scalar_type()).clone();
      s.exp_avg_sq = avg_sq->second.to(ref.device(), ref.scalar_type()).clone();
    } else if (s.step > 0) {
      throw Error("optimizer state for '" + name + "' has a step count but no moments");
    } else {
      s.exp_avg = torch::Tensor();
      s.exp_avg_sq = torch::Tensor();
    }
    auto master = state.find(name + ".master");
    if (s.master.defined() && master != state.end()) s.master.copy_(master->second);
  }
}

double clip_grad_norm(const std::vector<NamedParameter>& params, double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> norms;
  for (const auto& np : params)
    if (np.tensor.grad().defined()) norms.push_back(torch::norm(np.tensor.grad().detach(), 2.0));
  if (norms.empty()) return 0.0;
  auto total = torch::norm(torch::stack(norms), 2.0);
  if (max_norm > 0) {
    auto coef = torch::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
    for (const auto& np : params)
      if (np.tensor.grad().defined()) np.tensor.grad().mul_(coef.to(np.tensor.grad().scalar_type()));
  }
  return total.item<double>();
}

}  // namespace olis::training
