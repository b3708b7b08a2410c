// Real-size image models with random weights: one classifier-free-guided SD 1.5 UNet step at 64x64 latents
// (batch 2 = [uncond, cond]) and a VAE decode to 512x512, on CPU in float32. Peak RSS is reported as a counter.
// Reference in the same run: a float32 matmul, so figures can be compared across machines
// (`step / matmul` is roughly how many BLAS-bound matmuls one step is worth).
// Rerun: ./build/dev/bench/olis_bench --benchmark_filter='Unet|Vae|MatmulRef'  (minutes on 2 cores, ~4 GB)
#include <benchmark/benchmark.h>

#include "core/models/model_bench.h"

namespace {

void BM_UnetGuidedStepSD15(benchmark::State& state) {
  olis::models::ModelBenchParams p;
  p.config = "sd15";
  p.latent = state.range(0);
  p.batch = 2;
  p.repeat = 1;
  p.warmup = 0;
  double total = 0;
  uint64_t peak = 0;
  for (auto _ : state) {
    auto r = olis::models::bench_unet_step(p);
    state.SetIterationTime(r.median_s);
    total += r.median_s;
    peak = r.peak_rss_bytes;
  }
  state.counters["peak_rss_GiB"] = static_cast<double>(peak) / (1 << 30);
}
BENCHMARK(BM_UnetGuidedStepSD15)->Arg(64)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_VaeDecode512(benchmark::State& state) {
  olis::models::ModelBenchParams p;
  p.config = "sd15";
  p.latent = 64;
  p.batch = 1;
  p.repeat = 1;
  p.warmup = 0;
  p.tiled = state.range(0) != 0;
  uint64_t peak = 0;
  for (auto _ : state) {
    auto r = olis::models::bench_vae_decode(p);
    state.SetIterationTime(r.median_s);
    peak = r.peak_rss_bytes;
  }
  state.counters["peak_rss_GiB"] = static_cast<double>(peak) / (1 << 30);
}
BENCHMARK(BM_VaeDecode512)->Arg(0)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_MatmulReference(benchmark::State& state) {
  const int64_t n = state.range(0);
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  for (auto _ : state) benchmark::DoNotOptimize(torch::matmul(a, b).data_ptr());
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
}
BENCHMARK(BM_MatmulReference)->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace
