#pragma once
// AdamW with named parameters and named, serialisable state.
//
// The update is exactly torch's (Python torch.optim.AdamW single-tensor path and libtorch's
// torch::optim::AdamW, same operation order): decoupled decay p *= 1 - lr*wd, then
//   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g;  p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
// It is our own class rather than torch::optim::AdamW because its state must be saved by parameter name
// into checkpoints (libtorch keys state by TensorImpl address, differently in 1.13 and 2.x), and because
// low-precision parameters (bf16/fp16 on CUDA) need fp32 master weights.
//
// Three kernels compute the same update: PerTensor (a loop of tensor ops per parameter, the reference),
// ForEach (torch's _foreach_* ops over all parameters at once: a handful of kernel launches instead of
// ~10 per parameter, about 25k per SDXL LoRA step; on the CPU it gives the loop's bits) and Fused (torch's
// fused AdamW kernel, one launch per group, on CUDA with libtorch 2.x; elsewhere ForEach runs instead).
//
// Mixed precision: gradients are read in float32 (a low-precision gradient is converted as it is used),
// unscaled and clipped by one factor, and the moments and master weights are float32, so no update is
// rounded away. check_gradients() measures them on the device and step() can take its verdict as a tensor:
// a step with non-finite gradients leaves parameters, moments and step counts untouched without any
// read-back. As with torch's fused AdamW under GradScaler, a skipped step does not count: the step count
// that the bias correction uses is kept as the host's count minus a count of skipped steps on the device,
// and only state_dict() reads it back.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::training {

// Fused: torch's fused AdamW kernel on CUDA with libtorch 2.x, else ForEach.
enum class AdamWKernel { PerTensor, ForEach, Fused };

struct AdamWParams {
  double lr = 1e-4;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
  AdamWKernel kernel = AdamWKernel::Fused;
};

struct NamedParameter {
  std::string name;
  torch::Tensor tensor;  // a leaf that requires grad
};

// The gradients' verdict, as 0-dim float32 tensors on their device (nothing is read back).
struct GradientCheck {
  torch::Tensor norm;       // total L2 norm of the unscaled gradients, before clipping
  torch::Tensor found_inf;  // 1 when a gradient is not finite (overflow or divergence): the step is skipped
  torch::Tensor factor;     // what every gradient is multiplied by: 1/loss_scale * clip coefficient (0 if found_inf)
};

class AdamW {
 public:
  // Parameters in float32 are updated in place. Parameters in a lower precision get an fp32 master copy:
  // the update runs on the master and is then copied (rounded) into the parameter.
  AdamW(std::vector<NamedParameter> params, AdamWParams options);

  // One update with learning rate `lr` (the schedule's value for this step). Parameters without a
  // gradient are skipped, as torch does (their step count does not advance).
  void step(double lr);
  // The same, with the gradients multiplied by check.factor first; when check.found_inf is 1 the parameters,
  // moments, master weights and step counts stay as they are (decided on the device, nothing read back).
  void step(double lr, const GradientCheck& check);
  void zero_grad();  // sets gradients to undefined (torch's set_to_none=True)

  const std::vector<NamedParameter>& parameters() const { return params_; }
  const AdamWParams& options() const { return options_; }

  // State as tensors: "<name>.exp_avg", "<name>.exp_avg_sq", "<name>.step" (int64 0-dim, skipped steps not
  // counted: a host sync after checked steps) and "<name>.master" for low-precision parameters.
  io::TensorMap state_dict() const;
  // Throws olis::Error when a parameter's state is missing or has the wrong shape.
  void load_state_dict(const io::TensorMap& state);

 private:
  struct Slot {
    torch::Tensor exp_avg, exp_avg_sq, master;
    int64_t step = 0;        // updates attempted (host)
    torch::Tensor skip_base;  // [] float64: skipped_ when this slot's count began (undefined: 0)
  };
  struct Guard;        // the device-side scalars of a checked step
  struct Corrections;  // the bias corrections of one step count
  void update(double lr, const Guard* guard);
  void update_group(const std::vector<std::size_t>& group, const Corrections& c, double lr, const Guard* guard);
  int64_t effective_step(const Slot& s) const;  // reads back after checked steps
  std::vector<NamedParameter> params_;
  std::vector<Slot> slots_;
  AdamWParams options_;
  // Skipped steps so far ([] float64 on the parameters' device), defined once a checked step ran: a slot's
  // step count is then step - (skipped_ - skip_base), and its bias corrections are computed on the device.
  torch::Tensor skipped_;
};

// Measures the gradients of `params` in float32 on their device: the total L2 norm after multiplying by
// `inv_scale` (a 0-dim tensor, 1/loss scale; undefined: 1), whether any is not finite, and the factor that
// unscales them and clips the total norm to `max_norm` (<= 0: no clipping) as clip_grad_norm does. The
// gradients themselves are not changed; step(lr, check) applies the factor.
GradientCheck check_gradients(const std::vector<NamedParameter>& params, const torch::Tensor& inv_scale,
                              double max_norm);

// torch.nn.utils.clip_grad_norm_ (norm type 2): the total norm is the L2 norm of the per-tensor L2 norms;
// every gradient is multiplied by min(1, max_norm / (total + 1e-6)). Returns the total norm before clipping.
// max_norm <= 0 only measures. Reads the norm back (a host sync): for tools and tests, not the step loop.
double clip_grad_norm(const std::vector<NamedParameter>& params, double max_norm);

}  // namespace olis::training
