#include "core/training/adamw.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "core/compat/torch_compat.h"
#include "core/util/error.h"

namespace olis::training {

namespace {

// Parameters per foreach call are grouped so that the float32 temporaries of one group (the denominator,
// the scaled first moment, and converted gradients of low-precision parameters) stay below this many elements.
constexpr int64_t kForEachGroupElements = int64_t{1} << 26;

torch::Tensor scalar_on(double v, const torch::Device& device) {
  return torch::full({}, v, torch::TensorOptions().dtype(torch::kFloat32).device(device));
}

}  // namespace

// The device-side scalars of a checked step: on a skipped step (found) decay and betas become 1, the
// gradients 0 and the denominator infinite, so p, m and v keep their values exactly; otherwise they equal
// the host scalars, bit for bit.
struct AdamW::Guard {
  torch::Tensor found;  // [] float64, 1 on a skipped step
  torch::Tensor factor, decay, beta1, beta2, inv_ok;  // [] float32
};

// Bias corrections of one step count t: on the host while every step so far counted (torch's exact
// arithmetic), else computed on the device from the count of skipped steps ([] float32 tensors there).
struct AdamW::Corrections {
  bool on_device = false;
  int64_t step = 0;                         // the host count
  torch::Tensor t;                          // on_device: the step count, [] float64
  double bc2_sqrt = 1, step_size = 0;       // sqrt(1 - b2^t), -lr / (1 - b1^t)
  torch::Tensor inv_bc2_sqrt, step_size_t;  // on_device: 1 / sqrt(1 - b2^t), -lr / (1 - b1^t)
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

void AdamW::step(double lr) { update(lr, nullptr); }

void AdamW::step(double lr, const GradientCheck& check) {
  if (!check.found_inf.defined() || !check.factor.defined()) throw Error("AdamW: a gradient check without a verdict");
  torch::NoGradGuard no_grad;
  const auto found = check.found_inf > 0.5;  // [] bool
  const auto dev = check.found_inf.device();
  auto pick = [&](double skipped, double normal) { return torch::where(found, scalar_on(skipped, dev), scalar_on(normal, dev)); };
  Guard g;
  g.found = found.to(torch::kFloat64);
  g.factor = check.factor.to(torch::kFloat32);
  g.decay = pick(1.0, 1 - lr * options_.weight_decay);
  g.beta1 = pick(1.0, options_.beta1);
  g.beta2 = pick(1.0, options_.beta2);
  g.inv_ok = pick(std::numeric_limits<double>::infinity(), 1.0);
  update(lr, &g);
}

int64_t AdamW::effective_step(const Slot& s) const {
  if (!skipped_.defined() || s.step == 0) return s.step;
  const auto skipped = s.skip_base.defined() ? skipped_ - s.skip_base : skipped_;
  return s.step - std::llround(skipped.item<double>());
}

void AdamW::update(double lr, const Guard* guard) {
  torch::NoGradGuard no_grad;
  const double b1 = options_.beta1, b2 = options_.beta2;
  std::vector<std::size_t> active;  // parameters with a gradient, in order
  for (std::size_t i = 0; i < params_.size(); ++i)
    if (params_[i].tensor.grad().defined()) active.push_back(i);
  if (active.empty()) return;

  // Step counts. After a checked step the skipped ones are known only on the device: counts become
  // host count - (skipped_ - skip_base), and a slot without a gradient in a skipped step moves its base
  // along so that the skip does not count for it either.
  torch::Tensor before;  // skipped_ before this step's verdict
  if (guard || skipped_.defined()) {
    if (!skipped_.defined())
      skipped_ = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(params_[active[0]].tensor.grad().device()));
    before = skipped_;
    if (guard) skipped_ = before + guard->found.to(before.device());  // out of place: `before` stays as it was
  }
  for (std::size_t i = 0, a = 0; i < params_.size(); ++i) {
    Slot& s = slots_[i];
    if (a < active.size() && active[a] == i) {
      ++a;
      if (s.step == 0 && before.defined()) s.skip_base = before;
      s.step += 1;
      if (!s.exp_avg.defined()) {
        const auto& p = s.master.defined() ? s.master : params_[i].tensor;
        s.exp_avg = torch::zeros_like(p, torch::MemoryFormat::Preserve);
        s.exp_avg_sq = torch::zeros_like(p, torch::MemoryFormat::Preserve);
      }
    } else if (guard && s.step > 0) {
      const auto found = guard->found.to(skipped_.device());
      s.skip_base = s.skip_base.defined() ? s.skip_base + found : found;
    }
  }

