#include "core/training/train_bench.h"

#include <algorithm>
#include <chrono>

#include "core/compat/torch_compat.h"
#include "core/models/lora.h"
#include "core/models/model_bench.h"
#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"
#include "core/system/doctor.h"
#include "core/training/step_rng.h"
#include "core/text/clip_text_model.h"
#include "core/training/train_step.h"
#include "core/training/unet_checkpointing.h"

namespace olis::training {

nlohmann::json bench_unet_config(BenchUnet unet) {
  if (unet == BenchUnet::SDXL)
    return nlohmann::json::parse(R"({"_class_name":"UNet2DConditionModel","addition_embed_type":"text_time",
      "addition_time_embed_dim":256,"attention_head_dim":[5,10,20],"block_out_channels":[320,640,1280],
      "center_input_sample":false,"cross_attention_dim":2048,"down_block_types":["DownBlock2D","CrossAttnDownBlock2D","CrossAttnDownBlock2D"],
      "downsample_padding":1,"flip_sin_to_cos":true,"freq_shift":0,"in_channels":4,"layers_per_block":2,"mid_block_scale_factor":1,
      "norm_eps":1e-05,"norm_num_groups":32,"out_channels":4,"projection_class_embeddings_input_dim":2816,"sample_size":128,
      "transformer_layers_per_block":[1,2,10],"up_block_types":["CrossAttnUpBlock2D","CrossAttnUpBlock2D","UpBlock2D"],
      "use_linear_projection":true,"upcast_attention":false})");
  return nlohmann::json::parse(R"({"_class_name":"UNet2DConditionModel","act_fn":"silu","attention_head_dim":8,
    "block_out_channels":[320,640,1280,1280],"center_input_sample":false,"cross_attention_dim":768,
    "down_block_types":["CrossAttnDownBlock2D","CrossAttnDownBlock2D","CrossAttnDownBlock2D","DownBlock2D"],
    "downsample_padding":1,"flip_sin_to_cos":true,"freq_shift":0,"in_channels":4,"layers_per_block":2,
    "mid_block_scale_factor":1,"norm_eps":1e-05,"norm_num_groups":32,"out_channels":4,"sample_size":64,
    "up_block_types":["UpBlock2D","CrossAttnUpBlock2D","CrossAttnUpBlock2D","CrossAttnUpBlock2D"]})");
}

nlohmann::json TrainBenchResult::to_json(const TrainBenchOptions& o) const {
  nlohmann::json j{{"bench", "train"},
                        {"mode", to_string(o.mode)},
                        {"config", o.unet == BenchUnet::SDXL ? "sdxl" : "sd15"},
                        {"latent", o.latent},
                        {"batch", "1+1"},
                        {"steps", step_seconds.size()},
                        {"median_s", median_seconds},
                        {"median_s_per_step", median_seconds},
                        {"step_seconds", step_seconds},
                        {"trained_parameters", trained_parameters},
                        {"unet_parameters", unet_parameters},
                        {"peak_rss_bytes", peak_rss_bytes},
                        {"peak_rss_gib", static_cast<double>(peak_rss_bytes) / (1024.0 * 1024.0 * 1024.0)},
                        {"lora_rank", o.mode == TrainMode::Lora ? o.lora_rank : 0},
                        {"device", o.placement.device.str()},
                        {"dtype", models::dtype_name(o.placement.dtype)},
                        {"gradient_checkpointing", o.gradient_checkpointing},
                        {"train_text_encoder", o.train_text_encoder}};
  j.update(models::bench_cuda_peak_json(peak_cuda_bytes));
  return j;
}

