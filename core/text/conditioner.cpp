#include "core/text/conditioner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/compat/torch_compat.h"

namespace olis::text {

Conditioner::Conditioner(std::shared_ptr<const TextStack> stack, ConditionerOptions options)
    : stack_(std::move(stack)), options_(options) {
  if (!stack_ || stack_->towers.empty()) throw Error("Conditioner: the model has no text encoder");
  if (stack_->family == io::ModelFamily::SDXL && stack_->towers.size() != 2)
    throw Error("Conditioner: an SDXL model needs text_encoder and text_encoder_2");
  if (options_.clip_skip < 0) throw Error(fmt::format("clip skip {} is negative", options_.clip_skip));
}

int Conditioner::chunks_needed(const std::vector<std::string>& prompts) const {
  if (!options_.long_prompts) return 1;
  int chunks = 1;
  for (const auto& tower : stack_->towers) {
    const auto per = static_cast<std::size_t>(tower.tokenizer.chunk_tokens());
    for (const auto& p : prompts) {
      const std::size_t n = tower.tokenizer.tokenize(p).size();
      chunks = std::max(chunks, static_cast<int>((n + per - 1) / per));
    }
  }
  if (options_.max_chunks > 0) chunks = std::min(chunks, options_.max_chunks);
  return chunks;
}

std::vector<torch::Tensor> Conditioner::tokenize(const std::vector<std::string>& prompts, int chunks) const {
  chunks = std::max(chunks, 1);
  std::vector<torch::Tensor> out;
  for (const auto& tower : stack_->towers) {
    const auto& tok = tower.tokenizer;
    const int64_t len = tok.max_length();
    auto ids = torch::empty({static_cast<int64_t>(prompts.size()), len * chunks}, torch::kLong);
    auto acc = ids.accessor<int64_t, 2>();
    const auto empty_chunk = tok.wrap(nullptr, 0);
    for (std::size_t b = 0; b < prompts.size(); ++b) {
      auto row = options_.long_prompts ? tok.encode_chunked(prompts[b], chunks) : tok.encode(prompts[b]);
      while (static_cast<int64_t>(row.size()) < len * chunks) row.insert(row.end(), empty_chunk.begin(), empty_chunk.end());
      for (int64_t i = 0; i < len * chunks; ++i) acc[static_cast<int64_t>(b)][i] = row[static_cast<std::size_t>(i)];
    }
    out.push_back(ids);
  }
  return out;
}

Conditioning Conditioner::encode_ids(const std::vector<torch::Tensor>& ids) const {
  const auto& towers = stack_->towers;
  if (ids.size() != towers.size())
    throw Error(fmt::format("Conditioner: {} id tensors for {} text encoders", ids.size(), towers.size()));
  const bool sdxl = stack_->family == io::ModelFamily::SDXL;
  std::vector<torch::Tensor> contexts;
  Conditioning result;
  for (std::size_t t = 0; t < towers.size(); ++t) {
    ClipTextModel encoder = towers[t].encoder;  // holder copy: shares the module
    const int64_t len = towers[t].tokenizer.max_length();
    const auto& x = ids[t];
    if (x.dim() != 2 || x.size(1) % len != 0)
      throw Error(fmt::format("Conditioner: ids for {} must be [B, k*{}], got {}", towers[t].name, len,
                              fmt::join(x.sizes(), "x")));
    const int64_t batch = x.size(0), chunks = x.size(1) / len;
    if (batch == 0) throw Error("Conditioner: no prompts to encode");
    const auto device = encoder->parameters().front().device();
    // Token ids go over without the host waiting for the device (a plain copy would wait for every queued kernel).
    auto out = encoder->forward(compat::to_device_async(x.reshape({batch * chunks, len}), device));  // [B*k, 77, D]
    const int64_t layers = static_cast<int64_t>(out.hidden_states.size()) - 1;
    torch::Tensor h;
    if (sdxl) {
      // diffusers SDXL: hidden_states[-(2 + clip_skip)], no final layer norm
      h = out.hidden_states.at(static_cast<std::size_t>(std::max<int64_t>(0, layers - 1 - options_.clip_skip)));
    } else if (options_.clip_skip == 0) {
      h = out.last_hidden_state;
    } else {
      // diffusers SD 1.x clip_skip: final_layer_norm(hidden_states[-(clip_skip + 1)])
      h = encoder->apply_final_layer_norm(
          out.hidden_states.at(static_cast<std::size_t>(std::max<int64_t>(0, layers - options_.clip_skip))));
    }
    contexts.push_back(h.reshape({batch, chunks * len, h.size(-1)}));
    if (sdxl && out.text_embeds.defined())
      result.pooled = out.text_embeds.view({batch, chunks, -1}).select(1, 0);  // [B, P], first chunk
  }
  result.context = contexts.size() == 1 ? contexts[0] : torch::cat(contexts, -1);
  if (sdxl && !result.pooled.defined())
    throw Error("Conditioner: SDXL's text_encoder_2 has no text_projection, so there is no pooled embedding");
  return result;
}

Conditioning Conditioner::encode(const std::vector<std::string>& prompts) const {
  return encode_ids(tokenize(prompts, chunks_needed(prompts)));
}

GuidedConditioning Conditioner::encode_guided(const std::vector<std::string>& prompts,
                                              const std::vector<std::string>& negatives) const {
  if (!negatives.empty() && negatives.size() != prompts.size())
    throw Error(fmt::format("{} negative prompts for {} prompts", negatives.size(), prompts.size()));
  const bool zeros = negatives.empty() && stack_->force_zeros_for_empty_prompt;
  const std::vector<std::string> neg = negatives.empty() ? std::vector<std::string>(prompts.size()) : negatives;
  std::vector<std::string> all = prompts;
  all.insert(all.end(), neg.begin(), neg.end());
  const int chunks = chunks_needed(all);
  GuidedConditioning g;
  g.cond = encode_ids(tokenize(prompts, chunks));
  g.uncond = encode_ids(tokenize(neg, chunks));
  if (zeros) {
    g.uncond.context = torch::zeros_like(g.uncond.context);
    if (g.uncond.pooled.defined()) g.uncond.pooled = torch::zeros_like(g.uncond.pooled);
  }
  return g;
}

}  // namespace olis::text