  // The bias corrections per (count, base): every slot of a run normally shares one.
  std::map<std::pair<int64_t, const void*>, Corrections> corrections;
  auto corrections_of = [&](const Slot& s) -> const Corrections& {
    const auto key = std::make_pair(s.step, static_cast<const void*>(s.skip_base.defined() ? s.skip_base.unsafeGetTensorImpl() : nullptr));
    auto it = corrections.find(key);
    if (it != corrections.end()) return it->second;
    Corrections c;
    c.step = s.step;
    if (!skipped_.defined()) {
      c.bc2_sqrt = std::sqrt(1 - std::pow(b2, static_cast<double>(s.step)));
      c.step_size = -lr / (1 - std::pow(b1, static_cast<double>(s.step)));
    } else {
      c.on_device = true;
      auto t = torch::full({}, static_cast<double>(s.step), skipped_.options()) -
               (s.skip_base.defined() ? skipped_ - s.skip_base : skipped_);
      t = t.clamp_min(1.0);  // a first step that is skipped updates nothing, whatever its corrections
      c.t = t;
      c.inv_bc2_sqrt = (1.0 - torch::pow(b2, t)).rsqrt().to(torch::kFloat32);
      c.step_size_t = (-lr / (1.0 - torch::pow(b1, t))).to(torch::kFloat32);
    }
    return corrections.emplace(key, c).first->second;
  };

