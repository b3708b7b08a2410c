// `olis-cli bench text`: the real-size text encoders of a model family with random weights, one prompt batch.
#include <algorithm>
#include <chrono>

#include "app/cli/bench_kinds.h"
#include "core/models/placement.h"
#include "core/system/doctor.h"
#include "core/text/clip_text_model.h"

namespace {

std::vector<olis::text::ClipTextConfig> towers(const std::string& config) {
  using C = olis::text::ClipTextConfig;
  if (config == "sd2") return {C::open_clip_vit_h14()};
  if (config == "sdxl") return {C::clip_vit_l14(), C::open_clip_vit_bigg14()};
  return {C::clip_vit_l14()};
}

olis::cli::BenchKindRegistrar text_kind{
    "text", "text encoder(s) of the family on one prompt batch of 77 tokens", [](const olis::cli::BenchOptions& o) {
      torch::NoGradGuard no_grad;
      const auto placement = olis::value_or_throw(olis::models::parse_placement(o.device, o.dtype));
      const int64_t batch = o.batch_given ? o.batch : 2;
      std::vector<olis::text::ClipTextModel> models;
      int64_t params = 0;
      for (const auto& cfg : towers(o.config)) {
        olis::text::ClipTextModel m(cfg);
        m->to(placement.device, placement.dtype);
        m->eval();
        for (const auto& p : m->parameters()) params += p.numel();
        models.push_back(m);
      }
      torch::manual_seed(0);
      auto ids = torch::randint(1, 49406, {batch, 77}, torch::kInt64).to(placement.device);
      auto run = [&] {
        for (auto& m : models) (void)m->forward(ids);
      };
      for (int i = 0; i < o.warmup; ++i) run();
      std::vector<double> seconds;
      for (int i = 0; i < std::max(1, o.repeat); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
      auto sorted = seconds;
      std::sort(sorted.begin(), sorted.end());
      nlohmann::json j = {{"bench", "text_encode"},       {"config", o.config},
                          {"batch", batch},               {"tokens", 77},
                          {"device", o.device},           {"dtype", o.dtype},
                          {"parameters", params},         {"median_s", sorted[sorted.size() / 2]},
                          {"seconds", seconds},           {"repeat", o.repeat},
                          {"warmup", o.warmup},           {"threads", at::get_num_threads()},
                          {"peak_rss_bytes", olis::system::peak_rss_bytes()}};
      return std::vector<nlohmann::json>{j};
    }};

}  // namespace
