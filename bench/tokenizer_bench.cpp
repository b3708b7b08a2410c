// CLIP tokenizer throughput on 2000 regularization-like prompts (cleaning, pre-tokenization, BPE with
// its cache, 77-id encoding), against copying and lower-casing the same prompts as a machine reference.
#include <benchmark/benchmark.h>

#include "bench/bench_text_support.h"
#include "core/text/clip_pretokenizer.h"
#include "core/text/text_cleaning.h"

namespace {

const std::vector<std::string>& prompts() {
  static const auto p = olis::bench::regularization_prompts(2000);
  return p;
}

void BM_TokenizeRegularizationPrompts(benchmark::State& state) {
  auto tok = olis::bench::clip_tokenizer();
  if (!tok) {
    state.SkipWithError("no CLIP vocab.json/merges.txt: set OLIS_FIXTURES");
    return;
  }
  for (const auto& p : prompts()) tok->encode(p);  // warm the BPE cache, as a long run does
  for (auto _ : state)
    for (const auto& p : prompts()) benchmark::DoNotOptimize(tok->encode(p).data());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(prompts().size()));
}
BENCHMARK(BM_TokenizeRegularizationPrompts)->Unit(benchmark::kMillisecond);

// First pass over the prompts with an empty BPE cache (a fresh tokenizer per iteration).
void BM_TokenizeColdCache(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto tok = olis::bench::clip_tokenizer();
    state.ResumeTiming();
    if (!tok) {
      state.SkipWithError("no CLIP vocab.json/merges.txt: set OLIS_FIXTURES");
      return;
    }
    for (const auto& p : prompts()) benchmark::DoNotOptimize(tok->encode(p).data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(prompts().size()));
}
BENCHMARK(BM_TokenizeColdCache)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_CleanAndPretokenizeOnly(benchmark::State& state) {
  std::vector<std::string_view> pieces;
  for (auto _ : state)
    for (const auto& p : prompts()) {
      const auto cleaned = olis::text::clean_prompt_text(p);
      pieces.clear();
      olis::text::clip_pretokenize(cleaned, pieces);
      benchmark::DoNotOptimize(pieces.data());
    }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(prompts().size()));
}
BENCHMARK(BM_CleanAndPretokenizeOnly)->Unit(benchmark::kMillisecond);

// Reference: copy and ASCII-lower-case every prompt (the least any tokenizer must do).
void BM_CopyLowercaseReference(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& p : prompts()) {
      std::string s = p;
      for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      benchmark::DoNotOptimize(s.data());
    }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(prompts().size()));
}
BENCHMARK(BM_CopyLowercaseReference)->Unit(benchmark::kMillisecond);

}  // namespace
