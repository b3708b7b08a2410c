#include "core/training/adamw.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/compat/torch_compat.h"
#include "core/util/error.h"

namespace olis::training {

namespace {

// Parameters per foreach call are grouped so that the float32 temporaries of one group (the denominator,
// and converted gradients of low-precision parameters) stay below this many elements.
constexpr int64_t kForEachGroupElements = int64_t{1} << 26;

torch::Tensor scalar_on(double v, const torch::Device& device) {
  return torch::full({}, v, torch::TensorOptions().dtype(torch::kFloat32).device(device));
}

}  // namespace

// The device-side scalars of a checked step: on a skipped step (found_inf) decay and betas become 1, the
// gradients 0 and the denominator infinite, so p, m and v keep their values exactly; otherwise they equal
// the host scalars, bit for bit.
struct AdamW::Guard {
  torch::Tensor factor, decay, beta1, beta2, inv_ok;
};

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
  if (options_.kernel == AdamWKernel::ForEach) step_foreach(lr, nullptr);
  else step_per_tensor(lr, nullptr);
}

void AdamW::step(double lr, const GradientCheck& check) {
  if (!check.found_inf.defined() || !check.factor.defined()) throw Error("AdamW: a gradient check without a verdict");
  torch::NoGradGuard no_grad;
  const auto found = check.found_inf > 0.5;  // [] bool
  const auto dev = check.found_inf.device();
  auto pick = [&](double skipped, double normal) { return torch::where(found, scalar_on(skipped, dev), scalar_on(normal, dev)); };
  Guard g;
  g.factor = check.factor.to(torch::kFloat32);
  g.decay = pick(1.0, 1 - lr * options_.weight_decay);
  g.beta1 = pick(1.0, options_.beta1);
  g.beta2 = pick(1.0, options_.beta2);
  g.inv_ok = pick(std::numeric_limits<double>::infinity(), 1.0);
  if (options_.kernel == AdamWKernel::ForEach) step_foreach(lr, &g);
  else step_per_tensor(lr, &g);
}

void AdamW::step_per_tensor(double lr, const Guard* guard) {
  torch::NoGradGuard no_grad;
  const double b1 = options_.beta1, b2 = options_.beta2;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto& param = params_[i].tensor;
    if (!param.grad().defined()) continue;
    Slot& s = slots_[i];
    const bool has_master = s.master.defined();
    torch::Tensor p = has_master ? s.master : param;
    torch::Tensor grad = has_master ? param.grad().to(torch::kFloat32) : param.grad();
    if (guard) grad.mul_(guard->factor).nan_to_num_(0.0, 0.0, 0.0);
    if (options_.weight_decay != 0) {
      if (guard) p.mul_(guard->decay);
      else p.mul_(1 - lr * options_.weight_decay);
    }
    if (!s.exp_avg.defined()) {
      s.exp_avg = torch::zeros_like(p, torch::MemoryFormat::Preserve);
      s.exp_avg_sq = torch::zeros_like(p, torch::MemoryFormat::Preserve);
    }
    s.step += 1;
    const double bias_correction1 = 1 - std::pow(b1, static_cast<double>(s.step));
    const double bias_correction2 = 1 - std::pow(b2, static_cast<double>(s.step));
    if (guard) {
      s.exp_avg.mul_(guard->beta1).add_(grad, 1 - b1);
      s.exp_avg_sq.mul_(guard->beta2).addcmul_(grad, grad, 1 - b2);
    } else {
      s.exp_avg.mul_(b1).add_(grad, 1 - b1);
      s.exp_avg_sq.mul_(b2).addcmul_(grad, grad, 1 - b2);
    }
    auto denom = (s.exp_avg_sq.sqrt() / std::sqrt(bias_correction2)).add_(options_.eps);
    if (guard) denom.mul_(guard->inv_ok);
    p.addcdiv_(s.exp_avg, denom, -lr / bias_correction1);
    if (has_master) param.copy_(p);
  }
}

