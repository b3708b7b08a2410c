#pragma once
// Trainable LoRA on a text encoder's plain torch::nn::Linear layers (q/k/v/out projections and the MLP
// fc1/fc2 of every CLIP layer). torch::nn::Linear cannot carry runtime adapters, so the layer's weight
// member is re-pointed at W + (alpha/rank) * up @ down before each forward (refresh()); the original
// parameter stays frozen and untouched, and gradients reach up and down through that sum.
// Init as PEFT: down ~ kaiming-uniform(a = sqrt(5)), up = 0, so training starts from the base model.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

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
  // component: "text_encoder" / "text_encoder_2" (names in exports and checkpoints).
  // Throws olis::Error when no layer matches.
  TextLora(torch::nn::Module& encoder, std::string component, const TextLoraOptions& options);
  ~TextLora();  // puts the original weights back
  TextLora(const TextLora&) = delete;
  TextLora& operator=(const TextLora&) = delete;

  void refresh();  // call before every forward (with or without grad)
  std::vector<NamedParameter> parameters() const;  // "<component>.<path>.lora_down" / ".lora_up"

  struct Item {
    std::string path;  // module path, e.g. "text_model.encoder.layers.0.self_attn.q_proj"
    torch::nn::LinearImpl* linear = nullptr;
    torch::Tensor base;  // the frozen parameter
    torch::Tensor down;  // [r, in]
    torch::Tensor up;    // [out, r]
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
