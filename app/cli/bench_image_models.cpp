// `olis-cli bench unet` and `olis-cli bench vae`: the real-size image models with random weights.
#include "app/cli/bench_kinds.h"
#include "core/models/model_bench.h"

namespace {

olis::models::ModelBenchParams to_params(const olis::cli::BenchOptions& o, int default_batch) {
  olis::models::ModelBenchParams p;
  p.config = o.config;
  p.latent = o.latent;
  p.batch = o.batch_given ? o.batch : default_batch;
  p.placement = olis::value_or_throw(olis::models::parse_placement(o.device, o.dtype));
  p.repeat = o.repeat;
  p.warmup = o.warmup;
  p.tiled = o.tiled;
  return p;
}

olis::cli::BenchKindRegistrar unet_kind{
    "unet", "one classifier-free-guided UNet step", [](const olis::cli::BenchOptions& o) {
      auto p = to_params(o, 2);
      return std::vector<nlohmann::json>{olis::models::bench_unet_step(p).to_json(p)};
    }};

olis::cli::BenchKindRegistrar vae_kind{
    "vae", "VAE decode of latent x latent to an image 8x larger", [](const olis::cli::BenchOptions& o) {
      auto p = to_params(o, 1);
      return std::vector<nlohmann::json>{olis::models::bench_vae_decode(p).to_json(p)};
    }};

}  // namespace