void AdamW::step_foreach(double lr, const Guard* guard) {
  torch::NoGradGuard no_grad;
  const double b1 = options_.beta1, b2 = options_.beta2;
  // Groups of parameters of one kind (with or without a master copy), bounded in size.
  std::vector<std::vector<std::size_t>> groups;
  for (const bool masters : {false, true}) {
    int64_t elements = 0;
    groups.emplace_back();
    for (std::size_t i = 0; i < params_.size(); ++i) {
      if (!params_[i].tensor.grad().defined() || slots_[i].master.defined() != masters) continue;
      const int64_t n = params_[i].tensor.numel();
      if (!groups.back().empty() && elements + n > kForEachGroupElements) {
        groups.emplace_back();
        elements = 0;
      }
      groups.back().push_back(i);
      elements += n;
    }
  }
  for (const auto& group : groups) {
    if (group.empty()) continue;
    std::vector<torch::Tensor> ps, gs, ms, vs, low;
    std::vector<at::Scalar> inv_bc2_sqrt, step_sizes;
    for (auto i : group) {
      Slot& s = slots_[i];
      auto& param = params_[i].tensor;
      const bool has_master = s.master.defined();
      torch::Tensor p = has_master ? s.master : param;
      if (!s.exp_avg.defined()) {
        s.exp_avg = torch::zeros_like(p, torch::MemoryFormat::Preserve);
        s.exp_avg_sq = torch::zeros_like(p, torch::MemoryFormat::Preserve);
      }
      s.step += 1;
      const double bias_correction1 = 1 - std::pow(b1, static_cast<double>(s.step));
      const double bias_correction2 = 1 - std::pow(b2, static_cast<double>(s.step));
      ps.push_back(p);
      gs.push_back(has_master ? param.grad().to(torch::kFloat32) : param.grad());
      ms.push_back(s.exp_avg);
      vs.push_back(s.exp_avg_sq);
      if (has_master) low.push_back(param);
      inv_bc2_sqrt.emplace_back(std::sqrt(bias_correction2));
      step_sizes.emplace_back(-lr / bias_correction1);
    }
    if (guard) {
      compat::foreach_mul_(gs, guard->factor);
      for (auto& g : gs) g.nan_to_num_(0.0, 0.0, 0.0);  // no foreach form; only skipped steps have any
    }
    if (options_.weight_decay != 0) {
      if (guard) compat::foreach_mul_(ps, guard->decay);
      else at::_foreach_mul_(ps, 1 - lr * options_.weight_decay);
    }
    if (guard) compat::foreach_mul_(ms, guard->beta1);
    else at::_foreach_mul_(ms, b1);
    at::_foreach_add_(ms, gs, 1 - b1);
    if (guard) compat::foreach_mul_(vs, guard->beta2);
    else at::_foreach_mul_(vs, b2);
    at::_foreach_addcmul_(vs, gs, gs, 1 - b2);
    auto denom = at::_foreach_sqrt(vs);
    at::_foreach_div_(denom, inv_bc2_sqrt);
    at::_foreach_add_(denom, options_.eps);
    if (guard) compat::foreach_mul_(denom, guard->inv_ok);
    at::_foreach_addcdiv_(ps, ms, denom, step_sizes);
    for (std::size_t k = 0, j = 0; k < group.size(); ++k)
      if (slots_[group[k]].master.defined()) low[j++].copy_(ps[k]);
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

GradientCheck check_gradients(const std::vector<NamedParameter>& params, const torch::Tensor& inv_scale,
                              double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> fp32, norms;
  std::vector<std::size_t> fp32_at;  // where each float32 gradient's norm goes (parameter order)
  torch::Device device = torch::kCPU;
  for (const auto& np : params) {
    const auto& g = np.tensor.grad();
    if (!g.defined()) continue;
    device = g.device();
    if (g.scalar_type() == torch::kFloat32) {
      fp32_at.push_back(norms.size());
      fp32.push_back(g);
      norms.emplace_back();
    } else {
      // Half/bf16 gradients: the norm accumulates and is returned in float32 (a half norm of scaled
      // gradients overflows at 65504; of unscaled small ones it flushes to zero).
      norms.push_back(at::linalg_vector_norm(g, 2.0, c10::nullopt, false, torch::kFloat32));
    }
  }
  if (!fp32.empty()) {
    auto n = at::_foreach_norm(fp32, 2.0);
    for (std::size_t k = 0; k < n.size(); ++k) norms[fp32_at[k]] = n[k];
  }
  GradientCheck c;
  if (norms.empty()) {
    c.norm = scalar_on(0.0, device);
    c.found_inf = scalar_on(0.0, device);
    c.factor = inv_scale.defined() ? inv_scale.to(device, torch::kFloat32) : scalar_on(1.0, device);
    return c;
  }
  auto total = torch::norm(torch::stack(norms), 2.0);  // [] float32, of the (still scaled) gradients
  if (inv_scale.defined()) total = total * inv_scale.to(device, torch::kFloat32);
  const auto found = torch::logical_not(torch::isfinite(total));
  c.norm = total;
  c.found_inf = found.to(torch::kFloat32);
  torch::Tensor factor = inv_scale.defined() ? inv_scale.to(device, torch::kFloat32) : scalar_on(1.0, device);
  if (max_norm > 0) factor = factor * torch::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
  c.factor = torch::where(found, scalar_on(0.0, device), factor);
  return c;
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
