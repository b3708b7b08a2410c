// One sampler step on SD 1.5-sized latents (batch 2, 64x64, i.e. 512x512 images) for each scheduler,
// against a reference of the cheapest possible update (one fused a*x + b*y over the same tensors). Shows
// the sampler's share of a generation step (a UNet step at this size takes seconds on CPU).
#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include "core/sampling/scheduler.h"

namespace {

using namespace olis::sampling;

SchedulerConfig sd15(SchedulerKind kind) {
  nlohmann::json j = {{"beta_start", 0.00085}, {"beta_end", 0.012},   {"beta_schedule", "scaled_linear"},
                      {"clip_sample", false},  {"set_alpha_to_one", false}, {"steps_offset", 1},
                      {"timestep_spacing", "leading"}};
  return scheduler_config_from_json(j, "bench", kind);
}

void BM_SchedulerStep(benchmark::State& state) {
  const auto kind = static_cast<SchedulerKind>(state.range(0));
  auto s = make_scheduler(sd15(kind));
  torch::manual_seed(0);
  auto x = torch::randn({2, 4, 64, 64});
  auto eps = torch::randn({2, 4, 64, 64});
  const int steps = 50;
  s->set_timesteps(steps);
  auto ts = s->timestep_values();
  size_t i = 0;
  StepOptions opt;
  opt.generator = make_cpu_generator(1);
  for (auto _ : state) {
    if (i == ts.size()) {  // restart the (stateful) schedule outside the timing
      state.PauseTiming();
      s->set_timesteps(steps);
      i = 0;
      state.ResumeTiming();
    }
    auto in = s->scale_model_input(x, ts[i]);
    auto r = s->step(eps, ts[i], in, opt);
    benchmark::DoNotOptimize(r.prev_sample.data_ptr());
    ++i;
  }
  state.SetLabel(scheduler_kind_name(kind));
}
BENCHMARK(BM_SchedulerStep)
    ->Arg(static_cast<int>(SchedulerKind::DDIM))
    ->Arg(static_cast<int>(SchedulerKind::DDPM))
    ->Arg(static_cast<int>(SchedulerKind::EulerDiscrete))
    ->Arg(static_cast<int>(SchedulerKind::DPMSolverMultistep))
    ->Unit(benchmark::kMicrosecond);

// Reference: the minimum work of any sampler step, one a*x + b*y over the same latents.
void BM_SchedulerStepReferenceAxpby(benchmark::State& state) {
  auto x = torch::randn({2, 4, 64, 64});
  auto eps = torch::randn({2, 4, 64, 64});
  for (auto _ : state) {
    auto y = 0.9f * x + 0.1f * eps;
    benchmark::DoNotOptimize(y.data_ptr());
  }
}
BENCHMARK(BM_SchedulerStepReferenceAxpby)->Unit(benchmark::kMicrosecond);

}  // namespace
