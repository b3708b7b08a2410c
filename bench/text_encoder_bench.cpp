// One prompt batch through a real-size CLIP-L text encoder (12 layers, width 768, random weights), the
// SD 1.x / SDXL-te1 tower; reference: one fc1-sized matmul of the same batch.
#include <benchmark/benchmark.h>

#include "bench/bench_text_support.h"
#include "core/compat/torch_compat.h"
#include "core/text/clip_text_model.h"

namespace {

olis::text::ClipTextModel& clip_l() {
  static olis::text::ClipTextModel model = [] {
    torch::manual_seed(0);
    olis::text::ClipTextModel m(olis::text::ClipTextConfig::clip_vit_l14());
    m->eval();
    return m;
  }();
  return model;
}

torch::Tensor batch_ids(int64_t batch) {
  auto tok = olis::bench::clip_tokenizer();
  const auto prompts = olis::bench::regularization_prompts(static_cast<std::size_t>(batch), 11);
  auto ids = torch::full({batch, 77}, 49407, torch::kLong);
  for (int64_t b = 0; b < batch; ++b) {
    if (!tok) break;
    const auto row = tok->encode(prompts[static_cast<std::size_t>(b)]);
    ids[b] = torch::tensor(row, torch::kLong);
  }
  return ids;
}

void BM_ClipLEncodeBatch(benchmark::State& state) {
  auto& model = clip_l();
  const auto ids = batch_ids(state.range(0));
  olis::compat::InferenceGuard guard;
  for (auto _ : state) {
    auto out = model->forward(ids);
    benchmark::DoNotOptimize(out.last_hidden_state.data_ptr());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["threads"] = torch::get_num_threads();
}
BENCHMARK(BM_ClipLEncodeBatch)->Arg(1)->Arg(2)->Arg(8)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reference: [B*77, 768] x [768, 3072], one MLP input projection (the encoder does 12 layers of ~3x this
// plus attention).
void BM_ClipLMatmulReference(benchmark::State& state) {
  const auto x = torch::randn({state.range(0) * 77, 768});
  const auto w = torch::randn({768, 3072});
  olis::compat::InferenceGuard guard;
  for (auto _ : state) benchmark::DoNotOptimize(torch::matmul(x, w).data_ptr());
}
BENCHMARK(BM_ClipLMatmulReference)->Arg(1)->Arg(2)->Arg(8)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
