#include "core/sampling/text_to_image.h"

#include <chrono>

#include <fmt/format.h>
#include <torch/torch.h>

#include "core/compat/torch_compat.h"
#include "core/sampling/generation_parameters.h"
#include "core/sampling/scheduler.h"

namespace olis::sampling {
namespace {

torch::Tensor repeat_rows(const torch::Tensor& t, int64_t times) {
  if (!t.defined() || times == 1) return t;
  return t.repeat_interleave(times, 0);
}

torch::Tensor cat_rows(const torch::Tensor& a, const torch::Tensor& b) {
  if (!a.defined() && !b.defined()) return {};
  if (!a.defined() || !b.defined()) throw Error("conditioning: one half of the batch lacks a tensor the other has");
  return torch::cat({a, b}, 0);
}

Conditioning to_placement(Conditioning c, torch::Device device, torch::ScalarType dtype) {
  auto move = [&](torch::Tensor& t) {
    if (t.defined()) t = t.to(device, dtype);
  };
  move(c.encoder_hidden_states);
  move(c.text_embeds);
  move(c.time_ids);
  return c;
}

bool cancelled(const CancelFlag& cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

}  // namespace

Conditioning repeat_batch(const Conditioning& c, int64_t times) {
  return {repeat_rows(c.encoder_hidden_states, times), repeat_rows(c.text_embeds, times), repeat_rows(c.time_ids, times)};
}

Conditioning concat_batch(const Conditioning& a, const Conditioning& b) {
  return {cat_rows(a.encoder_hidden_states, b.encoder_hidden_states), cat_rows(a.text_embeds, b.text_embeds),
          cat_rows(a.time_ids, b.time_ids)};
}

void validate_generate_params(const GenerateParams& p) {
  if (p.width <= 0 || p.height <= 0 || p.width % 8 != 0 || p.height % 8 != 0)
    throw Error(fmt::format("image size {}x{} is not possible: width and height must be positive multiples of 8 "
                            "(the VAE works on 8x8 pixel blocks), e.g. {}x{}",
                            p.width, p.height, std::max(8, (p.width + 7) / 8 * 8), std::max(8, (p.height + 7) / 8 * 8)));
  if (p.steps < 1) throw Error(fmt::format("steps must be at least 1 (got {})", p.steps));
  if (p.batch_size < 1) throw Error(fmt::format("batch size must be at least 1 (got {})", p.batch_size));
  if (!(p.guidance_scale >= 0)) throw Error(fmt::format("guidance scale must be 0 or more (got {})", p.guidance_scale));
  if (p.eta < 0) throw Error(fmt::format("eta must be 0 or more (got {})", p.eta));
  if (p.prompts.size() != p.seeds.size())
    throw Error(fmt::format("a batch of {} prompts needs as many seeds (got {})", p.prompts.size(), p.seeds.size()));
  if (!p.prompts.empty() && static_cast<int>(p.prompts.size()) != p.batch_size)
    throw Error(fmt::format("a batch of {} prompts needs batch size {} (got {})", p.prompts.size(), p.prompts.size(), p.batch_size));
  if (!p.prompts.empty() && p.initial_latents.defined())
    throw Error("a batch of prompts draws its noise from its seeds; initial latents cannot be given as well");
  if (p.initial_latents.defined()) {
    const auto& l = p.initial_latents;
    if (l.dim() != 4 || l.size(0) != p.batch_size || l.size(2) != p.height / 8 || l.size(3) != p.width / 8)
      throw Error(fmt::format("initial latents have shape {} but batch {} at {}x{} needs [{}, C, {}, {}]",
                              c10::str(l.sizes()), p.batch_size, p.width, p.height, p.batch_size, p.height / 8,
                              p.width / 8));
  }
}

SchedulerConfig scheduler_for_run(const SchedulerConfig& model_scheduler, const GenerateParams& p) {
  auto c = p.sampler && *p.sampler != model_scheduler.kind ? convert_scheduler_config(model_scheduler, *p.sampler)
                                                           : model_scheduler;
  if (p.karras_sigmas) c.use_karras_sigmas = *p.karras_sigmas;
  return c;
}

torch::Tensor initial_noise(uint64_t seed, int batch_size, int64_t channels, int width, int height) {
  return randn_like_diffusers({batch_size, channels, height / 8, width / 8}, make_cpu_generator(seed),
                              torch::TensorOptions().dtype(torch::kFloat32));
}

GenerateResult generate(const PipelineComponents& m, const GenerateParams& p, const GenerateCallbacks& cb,
                        const CancelFlag& cancel) {
  validate_generate_params(p);
  if (!m.encode_prompt || !m.denoise || !m.decode) throw Error("generate: the pipeline is missing a model part");
  if (p.initial_latents.defined() && p.initial_latents.size(1) != m.latent_channels)
    throw Error(fmt::format("initial latents have {} channels but the model uses {}", p.initial_latents.size(1),
                            m.latent_channels));
  compat::InferenceGuard no_grad;
  const auto start = std::chrono::steady_clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  const auto sched_config = scheduler_for_run(m.scheduler, p);
  auto scheduler = make_scheduler(sched_config);
  scheduler->set_timesteps(p.steps);

  const bool cfg = p.guidance_scale > 1.0;
  const bool per_image = !p.prompts.empty();
  if (per_image && (sched_config.kind == SchedulerKind::DDPM || p.eta > 0))
    throw Error("a batch of prompts with their own seeds needs a sampler that adds no noise of its own "
                "(DDIM with eta 0, Euler or DPM++ 2M)");
  const int64_t B = p.batch_size;
  Conditioning cond, uncond;
  if (per_image) {
    for (int64_t b = 0; b < B; ++b) {
      auto e = m.encode_prompt(p.prompts[static_cast<size_t>(b)], p.negative_prompt, cfg);
      cond = b == 0 ? e.cond : concat_batch(cond, e.cond);
      if (cfg) uncond = b == 0 ? e.uncond : concat_batch(uncond, e.uncond);
    }
  } else {
    auto encoded = m.encode_prompt(p.prompt, p.negative_prompt, cfg);
    cond = repeat_batch(encoded.cond, B);
    uncond = cfg ? repeat_batch(encoded.uncond, B) : Conditioning{};
  }
  if (m.sdxl) {  // original size, crop top-left, target size (no micro-conditioning tricks)
    auto ids = torch::tensor({static_cast<double>(p.height), static_cast<double>(p.width), 0.0, 0.0,
                              static_cast<double>(p.height), static_cast<double>(p.width)})
                   .to(torch::kFloat32)
                   .unsqueeze(0)
                   .repeat({B, 1});
    cond.time_ids = ids;
    if (cfg) uncond.time_ids = ids;
  }
  Conditioning batch_cond = to_placement(cfg ? concat_batch(uncond, cond) : cond, m.device, m.dtype);  // uncond first

  // One CPU generator for the whole run, as diffusers passes `generator` to prepare_latents and step().
  auto generator = make_cpu_generator(p.seed);
  torch::Tensor latents;
  if (per_image) {
    std::vector<torch::Tensor> noise;
    for (uint64_t seed : p.seeds) noise.push_back(initial_noise(seed, 1, m.latent_channels, p.width, p.height));
    latents = torch::cat(noise, 0);
  } else {
    latents = p.initial_latents.defined()
                  ? p.initial_latents.to(torch::kFloat32)
                  : randn_like_diffusers({B, m.latent_channels, p.height / 8, p.width / 8}, generator,
                                         torch::TensorOptions().dtype(torch::kFloat32));
  }
  latents = (latents.to(m.device, m.dtype) * scheduler->init_noise_sigma());

  GenerateResult result;
  result.timesteps = scheduler->timestep_values();
  const int total = static_cast<int>(result.timesteps.size());
  StepOptions step_options;
  step_options.eta = p.eta;
  step_options.generator = generator;

  for (int i = 0; i < total; ++i) {
    if (cancelled(cancel)) {
      result.status = GenerateStatus::Cancelled;
      result.steps_done = i;
      result.latents = latents;
      result.seconds = seconds_since_start();
      return result;
    }
    const double t = result.timesteps[static_cast<size_t>(i)];
    auto x = cfg ? torch::cat({latents, latents}, 0) : latents;
    x = scheduler->scale_model_input(x, t);
    auto pred = m.denoise(x, t, batch_cond);
    if (cfg) {
      auto parts = pred.chunk(2, 0);
      pred = parts[0] + p.guidance_scale * (parts[1] - parts[0]);
    }
    latents = scheduler->step(pred, t, latents, step_options).prev_sample;
    if (p.keep_intermediates) {
      result.step_latents.push_back(latents.clone());
      result.noise_preds.push_back(pred.clone());
    }

    StepProgress prog;
    prog.step = i + 1;
    prog.total = total;
    prog.elapsed_s = seconds_since_start();
    prog.eta_s = prog.elapsed_s / prog.step * (total - prog.step);
    if (cb.on_progress) cb.on_progress(prog);
    if (cb.on_preview && cb.preview_every_steps > 0 && (prog.step % cb.preview_every_steps == 0 || prog.step == total))
      cb.on_preview(latent_preview(latents[0], m.latent_space), prog);
  }
  result.steps_done = total;
  result.latents = latents;
  if (cancelled(cancel)) {
    result.status = GenerateStatus::Cancelled;
    result.seconds = seconds_since_start();
    return result;
  }

  result.decoded = m.decode(latents / m.vae_scaling_factor);
  GenerationInfo info;
  info.prompt = p.prompt;
  info.negative_prompt = p.negative_prompt;
  info.steps = p.steps;
  info.sampler = a1111_sampler_name(sched_config);
  info.cfg_scale = p.guidance_scale;
  info.seed = p.seed;
  info.width = p.width;
  info.height = p.height;
  info.model_hash = m.model_hash;
  info.model_name = m.model_name;
  if (p.eta > 0 && sched_config.kind == SchedulerKind::DDIM) info.extra.emplace_back("Eta", fmt::format("{}", p.eta));
  if (!m.lora_notes.empty()) {
    std::string l;
    for (const auto& n : m.lora_notes) l += (l.empty() ? "" : ", ") + n;
    info.extra.emplace_back("Lora", l);
  }
  if (B > 1 && !per_image) info.extra.emplace_back("Batch size", std::to_string(B));
  for (int64_t b = 0; b < B; ++b) {
    result.images.push_back(io::tensor_to_image(result.decoded[b]));
    auto item = info;
    if (per_image) {
      item.prompt = p.prompts[static_cast<size_t>(b)];
      item.seed = p.seeds[static_cast<size_t>(b)];
    }
    if (B > 1 && !per_image) item.extra.emplace_back("Batch pos", std::to_string(b));
    result.parameters.push_back(format_a1111_parameters(item));
  }
  result.seconds = seconds_since_start();
  return result;
}

std::vector<std::filesystem::path> batch_output_paths(const std::filesystem::path& out, int count) {
  if (count <= 1) return {out};
  std::vector<std::filesystem::path> paths;
  const auto ext = out.has_extension() ? out.extension().string() : std::string(".png");
  for (int i = 1; i <= count; ++i)
    paths.push_back(out.parent_path() / (out.stem().string() + "-" + std::to_string(i) + ext));
  return paths;
}

std::vector<std::filesystem::path> save_generated_images(const GenerateResult& r, const std::filesystem::path& out) {
  const auto paths = batch_output_paths(out, static_cast<int>(r.images.size()));
  for (size_t i = 0; i < r.images.size(); ++i) io::save_png(paths[i], r.images[i], {{"parameters", r.parameters[i]}});
  return paths;
}

}  // namespace olis::sampling
