// Preprocessing a DreamBench photo (1024x1024 RGB) for DINO (short side 256): the PIL-compatible
// resampler against OpenCV's INTER_CUBIC (the reference here, measured in the same run).
#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include "core/eval/pil_resample.h"

namespace {

torch::Tensor photo() {
  static const auto img = [] {
    torch::manual_seed(0);
    return torch::randint(0, 256, {1024, 1024, 3}, torch::kInt64).to(torch::kUInt8);
  }();
  return img;
}

void BM_ResizePilBicubic1024To256(benchmark::State& state) {
  auto img = photo();
  for (auto _ : state) benchmark::DoNotOptimize(olis::eval::resize_u8(img, 256, 256).data_ptr());
}
BENCHMARK(BM_ResizePilBicubic1024To256)->Unit(benchmark::kMillisecond);

void BM_ResizeOpenCvCubic1024To256(benchmark::State& state) {
  auto img = photo();
  for (auto _ : state)
    benchmark::DoNotOptimize(olis::eval::resize_u8(img, 256, 256, olis::eval::ResampleFilter::kOpenCvCubic).data_ptr());
}
BENCHMARK(BM_ResizeOpenCvCubic1024To256)->Unit(benchmark::kMillisecond);

}  // namespace
