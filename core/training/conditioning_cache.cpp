#include "core/training/conditioning_cache.h"

#include "core/util/error.h"

namespace olis::training {

namespace {

int64_t bytes_of(const torch::Tensor& t) { return t.defined() ? t.numel() * static_cast<int64_t>(t.element_size()) : 0; }

}  // namespace

text::Conditioning ConditioningCache::get(const std::vector<std::string>& prompts, const Encoder& encode) {
  if (prompts.empty()) throw Error("no prompts to encode");
  std::vector<torch::Tensor> context, pooled;
  for (const auto& p : prompts) {
    text::Conditioning c;
    auto it = entries_.find(p);
    if (it != entries_.end()) {
      ++hits_;
      c = it->second;
    } else {
      ++misses_;
      c = encode(p);
      if (!c.context.defined() || c.context.size(0) != 1) throw Error("the prompt encoder must return one row per prompt");
      const int64_t size = bytes_of(c.context) + bytes_of(c.pooled);
      if (bytes_ + size <= max_bytes_) {
        entries_.emplace(p, text::Conditioning{c.context.detach(), c.pooled.defined() ? c.pooled.detach() : torch::Tensor()});
        bytes_ += size;
      }
    }
    context.push_back(c.context);
    if (c.pooled.defined()) pooled.push_back(c.pooled);
  }
  text::Conditioning out;
  out.context = torch::cat(context, 0);  // a new tensor: callers never share the cached rows
  if (!pooled.empty()) {
    if (pooled.size() != prompts.size()) throw Error("the prompt encoder returned pooled embeddings for some prompts only");
    out.pooled = torch::cat(pooled, 0);
  }
  return out;
}

void ConditioningCache::clear() {
  entries_.clear();
  bytes_ = 0;
}

}  // namespace olis::training
