#include "core/jobs/train_job.h"

#include <chrono>

#include <fmt/format.h>

#include "core/jobs/regset_job.h"
#include "core/jobs/validation_round.h"
#include "core/io/image_io.h"
#include "core/training/checkpoint.h"
#include "core/training/step_rng.h"
#include "core/training/train_step.h"
#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;
using namespace olis::training;

namespace {

std::string step_dir_name(int64_t step) { return fmt::format("step-{:08d}", step); }

nlohmann::json fingerprint(const TrainJobParams& p, const TrainingData& d) {
  return nlohmann::json{{"total_steps", p.total_steps}, {"seed", std::to_string(p.seed)},
                        {"instance_count", d.instance_count()}, {"reg_count", d.reg_count()},
                        {"lr", p.schedule.base_lr}, {"schedule", to_string(p.schedule.kind)}};
}

// The images side by side, for the preview callback.
PreviewImage grid(const std::vector<RgbImage>& images) {
  PreviewImage out;
  if (images.empty()) return out;
  out.height = images[0].height;
  for (const auto& im : images) out.width += im.width;
  out.rgb.assign(static_cast<std::size_t>(out.width) * out.height * 3, 0);
  int x0 = 0;
  for (const auto& im : images) {
    for (int y = 0; y < std::min(im.height, out.height); ++y)
      std::copy_n(im.rgb.data() + static_cast<std::size_t>(y) * im.width * 3, static_cast<std::size_t>(im.width) * 3,
                  out.rgb.data() + (static_cast<std::size_t>(y) * out.width + x0) * 3);
    x0 += im.width;
  }
  return out;
}

}  // namespace

void load_checkpoint_weights(std::vector<NamedParameter>& trainable, const TrainingCheckpoint& ckpt, const fs::path& file) {
  torch::NoGradGuard no_grad;
  for (auto& p : trainable) {
    auto it = ckpt.weights.find(p.name);
    if (it == ckpt.weights.end())
      throw Error(file.string() + ": the checkpoint has no weights for '" + p.name +
                  "' (was it made with another training mode or LoRA rank?)");
    if (it->second.sizes() != p.tensor.sizes())
      throw Error(file.string() + ": the checkpoint's '" + p.name + "' has shape " + c10::str(it->second.sizes()) +
                  ", the model's " + c10::str(p.tensor.sizes()));
    p.tensor.copy_(it->second);
  }
}

TrainJob::TrainJob(TrainJobParams params, std::shared_ptr<TrainableModel> model, std::shared_ptr<const TrainingData> data)
    : params_(std::move(params)), model_(std::move(model)), data_(std::move(data)) {
  if (!model_ || !data_) throw Error("the training job needs a model and training data");
  if (params_.total_steps < 1) throw Error("the number of training steps must be at least 1");
  if (params_.output_dir.empty()) throw Error("the training job needs an output folder");
}

std::string TrainJob::name() const { return fmt::format("Train {} steps", params_.total_steps); }

std::vector<fs::path> TrainJob::validate(int64_t step, const JobCallbacks& callbacks) {
  if (params_.validation_prompts.empty()) return {};
  std::vector<uint64_t> seeds = params_.validation_seeds;
  for (std::size_t i = seeds.size(); i < params_.validation_prompts.size(); ++i) seeds.push_back(i);
  seeds.resize(params_.validation_prompts.size());
  model_->set_training(false);
  const auto& crop = data_->options().crop;
  auto images = model_->sample(params_.validation_prompts, seeds, crop.width_px, crop.height_px);
  model_->set_training(true);
  const fs::path dir = params_.output_dir / "validation" / step_dir_name(step);
  fs::create_directories(dir);
  std::vector<fs::path> paths;
  for (std::size_t i = 0; i < images.size(); ++i) {
    auto p = dir / fmt::format("{:02d}.png", i);
    io::save_png(p, images[i]);
    paths.push_back(p);
  }
  std::string listing;
  for (std::size_t i = 0; i < params_.validation_prompts.size(); ++i)
    listing += fmt::format("{:02d}.png\t{}\t{}\n", i, seeds[i], params_.validation_prompts[i]);
  write_file_atomic(dir / kValidationPromptsFile, listing);
  if (params_.validation_parameters.is_object()) {
    auto info = params_.validation_parameters;
    info["width"] = crop.width_px;
    info["height"] = crop.height_px;
    write_file_atomic(dir / kValidationParametersFile, info.dump(2) + "\n");  // last: the round is complete
  }
  callbacks.emit_preview(grid(images));
  callbacks.emit_log(fmt::format("Validation images of step {} in {}", step, dir.string()));
  return paths;
}

void TrainJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  const fs::path eval_log = ckpt_dir / eval::kMetricsLogName;
  fs::create_directories(params_.output_dir);
  auto update_suggestion = [&] {
    auto records = eval::read_metrics_log(eval_log);
    if (!records) {
      callbacks.emit_log("Cannot read the metric log: " + records.error().message());
      return;
    }
    auto best = eval::suggest_existing_checkpoint(*records, ckpt_dir, params_.best_rule);
    suggested_ = best ? std::optional<int64_t>(best->step) : std::nullopt;
  };
  auto trainable = model_->trainable_parameters();
  if (trainable.empty()) throw Error("the model has nothing to train (no trainable parameters)");
  AdamW optimizer(trainable, params_.adamw);
  NoiseSchedule schedule(model_->noise_schedule());
  DataOrder order = make_data_order(data_->instance_count(), data_->reg_count(), params_.total_steps, params_.seed);
  SmoothedLoss smoothed;
  LossScaler scaler;
  scaler.enabled = model_->compute_dtype() == torch::kHalf;
  int64_t start = 0;
  const auto fp = fingerprint(params_, *data_);

  if (params_.resume) {
    std::vector<std::string> skipped;
    auto ckpt = load_latest_checkpoint(ckpt_dir, &skipped);
    for (const auto& s : skipped) callbacks.emit_log("Skipping an unreadable checkpoint: " + s);
    if (ckpt) {
      if (ckpt->meta.value("fingerprint", nlohmann::json()) != fp)
        throw Error(fmt::format("the checkpoint {} was made with other settings ({}) than this run ({}); "
                                "use another output folder or start without resuming",
                                checkpoint_path(ckpt_dir, ckpt->step).string(), ckpt->meta.value("fingerprint", nlohmann::json()).dump(), fp.dump()));
      load_checkpoint_weights(trainable, *ckpt, checkpoint_path(ckpt_dir, ckpt->step));
      optimizer.load_state_dict(ckpt->optimizer);
      if (ckpt->cpu_rng_state.defined()) set_cpu_rng_state(ckpt->cpu_rng_state);
      order = ckpt->order;
      smoothed.restore(ckpt->meta.value("smoothed_raw", 0.0), ckpt->meta.value("smoothed_count", int64_t{0}));
      scaler.scale = ckpt->meta.value("loss_scale", scaler.scale);
      scaler.good_steps = ckpt->meta.value("loss_scale_good_steps", int64_t{0});
      start = ckpt->step;
      resumed_from_ = start;
      if (params_.score_validation) update_suggestion();
      callbacks.emit_log(fmt::format("Resuming from step {} of {}", start, params_.total_steps));
    }
  }

  if (start == 0) {
    // A fresh run in a folder with logs of an earlier run (whose checkpoints were removed): those logs and
    // validation images describe another run, so they move to previous-run-N/ instead of mixing with this one.
    std::vector<fs::path> stale;
    for (const auto& p : {params_.output_dir / "metrics.jsonl", eval_log, params_.output_dir / "validation"})
      if (fs::exists(p)) stale.push_back(p);
    if (!stale.empty()) {
      fs::path aside;
      for (int n = 1;; ++n)
        if (!fs::exists(aside = params_.output_dir / fmt::format("previous-run-{}", n))) break;
      fs::create_directories(aside);
      for (const auto& p : stale) fs::rename(p, aside / p.filename());
      callbacks.emit_log("The logs and validation images of an earlier run were moved to " + aside.string());
    }
  }
  model_->set_training(true);
  model_->set_gradient_checkpointing(params_.gradient_checkpointing);
  auto save = [&](int64_t done) {
    TrainingCheckpoint c;
    c.step = done;
    c.seed = params_.seed;
    for (const auto& p : trainable) c.weights[p.name] = p.tensor.detach().to(torch::kCPU);
    for (auto& [k, v] : optimizer.state_dict()) c.optimizer[k] = v.to(torch::kCPU);
    c.cpu_rng_state = get_cpu_rng_state();
    c.order = order;
    c.meta["fingerprint"] = fp;
    c.meta["smoothed_raw"] = smoothed.raw();
    c.meta["smoothed_count"] = smoothed.count();
    c.meta["smoothed_loss"] = smoothed.value();
    c.meta["loss_scale"] = scaler.scale;
    c.meta["loss_scale_good_steps"] = scaler.good_steps;
    std::vector<int64_t> keep;
    if (suggested_) keep.push_back(*suggested_);
    auto path = save_checkpoint(ckpt_dir, c, params_.keep_last, keep);
    callbacks.emit_log("Checkpoint " + path.string());
  };

  const auto device = model_->device();
  const int64_t total = params_.total_steps;
  const auto t0 = std::chrono::steady_clock::now();
  std::string metrics_lines;
  for (int64_t step = start; step < total; ++step) {
    cancel.throw_if_cancelled();
    // Model-side randomness (VAE latent sampling, dropout) is a function of (seed, step) too.
    torch::manual_seed(derive_seed(params_.seed, static_cast<uint64_t>(step), RngStream::Model));
    auto ex = data_->examples(step, order);
    const int th = data_->options().crop.height_px, tw = data_->options().crop.width_px;
    std::vector<torch::Tensor> pixels{ex.instance.image.pixels};
    std::vector<std::string> prompts{ex.instance.prompt};
    std::vector<torch::Tensor> time_ids{sdxl_time_ids(ex.instance.image, th, tw)};
    const bool reg_cached = ex.reg && ex.reg->cached_latents.defined();
    if (ex.reg) {
      if (!reg_cached) pixels.push_back(ex.reg->image.pixels);
      prompts.push_back(ex.reg->prompt);
      CroppedImage whole = ex.reg->image;
      if (reg_cached) {  // generated at the target size, uncropped
        whole.original_height = th;
        whole.original_width = tw;
        whole.crop_top = whole.crop_left = 0;
      }
      time_ids.push_back(sdxl_time_ids(whole, th, tw));
    }
    StepInputs in;
    {
      torch::NoGradGuard no_grad;
      in.latents = model_->encode_images(torch::stack(pixels).to(device));
      if (reg_cached) in.latents = torch::cat({in.latents, ex.reg->cached_latents.unsqueeze(0).to(in.latents)}, 0);
    }
    in.cond = model_->encode_prompts(prompts, model_->uses_time_ids() ? torch::stack(time_ids).to(device) : torch::Tensor());
    auto gen = step_generator(params_.seed, static_cast<uint64_t>(step), RngStream::Noise);
    auto noise = draw_step_noise(in.latents.sizes(), schedule.config().num_train_timesteps, params_.loss.offset_noise, gen);
    in.noise = noise.noise;
    in.timesteps = noise.timesteps;
    in.prior_rows = ex.reg ? 1 : 0;
    StepOptions so;
    so.loss = params_.loss;
    so.max_grad_norm = params_.max_grad_norm;
    so.lr = params_.schedule.lr_at(step);
    auto denoiser = [this](const torch::Tensor& x, const torch::Tensor& t, const Conditioning& c) { return model_->denoise(x, t, c); };
    auto r = train_step(denoiser, in, schedule, so, optimizer, &scaler);
    smoothed.add(r.loss);

    const int64_t done = step + 1;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    TrainMetrics m;
    m.step = done;
    m.total = total;
    m.loss = r.loss;
    m.smoothed_loss = smoothed.value();
    m.lr = so.lr;
    m.grad_norm = r.grad_norm;
    m.it_per_second = elapsed > 0 ? (done - start) / elapsed : 0;
    m.eta_seconds = m.it_per_second > 0 ? (total - done) / m.it_per_second : -1;
    metrics_lines += nlohmann::json{{"step", done}, {"loss", r.loss}, {"smoothed_loss", m.smoothed_loss},
                                    {"lr", so.lr}, {"grad_norm", r.grad_norm}, {"skipped", r.skipped}}.dump() + "\n";
    if (r.skipped) callbacks.emit_log(fmt::format("Step {}: gradients were not finite; the update was skipped", done));

    const bool checkpoint_now = done == total || (params_.checkpoint_every > 0 && done % params_.checkpoint_every == 0);
    if (checkpoint_now) {
      // metrics.jsonl grows with the checkpoints, so that it never holds steps a resumed run will redo.
      std::string previous;
      if (auto old = read_text_file(params_.output_dir / "metrics.jsonl")) previous = *old;
      write_file_atomic(params_.output_dir / "metrics.jsonl", previous + metrics_lines);
      metrics_lines.clear();
      save(done);
    }
    if (params_.eval_every > 0 && done % params_.eval_every == 0) {
      m.validation_images = validate(done, callbacks);
      if (params_.score_validation && !m.validation_images.empty()) {
        std::vector<eval::PromptedImage> scored;
        for (std::size_t i = 0; i < m.validation_images.size(); ++i)
          scored.push_back({m.validation_images[i], params_.validation_prompts[i]});
        // A scoring failure (an unreadable image, a damaged log) costs this round's metrics, not the run.
        try {
          auto metrics = params_.score_validation(done, scored);
          metrics.step = done;
          if (checkpoint_now) metrics.checkpoint = checkpoint_path(ckpt_dir, done).filename().string();
          eval::append_metrics_log(eval_log, metrics);
          update_suggestion();
          callbacks.emit_log(fmt::format("Metrics of step {}: DINO {:.4f} CLIP-I {:.4f} CLIP-T {:.4f}{}", done, metrics.dino,
                                         metrics.clip_i, metrics.clip_t,
                                         suggested_ ? fmt::format(" (suggested checkpoint: step {})", *suggested_) : ""));
          m.eval = metrics;
        } catch (const JobCancelled&) {
          throw;
        } catch (const std::exception& e) {
          callbacks.emit_log(fmt::format("The metrics of step {} could not be computed: {}", done, e.what()));
        }
      }
    }
    m.suggested_step = suggested_;
    callbacks.emit_progress(JobProgress{done, total, m.eta_seconds});
    if (params_.on_metrics) params_.on_metrics(m);
    if (done == total || done % 10 == 0 || !m.validation_images.empty())
      callbacks.emit_log(fmt::format("step {}/{} loss {:.4f} (smoothed {:.4f}) lr {:.3g} {:.2f} it/s ETA {:.0f} s",
                                     done, total, r.loss, m.smoothed_loss, so.lr, m.it_per_second, m.eta_seconds));
  }
  model_->set_training(false);
  if (params_.export_at_end) {
    exported_ = model_->export_to(params_.output_dir / "export");
    for (const auto& e : exported_) callbacks.emit_log("Exported " + e.format + ": " + e.path.string());
  }
}

}  // namespace olis::jobs
