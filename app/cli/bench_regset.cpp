// `olis-cli bench regset`: regularization images per second, as the regularization-set job makes them:
// the family's real UNet, VAE and CLIP text encoder with random weights, guided DDIM (default 50 steps),
// `--batch` images per sampling call through the public text-to-image API (sampling::generate with
// batch_size), `--count` images in all. Reports images/s and peak memory (the CUDA caching allocator's
// peak on a GPU, the process's RSS on the CPU). Tiny sizes run on the CPU in seconds (--latent 8 --steps 2).
#include <algorithm>
#include <chrono>

#include "app/cli/bench_kinds.h"
#include "core/compat/torch_compat.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/model_bench.h"
#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"
#include "core/sampling/text_to_image.h"
#include "core/system/doctor.h"
#include "core/text/clip_text_model.h"

namespace {

olis::sampling::SchedulerConfig sd_ddim() {
  nlohmann::json j{{"_class_name", "DDIMScheduler"}, {"num_train_timesteps", 1000}, {"beta_start", 0.00085},
                   {"beta_end", 0.012}, {"beta_schedule", "scaled_linear"}, {"clip_sample", false},
                   {"set_alpha_to_one", false}, {"steps_offset", 1}, {"timestep_spacing", "leading"}};
  return olis::sampling::scheduler_config_from_json(j, "bench DDIM scheduler");
}

olis::cli::BenchKindRegistrar regset_kind{
    "regset", "regularization images per second: guided DDIM, --batch images per call, --count, --steps",
    [](const olis::cli::BenchOptions& o) {
      using namespace olis;
      if (o.config == "sdxl") throw Error("bench regset supports --config sd15 or sd2");
      const auto pl = value_or_throw(models::parse_placement(o.device, o.dtype));
      models::require_supported(pl, "regularization benchmark");
      models::bench_prepare_device(pl.device);
      const int batch = o.batch_given ? o.batch : 4;
      const int64_t latent = o.latent_given ? o.latent : 64;
      auto ucfg = models::reference_unet_config(o.config);
      models::UNet2DConditionModel unet(ucfg, pl.options());
      models::init_random(*unet, 1);
      unet->eval();
      auto vcfg = models::reference_vae_config(o.config);
      models::Placement vpl = pl;
      if (pl.dtype == torch::kHalf && vcfg.force_upcast) vpl.dtype = torch::kFloat32;
      models::AutoencoderKL vae(vcfg, vpl.options());
      models::init_random(*vae, 2);
      vae->eval();
      text::ClipTextModel te(o.config == "sd2" ? text::ClipTextConfig::open_clip_vit_h14() : text::ClipTextConfig::clip_vit_l14());
      te->to(pl.device, pl.dtype);
      te->eval();
      int prompt_no = 0;
      sampling::PipelineComponents m;
      m.encode_prompt = [&](const std::string&, const std::string&, bool guided) {
        torch::NoGradGuard g;
        auto gen = at::detail::createCPUGenerator(static_cast<uint64_t>(++prompt_no));
        auto ids = torch::randint(1, 49406, {guided ? 2 : 1, 77}, gen, torch::TensorOptions().dtype(torch::kInt64));
        auto h = te->forward(ids.to(pl.device)).last_hidden_state;
        sampling::PromptConditioning p;
        p.cond.encoder_hidden_states = h.narrow(0, 0, 1);
        if (guided) p.uncond.encoder_hidden_states = h.narrow(0, 1, 1);
        return p;
      };
      m.denoise = [&](const torch::Tensor& x, double t, const sampling::Conditioning& c) {
        // Made on the device: a copy from the host would wait for the GPU at every step.
        auto ts = torch::full({x.size(0)}, static_cast<int64_t>(std::llround(t)),
                              torch::TensorOptions().dtype(torch::kInt64).device(pl.device));
        return unet->forward(x.to(pl.dtype), ts, c.encoder_hidden_states.to(pl.dtype)).to(torch::kFloat32);
      };
      m.decode = [&](const torch::Tensor& z) { return vae->decode(z.to(vpl.device, vpl.dtype)).to(torch::kFloat32); };
      m.scheduler = sd_ddim();
      m.vae_scaling_factor = vae->scaling_factor();
      m.latent_channels = ucfg.in_channels;
      m.device = pl.device;
      sampling::GenerateParams gp;
      gp.prompt = "a photo of a fluffy dog in a supermarket";
      gp.width = gp.height = static_cast<int>(latent * 8);
      gp.steps = o.steps;
      gp.batch_size = batch;
      gp.guidance_scale = 7.5;
      gp.sampler = sampling::SchedulerKind::DDIM;
      compat::InferenceGuard guard;
      for (int i = 0; i < o.warmup; ++i) {  // one batch: allocator, cuDNN autotuning
        gp.seed = 1000 + i;
        (void)sampling::generate(m, gp);
      }
      models::bench_reset_peak(pl.device);
      int made = 0;
      const auto t0 = std::chrono::steady_clock::now();
      for (int call = 0; made < o.count; ++call) {
        gp.seed = static_cast<uint64_t>(call);
        gp.batch_size = std::min(batch, o.count - made);
        made += static_cast<int>(sampling::generate(m, gp).images.size());
      }
      models::bench_sync(pl.device);
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const uint64_t rss = system::peak_rss_bytes();
      const double gib = 1024.0 * 1024.0 * 1024.0;
      nlohmann::json j{
          {"bench", "regset"}, {"config", o.config}, {"device", pl.device.str()}, {"dtype", models::dtype_name(pl.dtype)},
          {"image_px", latent * 8}, {"batch", batch}, {"images", made}, {"steps", o.steps}, {"sampler", "ddim"},
          {"guidance", 7.5}, {"seconds", sec}, {"images_per_s", sec > 0 ? made / sec : 0.0},
          {"peak_rss_bytes", rss}, {"peak_rss_gib", rss / gib}, {"torch", compat::torch_version()},
          {"threads", torch::get_num_threads()}};
      j.update(models::bench_cuda_peak_json(models::bench_cuda_peak_bytes(pl.device)));
      return std::vector<nlohmann::json>{j};
    }};

}  // namespace
