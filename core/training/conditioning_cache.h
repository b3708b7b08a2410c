#pragma once
// The text conditioning of prompts, computed once per prompt while the text encoders are frozen (a full
// fine-tune of the UNet alone): the few training captions come back every epoch, and regularization prompts
// whenever their rendering repeats. Each prompt is encoded alone, hit or miss, so a run gives the same bits
// whatever the cache holds (a resumed run starts with an empty one). Entries stay on the model's device
// (a copy back to the host would wait for the GPU); the cache stops growing at its byte budget.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/torch.h>

#include "core/text/conditioner.h"

namespace olis::training {

class ConditioningCache {
 public:
  explicit ConditioningCache(int64_t max_bytes = int64_t{256} << 20) : max_bytes_(max_bytes) {}

  // One prompt -> its conditioning (context [1, L, D], pooled [1, P] or undefined).
  using Encoder = std::function<text::Conditioning(const std::string& prompt)>;
  // The prompts' conditioning, [B, L, D] (and [B, P]), from the cache or `encode`.
  text::Conditioning get(const std::vector<std::string>& prompts, const Encoder& encode);

  int64_t hits() const { return hits_; }
  int64_t misses() const { return misses_; }
  int64_t bytes() const { return bytes_; }
  std::size_t size() const { return entries_.size(); }
  void clear();

 private:
  int64_t max_bytes_;
  int64_t bytes_ = 0, hits_ = 0, misses_ = 0;
  std::unordered_map<std::string, text::Conditioning> entries_;
};

}  // namespace olis::training
