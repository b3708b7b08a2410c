#pragma once
// Prompts -> UNet conditioning, the way each model family's pipeline builds it:
//   SD 1.x / 2.x: context = last_hidden_state [B, 77k, D]                      (clip skip n: final LN of layer L-n)
//   SDXL:         context = cat(te1 hidden_states[-2], te2 hidden_states[-2]) [B, 77k, D1+D2],
//                 pooled  = te2 text_embeds of the first chunk [B, P]           (clip skip n: layer L-1-n)
// k = 1 (prompts truncated to 75 tokens) unless long prompts are on: then every prompt is split into
// 75-token chunks, each wrapped in start/end tokens and encoded on its own, and the chunks are
// concatenated along the sequence (A1111); shorter prompts get empty chunks.
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/text/text_stack.h"

namespace olis::text {

struct ConditionerOptions {
  bool long_prompts = false;
  int max_chunks = 0;  // with long_prompts: at most this many chunks (0: as many as needed)
  int clip_skip = 0;   // 0: the family's default layer; n: n layers earlier
};

struct Conditioning {
  torch::Tensor context;  // [B, 77k, D]
  torch::Tensor pooled;   // [B, P] SDXL only, else undefined
};

struct GuidedConditioning {  // classifier-free guidance pair; the pipeline batches [uncond, cond]
  Conditioning cond;
  Conditioning uncond;
};

class Conditioner {
 public:
  explicit Conditioner(std::shared_ptr<const TextStack> stack, ConditionerOptions options = {});

  // Chunks the longest of these prompts needs (1 without long prompts).
  int chunks_needed(const std::vector<std::string>& prompts) const;
  // Token ids per tower, [B, 77 * chunks] int64 on the CPU.
  std::vector<torch::Tensor> tokenize(const std::vector<std::string>& prompts, int chunks) const;
  // ids: one [B, 77k] tensor per tower (what tokenize() gives).
  Conditioning encode_ids(const std::vector<torch::Tensor>& ids) const;
  Conditioning encode(const std::vector<std::string>& prompts) const;
  // negatives: one per prompt, or empty for none ("" each; zeros when the model sets
  // force_zeros_for_empty_prompt, as diffusers' SDXL pipeline does). Both halves get the same length.
  GuidedConditioning encode_guided(const std::vector<std::string>& prompts,
                                   const std::vector<std::string>& negatives) const;

  const TextStack& stack() const { return *stack_; }
  const ConditionerOptions& options() const { return options_; }

 private:
  std::shared_ptr<const TextStack> stack_;
  ConditionerOptions options_;
};

}  // namespace olis::text
