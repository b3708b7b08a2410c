// The prompt engine: 2000 structured regularization prompts sampled and rendered (issue target: well under
// 20 ms on one core). Reference in the same run: building 2000 strings of the same shape by concatenation.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/prompts/pools.h"
#include "core/prompts/prompt_set.h"

namespace {

using namespace olis::prompts;

const PoolSet& pools() {
  static const PoolSet p = olis::value_or_throw(load_pool_set());
  return p;
}

PromptSetParams params(SubjectKind kind) {
  PromptSetParams p;
  p.subject.class_noun = kind == SubjectKind::Object ? "backpack" : kind == SubjectKind::Living ? "dog" : "woman";
  p.subject.kind = kind;
  p.captions = {"a <new> " + p.subject.class_noun + " on a rock", "a <new> " + p.subject.class_noun + " in the snow"};
  p.count = 2000;
  return p;
}

void BM_Sample2000(benchmark::State& state) {
  const auto p = params(static_cast<SubjectKind>(state.range(0)));
  for (auto _ : state) {
    auto items = sample_prompt_set(pools(), p);
    benchmark::DoNotOptimize(items.data());
  }
  state.SetItemsProcessed(state.iterations() * 2000);
}
BENCHMARK(BM_Sample2000)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// Training-time rendering of the whole set with adjective dropout 0.5.
void BM_RenderWithDropout2000(benchmark::State& state) {
  const auto items = sample_prompt_set(pools(), params(SubjectKind::Living));
  PromptRng rng(5);
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& it : items) n += render_with_dropout(it.slots, 0.5, rng).size();
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * 2000);
}
BENCHMARK(BM_RenderWithDropout2000)->Unit(benchmark::kMillisecond);

// Reference: the same 2000 prompts put together by plain concatenation (no sampling, articles or checks).
void BM_Reference_Concat2000(benchmark::State& state) {
  const auto items = sample_prompt_set(pools(), params(SubjectKind::Object));
  for (auto _ : state) {
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const auto& it : items) {
      const auto& s = it.slots;
      out.push_back(s.style + " a " + s.adjectives[0] + " " + s.adjectives[1] + " " + s.adjectives[2] + " " +
                    s.class_name + " " + s.scene);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * 2000);
}
BENCHMARK(BM_Reference_Concat2000)->Unit(benchmark::kMillisecond);

void BM_LoadPoolSet(benchmark::State& state) {
  for (auto _ : state) {
    auto p = load_pool_set();
    benchmark::DoNotOptimize(p->version.data());
  }
}
BENCHMARK(BM_LoadPoolSet)->Unit(benchmark::kMillisecond);

}  // namespace
