#pragma once
// One DreamBooth optimisation step, independent of the model: the caller passes the denoiser (UNet
// forward, with LoRA or not) as a function, the encoded batch, and the optimizer over the trainable
// parameters. Order as in train_dreambooth.py: noise the latents, predict, prior-preservation loss,
// backward, clip to the total L2 norm, AdamW step at the schedule's lr, zero the gradients.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <torch/torch.h>

#include "core/training/adamw.h"
#include "core/training/diffusion_loss.h"
#include "core/training/noise_schedule.h"

namespace olis::training {

// What the UNet is conditioned on. SD 1.x/2.x use only encoder_hidden_states; SDXL adds the pooled
// text embedding and the six micro-conditioning time ids.
struct Conditioning {
  torch::Tensor encoder_hidden_states;  // [B, 77, D]
  torch::Tensor text_embeds;            // [B, P] (SDXL) or undefined
  torch::Tensor time_ids;               // [B, 6] (SDXL) or undefined
};

// noisy: [B, C, H, W], timesteps: [B] int64 -> prediction [B, C, H, W]
using Denoiser = std::function<torch::Tensor(const torch::Tensor& noisy, const torch::Tensor& timesteps,
                                             const Conditioning& cond)>;

struct StepInputs {
  torch::Tensor latents;  // [B, C, H, W] scaled VAE latents, instance rows first
  Conditioning cond;      // may carry a graph (a trained text encoder)
  torch::Tensor noise;    // [B, C, H, W]
  torch::Tensor timesteps;  // [B]
  int64_t prior_rows = 0;
};

// fp16 training needs loss scaling; bf16 and fp32 do not. The scale halves when gradients overflow
// (the step is then skipped) and doubles after `growth_interval` good steps, like torch.cuda.amp.GradScaler.
// The state lives on the training device and is updated there: reading it (scale(), good_steps()) is a host
// sync, for checkpoints and tests.
class LossScaler {
 public:
  LossScaler() = default;  // disabled
  explicit LossScaler(bool enabled, double initial_scale = 65536.0, int64_t growth_interval = 2000);
  bool enabled() const { return enabled_; }
  double scale() const;
  int64_t good_steps() const;
  void set_state(double scale, int64_t good_steps);  // e.g. from a checkpoint

  torch::Tensor scale_tensor(const torch::Device& device);  // [] float64 on `device`
  void update(const torch::Tensor& found_inf);               // found_inf: [] float32 (1: overflow)

 private:
  bool enabled_ = false;
  int64_t growth_interval_ = 2000;
  torch::Tensor scale_ = torch::full({}, 65536.0, torch::kFloat64);
  torch::Tensor good_ = torch::zeros({}, torch::kFloat64);
};

struct StepOptions {
  LossOptions loss;
  double max_grad_norm = 1.0;  // <= 0: no clipping
  double lr = 1e-4;
};

struct StepResult {
  double loss = 0, instance_loss = 0, prior_loss = 0;
  double grad_norm = 0;  // before clipping
  bool skipped = false;  // fp16 overflow (or a diverged run): no update
};

// A step's figures as 0-dim float32 tensors on the training device, so that the step loop never waits for
// the device; read() them (one copy for any number of steps with read_steps()) when they are needed.
struct StepTensors {
  torch::Tensor loss, instance_loss, prior_loss, grad_norm, skipped;
  StepResult read() const;
};
std::vector<StepResult> read_steps(const std::vector<StepTensors>& steps);

// One step without a host sync: the overflow check, clipping and the skip decision happen on the device.
StepTensors train_step_async(const Denoiser& denoiser, const StepInputs& in, const NoiseSchedule& schedule,
                             const StepOptions& options, AdamW& optimizer, LossScaler* scaler = nullptr);
// The same, reading the figures back at once (tools, benchmarks, tests).
StepResult train_step(const Denoiser& denoiser, const StepInputs& in, const NoiseSchedule& schedule,
                      const StepOptions& options, AdamW& optimizer, LossScaler* scaler = nullptr);

// Exponential moving average of the loss for progress display (bias-corrected like Adam's moments).
class SmoothedLoss {
 public:
  explicit SmoothedLoss(double beta = 0.98) : beta_(beta) {}
  void add(double loss);
  double value() const;
  // For checkpoints.
  double raw() const { return avg_; }
  int64_t count() const { return count_; }
  void restore(double raw, int64_t count) { avg_ = raw; count_ = count; }

 private:
  double beta_;
  double avg_ = 0;
  int64_t count_ = 0;
};

}  // namespace olis::training