  // Groups of parameters of one kind (with or without a master copy) and one set of corrections, bounded
  // in size; the per-tensor kernel takes them one by one.
  std::map<std::tuple<bool, int64_t, const void*>, std::vector<std::vector<std::size_t>>> grouped;
  std::map<std::tuple<bool, int64_t, const void*>, int64_t> elements;
  const int64_t bound = options_.kernel != AdamWKernel::PerTensor ? kForEachGroupElements : std::numeric_limits<int64_t>::max();
  for (auto i : active) {
    const Slot& s = slots_[i];
    const auto key = std::make_tuple(s.master.defined(), s.step,
                                     static_cast<const void*>(s.skip_base.defined() ? s.skip_base.unsafeGetTensorImpl() : nullptr));
    auto& groups = grouped[key];
    const int64_t n = params_[i].tensor.numel();
    if (groups.empty() || (!groups.back().empty() && elements[key] + n > bound)) {
      groups.emplace_back();
      elements[key] = 0;
    }
    groups.back().push_back(i);
    elements[key] += n;
  }
  // Each parameter's update is independent of the others, so the order of the groups does not matter.
  for (auto& [key, groups] : grouped)
    for (const auto& group : groups) update_group(group, corrections_of(slots_[group.front()]), lr, guard);
}

void AdamW::update_group(const std::vector<std::size_t>& group, const Corrections& c, double lr, const Guard* guard) {
  const double b1 = options_.beta1, b2 = options_.beta2, wd = options_.weight_decay, eps = options_.eps;
  std::vector<torch::Tensor> ps, gs, ms, vs, low;
  for (auto i : group) {
    Slot& s = slots_[i];
    auto& param = params_[i].tensor;
    const bool has_master = s.master.defined();
    ps.push_back(has_master ? s.master : param);
    gs.push_back(has_master ? param.grad().to(torch::kFloat32) : param.grad());
    ms.push_back(s.exp_avg);
    vs.push_back(s.exp_avg_sq);
    if (has_master) low.push_back(param);
  }
  if (options_.kernel == AdamWKernel::Fused && compat::has_fused_adamw() && ps.front().is_cuda()) {
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(ps.front().device());
    const auto t = c.on_device ? c.t.to(torch::kFloat32) : torch::full({}, static_cast<double>(c.step), f32);
    const std::vector<torch::Tensor> steps(ps.size(), t);  // read only: one count for the whole group
    torch::Tensor grad_scale, found_inf;
    if (guard) {
      grad_scale = guard->factor.reciprocal();  // the kernel divides by it; inf on a skipped step, never used
      found_inf = guard->found.to(torch::kFloat32);
    }
    compat::fused_adamw_(ps, gs, ms, vs, steps, lr, b1, b2, wd, eps, grad_scale, found_inf);
    for (std::size_t k = 0, j = 0; k < group.size(); ++k)
      if (slots_[group[k]].master.defined()) low[j++].copy_(ps[k]);
    return;
  }
  // The other kernels run the same operations in the same order (on the CPU, torch's foreach ops are loops
  // of the per-tensor ones, so the two give identical bits).
  if (options_.kernel == AdamWKernel::PerTensor) {
    for (std::size_t k = 0; k < ps.size(); ++k) {
      auto &p = ps[k], &g = gs[k], &m = ms[k], &v = vs[k];
      if (guard) g.mul_(guard->factor).nan_to_num_(0.0, 0.0, 0.0);  // inf * 0 of a skipped step
      if (wd != 0) {
        if (guard) p.mul_(guard->decay);
        else p.mul_(1 - lr * wd);
      }
      if (guard) m.mul_(guard->beta1);
      else m.mul_(b1);
      m.add_(g, 1 - b1);
      if (guard) v.mul_(guard->beta2);
      else v.mul_(b2);
      v.addcmul_(g, g, 1 - b2);
      auto denom = v.sqrt();
      if (c.on_device) denom.mul_(c.inv_bc2_sqrt);
      else denom.div_(c.bc2_sqrt);
      denom.add_(eps);
      if (guard) denom.mul_(guard->inv_ok);
      if (c.on_device) p.addcdiv_(m * c.step_size_t, denom);
      else p.addcdiv_(m, denom, c.step_size);
    }
  } else {
    if (guard) {
      compat::foreach_mul_(gs, guard->factor);
      for (auto& g : gs) g.nan_to_num_(0.0, 0.0, 0.0);  // no foreach form
    }
    if (wd != 0) {
      if (guard) compat::foreach_mul_(ps, guard->decay);
      else at::_foreach_mul_(ps, 1 - lr * wd);
    }
    if (guard) compat::foreach_mul_(ms, guard->beta1);
    else at::_foreach_mul_(ms, b1);
    at::_foreach_add_(ms, gs, 1 - b1);
    if (guard) compat::foreach_mul_(vs, guard->beta2);
    else at::_foreach_mul_(vs, b2);
    at::_foreach_addcmul_(vs, gs, gs, 1 - b2);
    auto denom = at::_foreach_sqrt(vs);
    if (c.on_device) compat::foreach_mul_(denom, c.inv_bc2_sqrt);
    else at::_foreach_div_(denom, c.bc2_sqrt);
    at::_foreach_add_(denom, eps);
    if (guard) compat::foreach_mul_(denom, guard->inv_ok);
    if (c.on_device) at::_foreach_addcdiv_(ps, compat::foreach_mul(ms, c.step_size_t), denom);
    else at::_foreach_addcdiv_(ps, ms, denom, c.step_size);
  }
  for (std::size_t k = 0, j = 0; k < group.size(); ++k)
    if (slots_[group[k]].master.defined()) low[j++].copy_(ps[k]);
}

io::TensorMap AdamW::state_dict() const {
  io::TensorMap out;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& name = params_[i].name;
    const Slot& s = slots_[i];
    out[name + ".step"] = torch::tensor(effective_step(s), torch::kInt64).reshape({});
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
  skipped_ = torch::Tensor();  // the loaded counts are the real ones
  for (auto& s : slots_) s.skip_base = torch::Tensor();
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
