#include "core/models/model_bench.h"

#include <algorithm>
#include <chrono>

#include <sys/resource.h>

#include <fmt/format.h>

#include "core/compat/torch_compat.h"
#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"
#include "core/system/doctor.h"

namespace olis::models {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU seconds (user + system) of this process: unlike wall time, not inflated when other processes compete.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

int cuda_index(const torch::Device& d) { return d.index() < 0 ? 0 : d.index(); }

template <class F>
void time_runs(const ModelBenchParams& p, ModelBenchResult& r, F&& run) {
  const auto& device = p.placement.device;
  bench_prepare_device(device);
  for (int i = 0; i < p.warmup; ++i) {
    run();
    bench_sync(device);
  }
  bench_reset_peak(device);
  for (int i = 0; i < std::max(1, p.repeat); ++i) {
    auto t0 = Clock::now();
    const double c0 = process_cpu_seconds();
    run();
    bench_sync(device);
    r.seconds.push_back(since(t0));
    r.cpu_seconds.push_back(process_cpu_seconds() - c0);
  }
  auto s = r.seconds;
  std::sort(s.begin(), s.end());
  r.median_s = s.size() % 2 ? s[s.size() / 2] : 0.5 * (s[s.size() / 2 - 1] + s[s.size() / 2]);
  r.peak_rss_bytes = system::peak_rss_bytes();
  r.peak_cuda_bytes = bench_cuda_peak_bytes(device);
}

}  // namespace

void bench_prepare_device(const torch::Device& device) {
  if (!device.is_cuda()) return;
  compat::set_cuda_tf32(true);
  compat::set_cudnn_benchmark(true);
}

void bench_sync(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(cuda_index(device));
}

void bench_reset_peak(const torch::Device& device) {
  if (!device.is_cuda()) return;
  bench_sync(device);
  compat::cuda_reset_peak_memory(cuda_index(device));
}

uint64_t bench_cuda_peak_bytes(const torch::Device& device) {
  return device.is_cuda() ? compat::cuda_peak_allocated_bytes(cuda_index(device)) : 0;
}

nlohmann::json bench_cuda_peak_json(uint64_t peak_bytes) {
  return {{"peak_cuda_bytes", peak_bytes},
          {"peak_cuda_gib", static_cast<double>(peak_bytes) / (1024.0 * 1024.0 * 1024.0)},
          {"peak_cuda_measured", compat::has_cuda_allocator_stats()}};
}

UNetConfig reference_unet_config(const std::string& name) {
  UNetConfig c;
  c.block_out_channels = {320, 640, 1280, 1280};
  c.down_block_types = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
  c.up_block_types = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
  c.layers_per_block.assign(4, 2);
  c.transformer_layers_per_block.assign(4, 1);
  c.reverse_transformer_layers_per_block.assign(4, 1);
  c.only_cross_attention.assign(4, false);
  if (name == "sd15" || name == "sd1") {
    c.num_attention_heads.assign(4, 8);
    c.cross_attention_dim.assign(4, 768);
  } else if (name == "sd2" || name == "sd21") {
    c.num_attention_heads = {5, 10, 20, 20};
    c.cross_attention_dim.assign(4, 1024);
    c.use_linear_projection = true;
    c.upcast_attention = true;
    c.sample_size = 96;
  } else if (name == "sdxl") {
    c.block_out_channels = {320, 640, 1280};
    c.down_block_types = {"DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"};
    c.up_block_types = {"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"};
    c.layers_per_block.assign(3, 2);
    c.transformer_layers_per_block = {1, 2, 10};
    c.reverse_transformer_layers_per_block = {10, 2, 1};
    c.only_cross_attention.assign(3, false);
    c.num_attention_heads = {5, 10, 20};
    c.cross_attention_dim.assign(3, 2048);
    c.use_linear_projection = true;
    c.addition_embed_type = "text_time";
    c.addition_time_embed_dim = 256;
    c.projection_class_embeddings_input_dim = 2816;
    c.sample_size = 128;
  } else {
    throw Error(fmt::format("unknown model config \"{}\" (use sd15, sd2 or sdxl)", name));
  }
  c.validate("reference config " + name);
  return c;
}

