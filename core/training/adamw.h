#pragma once
// AdamW with named parameters and named, serialisable state.
//
// The update is exactly torch's (Python torch.optim.AdamW single-tensor path and libtorch's
// torch::optim::AdamW, same operation order): decoupled decay p *= 1 - lr*wd, then
//   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g;  p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
// It is our own class rather than torch::optim::AdamW because its state must be saved by parameter name
// into checkpoints (libtorch keys state by TensorImpl address, differently in 1.13 and 2.x), and because
// low-precision parameters (bf16/fp16 on CUDA) need fp32 master weights.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::training {

struct AdamWParams {
  double lr = 1e-4;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
};

struct NamedParameter {
  std::string name;
  torch::Tensor tensor;  // a leaf that requires grad
};

class AdamW {
 public:
  // Parameters in float32 are updated in place. Parameters in a lower precision get an fp32 master copy:
  // the update runs on the master and is then copied (rounded) into the parameter.
  AdamW(std::vector<NamedParameter> params, AdamWParams options);

  // One update with learning rate `lr` (the schedule's value for this step). Parameters without a
  // gradient are skipped, as torch does (their step count does not advance).
  void step(double lr);
  void zero_grad();  // sets gradients to undefined (torch's set_to_none=True)

  const std::vector<NamedParameter>& parameters() const { return params_; }
  const AdamWParams& options() const { return options_; }

  // State as tensors: "<name>.exp_avg", "<name>.exp_avg_sq", "<name>.step" (int64 0-dim) and
  // "<name>.master" for low-precision parameters.
  io::TensorMap state_dict() const;
  // Throws olis::Error when a parameter's state is missing or has the wrong shape.
  void load_state_dict(const io::TensorMap& state);

 private:
  struct Slot {
    torch::Tensor exp_avg, exp_avg_sq, master;
    int64_t step = 0;
  };
  std::vector<NamedParameter> params_;
  std::vector<Slot> slots_;
  AdamWParams options_;
};

// torch.nn.utils.clip_grad_norm_ (norm type 2): the total norm is the L2 norm of the per-tensor L2 norms;
// every gradient is multiplied by min(1, max_norm / (total + 1e-6)). Returns the total norm before clipping.
// max_norm <= 0 only measures.
double clip_grad_norm(const std::vector<NamedParameter>& params, double max_norm);

}  // namespace olis::training