TrainBenchResult run_train_bench(const TrainBenchOptions& o) {
  const auto& pl = o.placement;
  models::require_supported(pl, "training benchmark");
  models::bench_prepare_device(pl.device);
  auto config = models::UNetConfig::from_json(bench_unet_config(o.unet), "bench UNet config");
  models::UNet2DConditionModel unet(config, pl.options());
  models::init_random(*unet, o.seed);
  unet->train();
  set_unet_gradient_checkpointing(unet, o.gradient_checkpointing);
  TrainBenchResult r;
  r.unet_parameters = models::parameter_count(*unet);
  std::vector<NamedParameter> params;
  std::shared_ptr<models::TrainableLora> lora;
  text::ClipTextModel text_encoder{nullptr};
  if (o.mode == TrainMode::Full) {
    for (auto& p : unet->named_parameters()) {
      p.value().set_requires_grad(true);
      params.push_back({p.key(), p.value()});
    }
    if (o.train_text_encoder) {  // SD 1.5's CLIP-L, trained with the UNet (the paper's SD setting)
      text_encoder = text::ClipTextModel(text::ClipTextConfig::clip_vit_l14());
      text_encoder->to(pl.device, pl.dtype);
      text_encoder->train();
      for (auto& p : text_encoder->named_parameters()) params.push_back({"text_encoder." + p.key(), p.value()});
    }
  } else {
    for (auto& p : unet->parameters()) p.set_requires_grad(false);
    models::LoraTargetTree tree{"unet", {"lora_unet"}, unet.get(), {}};
    models::LoraTrainOptions lo;
    lo.rank = o.lora_rank;
    lo.alpha = static_cast<double>(o.lora_rank);
    lora = models::TrainableLora::inject({tree}, lo);
    int i = 0;
    for (auto& t : lora->parameters()) params.push_back({"lora." + std::to_string(i++), t});
  }
  for (const auto& p : params) r.trained_parameters += p.tensor.numel();
  AdamW optimizer(params, AdamWParams{o.mode == TrainMode::Full ? 2e-6 : 1e-4, 0.9, 0.999, 1e-8, 1e-2});
  NoiseSchedule schedule(NoiseScheduleConfig{});
  LossScaler scaler(pl.dtype == torch::kHalf);
  const bool sdxl = o.unet == BenchUnet::SDXL;
  const int64_t ctx = config.cross_attention_dim.at(0);
  auto data = step_generator(o.seed, 0, RngStream::InstanceCrop);
  StepInputs in;
  in.latents = torch::randn({2, 4, o.latent, o.latent}, data, torch::TensorOptions()).to(pl.device);
  auto context = torch::randn({2, 77, ctx}, data, torch::TensorOptions()).to(pl.device);
  auto ids = torch::randint(1, 49406, {2, 77}, data, torch::TensorOptions().dtype(torch::kInt64)).to(pl.device);
  if (sdxl) {
    in.cond.text_embeds = torch::randn({2, config.added_text_embeds_dim()}, data, torch::TensorOptions()).to(pl.device);
    const float s = static_cast<float>(o.latent * 8);
    in.cond.time_ids = torch::tensor({s, s, 0.f, 0.f, s, s}).repeat({2, 1}).to(pl.device);
  }
  in.prior_rows = 1;
  Denoiser denoiser = [&](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) {
    models::UNetAddedCond added;
    if (c.text_embeds.defined()) added = {c.text_embeds.to(pl.dtype), c.time_ids.to(pl.dtype)};
    return unet->forward(x.to(pl.dtype), t, c.encoder_hidden_states.to(pl.dtype), added).to(torch::kFloat32);
  };
  StepOptions so;
  so.lr = optimizer.options().lr;
  for (int s = 0; s < o.warmup_steps + o.timed_steps; ++s) {
    auto g = step_generator(o.seed, static_cast<uint64_t>(s), RngStream::Noise);
    auto n = draw_step_noise(in.latents.sizes(), 1000, 0.0, g);
    in.noise = n.noise;
    in.timesteps = n.timesteps;
    if (s == o.warmup_steps) models::bench_reset_peak(pl.device);
    const auto t0 = std::chrono::steady_clock::now();
    // The text encoder's forward belongs to the step when it is trained; else the context is fixed.
    in.cond.encoder_hidden_states = text_encoder ? text_encoder->forward(ids).last_hidden_state : context;
    train_step_async(denoiser, in, schedule, so, optimizer, &scaler);
    models::bench_sync(pl.device);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s >= o.warmup_steps) r.step_seconds.push_back(sec);
  }
  auto sorted = r.step_seconds;
  std::sort(sorted.begin(), sorted.end());
  r.median_seconds = sorted.empty() ? 0 : sorted[sorted.size() / 2];
  r.peak_rss_bytes = system::peak_rss_bytes();
  r.peak_cuda_bytes = models::bench_cuda_peak_bytes(pl.device);
  return r;
}

}  // namespace olis::training