VaeConfig reference_vae_config(const std::string& name) {
  if (name != "sd15" && name != "sd1" && name != "sd2" && name != "sd21" && name != "sdxl")
    throw Error(fmt::format("unknown model config \"{}\" (use sd15, sd2 or sdxl)", name));
  VaeConfig c;  // defaults are the SD VAE
  if (name == "sdxl") c.scaling_factor = 0.13025;
  return c;
}

nlohmann::json ModelBenchResult::to_json(const ModelBenchParams& p) const {
  nlohmann::json j;
  j["bench"] = name;
  j["config"] = p.config;
  j["latent"] = p.latent;
  j["image_px"] = p.latent * 8;
  j["batch"] = p.batch;
  j["device"] = p.placement.device.str();
  j["dtype"] = dtype_name(p.placement.dtype);
  j["repeat"] = seconds.size();
  j["warmup"] = p.warmup;
  j["median_s"] = median_s;
  j["seconds"] = seconds;
  j["cpu_seconds"] = cpu_seconds;
  j["peak_rss_bytes"] = peak_rss_bytes;
  j["peak_rss_gib"] = static_cast<double>(peak_rss_bytes) / (1024.0 * 1024.0 * 1024.0);
  if (p.placement.device.is_cuda()) j.update(bench_cuda_peak_json(peak_cuda_bytes));
  j["parameters"] = parameters;
  j["build_s"] = build_s;
  j["torch"] = compat::torch_version();
  j["threads"] = torch::get_num_threads();
  if (name == "vae_decode") j["tiled"] = p.tiled;
  return j;
}

ModelBenchResult bench_unet_step(const ModelBenchParams& p) {
  require_supported(p.placement, "UNet benchmark");
  ModelBenchResult r;
  r.name = "unet_step";
  auto config = reference_unet_config(p.config);
  auto t0 = Clock::now();
  UNet2DConditionModel unet(config, p.placement.options());
  init_random(*unet, p.seed);
  unet->eval();
  r.build_s = since(t0);
  r.parameters = parameter_count(*unet);
  compat::InferenceGuard guard;
  auto gen = at::detail::createCPUGenerator(p.seed + 1);
  auto o = p.placement.options();
  auto sample = at::randn({p.batch, config.in_channels, p.latent, p.latent}, gen).to(o);
  auto context = at::randn({p.batch, 77, config.cross_attention_dim.back()}, gen).to(o);
  auto timestep = torch::full({p.batch}, 500, torch::kInt64);
  UNetAddedCond added;
  if (config.addition_embed_type == "text_time") {
    added.text_embeds = at::randn({p.batch, config.added_text_embeds_dim()}, gen).to(o);
    added.time_ids = torch::tensor({1024.f, 1024.f, 0.f, 0.f, 1024.f, 1024.f}).repeat({p.batch, 1}).to(o);
  }
  const double guidance = 7.5;
  time_runs(p, r, [&] {
    auto eps = unet->forward(sample, timestep, context, added);  // [uncond, cond] in one batch
    if (p.batch >= 2) {
      auto parts = eps.chunk(2, 0);
      auto guided = parts[0] + guidance * (parts[1] - parts[0]);
      (void)guided.sum().item<float>();
    } else {
      (void)eps.sum().item<float>();
    }
  });
  return r;
}

ModelBenchResult bench_vae_decode(const ModelBenchParams& p) {
  ModelBenchResult r;
  r.name = "vae_decode";
  auto config = reference_vae_config(p.config);
  Placement compute = p.placement;
  if (compute.dtype == torch::kHalf && config.force_upcast) compute.dtype = torch::kFloat32;
  require_supported(compute, "VAE benchmark");
  auto t0 = Clock::now();
  AutoencoderKL vae(config, compute.options());
  vae->set_output_dtype(p.placement.dtype);
  init_random(*vae, p.seed);
  vae->eval();
  r.build_s = since(t0);
  r.parameters = parameter_count(*vae);
  compat::InferenceGuard guard;
  auto gen = at::detail::createCPUGenerator(p.seed + 1);
  auto z = at::randn({p.batch, config.latent_channels, p.latent, p.latent}, gen).to(p.placement.options());
  time_runs(p, r, [&] {
    auto img = p.tiled ? vae->decode_tiled(z) : vae->decode(z);
    (void)img.sum().item<float>();
  });
  return r;
}

}  // namespace olis::models
