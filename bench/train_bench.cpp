// Training-step speed of the real SD 1.5 UNet architecture (random weights) at 32x32 latents, batch 1+1.
// Reference in the same run: one forward pass of the same UNet under no_grad (the ratio train/forward is
// what to compare across machines).
#include <benchmark/benchmark.h>

#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"
#include "core/training/train_bench.h"

using namespace olis::training;

static void BM_UNetForwardReference(benchmark::State& state) {
  auto config = olis::models::UNetConfig::from_json(bench_unet_config(BenchUnet::SD15), "bench");
  olis::models::UNet2DConditionModel unet(config, torch::TensorOptions());
  olis::models::init_random(*unet, 0);
  auto x = torch::randn({2, 4, state.range(0), state.range(0)});
  auto ctx = torch::randn({2, 77, 768});
  auto t = torch::tensor({500, 500}, torch::kInt64);
  torch::NoGradGuard g;
  for (auto _ : state) benchmark::DoNotOptimize(unet->forward(x, t, ctx));
}
BENCHMARK(BM_UNetForwardReference)->Arg(32)->Unit(benchmark::kSecond)->Iterations(2);

static void BM_TrainStep(benchmark::State& state) {
  TrainBenchOptions o;
  o.mode = state.range(1) == 0 ? TrainMode::Full : TrainMode::Lora;
  o.latent = state.range(0);
  o.warmup_steps = 1;
  o.timed_steps = 2;
  for (auto _ : state) {
    auto r = run_train_bench(o);
    state.SetIterationTime(r.median_seconds);
    state.counters["peak_rss_GiB"] = static_cast<double>(r.peak_rss_bytes) / (1u << 30);
  }
}
// {latent, mode}: mode 0 = full fine-tune, 1 = LoRA rank 32.
BENCHMARK(BM_TrainStep)->Args({32, 1})->Args({32, 0})->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);
