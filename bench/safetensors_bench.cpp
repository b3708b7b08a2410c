// Reading a safetensors file: header parse + zero-copy views, against a plain read of the same bytes.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "core/io/safetensors.h"

namespace {

std::filesystem::path bench_file() {
  static const auto path = [] {
    auto p = std::filesystem::temp_directory_path() / "olis_bench_weights.safetensors";
    olis::io::TensorMap m;
    for (int i = 0; i < 200; ++i) m["layer." + std::to_string(i) + ".weight"] = torch::randn({256, 256});
    olis::io::save_safetensors(p, m);
    return p;
  }();
  return path;
}

void BM_SafetensorsOpenAllViews(benchmark::State& state) {
  auto p = bench_file();
  for (auto _ : state) {
    auto m = olis::io::load_safetensors(p);
    benchmark::DoNotOptimize(m->size());
  }
}
BENCHMARK(BM_SafetensorsOpenAllViews)->Unit(benchmark::kMillisecond);

// Reference: reading the same file into memory with std::ifstream.
void BM_ReadWholeFileReference(benchmark::State& state) {
  auto p = bench_file();
  std::vector<char> buf(std::filesystem::file_size(p));
  for (auto _ : state) {
    std::ifstream in(p, std::ios::binary);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    benchmark::DoNotOptimize(buf.data());
  }
}
BENCHMARK(BM_ReadWholeFileReference)->Unit(benchmark::kMillisecond);

}  // namespace
