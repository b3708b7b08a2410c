#pragma once
// Trainable LoRA on a text encoder's Linear layers (q/k/v/out projections and the MLP fc1/fc2 of every
// CLIP layer). The adapters run un-merged, as a separate float32 branch of each layer
// (y = W x + b + (alpha/rank) * up(down(x)), core/models/layers.h), as the UNet's LoRA does: the frozen weight
// is never rewritten, so in a bf16/fp16 model an early, small update is not rounded away by adding it into
// low-precision weights, and no copy of W + delta is made per step.
// Init as PEFT: down ~ kaiming-uniform(a = sqrt(5)), up = 0, so training starts from the base model.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/models/layers.h"
#include "core/training/adamw.h"

namespace olis::training {

struct TextLoraOptions {
  int64_t rank = 32;
  double alpha = 32;
  std::vector<std::string> module_suffixes{"q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2"};
  uint64_t seed = 0;
};

class TextLora {
 public:
  // component: "text_encoder" / "text_encoder_2" (names in exports and checkpoints). The chosen layers must
  // be olis::models::Linear (the CLIP text model's are). Throws olis::Error when no layer matches.
  TextLora(torch::nn::Module& encoder, std::string component, const TextLoraOptions& options);
  ~TextLora();  // detaches the adapters
  TextLora(const TextLora&) = delete;
  TextLora& operator=(const TextLora&) = delete;

  // Nothing to do: the adapters act in every forward. Kept for callers written for the merged version.
  void refresh() {}
  std::vector<NamedParameter> parameters() const;  // "<component>.<path>.lora_down" / ".lora_up"

  struct Item {
    std::string path;  // module path, e.g. "text_model.encoder.layers.0.self_attn.q_proj"
    models::LinearImpl* linear = nullptr;
    torch::Tensor base;  // the frozen weight [out, in]
    torch::Tensor down;  // [r, in], float32
    torch::Tensor up;    // [out, r], float32
    std::shared_ptr<models::LoraAdapter> adapter;
  };
  const std::vector<Item>& items() const { return items_; }
  const std::string& component() const { return component_; }
  double multiplier() const { return alpha_ / static_cast<double>(rank_); }
  double alpha() const { return alpha_; }

 private:
  std::string component_;
  std::vector<Item> items_;
  int64_t rank_ = 0;
  double alpha_ = 0;
};

}  // namespace olis::training
