#include "core/jobs/train_job.h"

#include <chrono>
#include <limits>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/compat/torch_compat.h"
#include "core/jobs/regset_job.h"
#include "core/jobs/train_resume.h"
#include "core/jobs/train_logs.h"
#include "core/io/image_io.h"
#include "core/training/checkpoint.h"
#include "core/training/step_rng.h"
#include "core/training/train_step.h"

namespace olis::jobs {

namespace fs = std::filesystem;
using namespace olis::training;

namespace {


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
  const fs::path dir = validation_round_dir(params_.output_dir, step);
  fs::create_directories(dir);
  std::vector<fs::path> paths;
  std::vector<ValidationImage> listing;
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::string name = fmt::format("{:02d}.png", i);
    io::save_png(dir / name, images[i]);
    paths.push_back(dir / name);
    listing.push_back({name, seeds[i], params_.validation_prompts[i]});
  }
  write_validation_listing(dir, listing);
  if (params_.validation_parameters.is_object()) {
    auto info = params_.validation_parameters;
    info["width"] = crop.width_px;
    info["height"] = crop.height_px;
    write_validation_parameters(dir, info);  // last: the round is complete
  }
  callbacks.emit_preview(grid(images));
  callbacks.emit_log(fmt::format("Validation images of step {} in {}", step, dir.string()));
  return paths;
}

void TrainJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  const fs::path eval_log = ckpt_dir / eval::kMetricsLogName;
  fs::create_directories(params_.output_dir);
  auto trainable = model_->trainable_parameters();
  if (trainable.empty()) throw Error("the model has nothing to train (no trainable parameters)");
  AdamW optimizer(trainable, params_.adamw);
  NoiseSchedule schedule(model_->noise_schedule());
  DataOrder order = make_data_order(data_->instance_count(), data_->reg_count(), params_.total_steps, params_.seed);
  SmoothedLoss smoothed;
  LossScaler scaler(model_->compute_dtype() == torch::kHalf);
  int64_t start = 0;
  const auto fp = run_fingerprint(params_.total_steps, params_.seed, data_->instance_count(), data_->reg_count(),
                                  params_.schedule);
  std::optional<TrainMetrics> redo_round;  // an interrupted validation round at the resumed step
  callbacks.emit_log(data_->reg_count() > 0
                         ? fmt::format("Each step: one of {} photos and one of {} regularization images (prior-preservation loss weight {})",
                                       data_->instance_count(), data_->reg_count(), params_.loss.prior_loss_weight)
                         : fmt::format("No regularization images: each step trains on one of the {} photos, without a prior-preservation loss",
                                       data_->instance_count()));

  if (params_.resume) {
    std::vector<std::string> skipped;
    auto ckpt = load_latest_checkpoint(ckpt_dir, &skipped);
    for (const auto& s : skipped) callbacks.emit_log("Skipping an unreadable checkpoint: " + s);
    if (ckpt) {
      const fs::path file = checkpoint_path(ckpt_dir, ckpt->step);
      if (auto why = resume_refusal(ckpt->meta.value("fingerprint", nlohmann::json()), fp, ckpt->step))
        throw Error(fmt::format("cannot resume from {}: {}", file.string(), *why));
      load_checkpoint_weights(trainable, *ckpt, file);
      optimizer.load_state_dict(ckpt->optimizer);
      if (ckpt->cpu_rng_state.defined()) set_cpu_rng_state(ckpt->cpu_rng_state);
      order = resumed_data_order(ckpt->order, std::move(order), ckpt->step);
      smoothed.restore(ckpt->meta.value("smoothed_raw", 0.0), ckpt->meta.value("smoothed_count", int64_t{0}));
      scaler.set_state(ckpt->meta.value("loss_scale", scaler.scale()), ckpt->meta.value("loss_scale_good_steps", int64_t{0}));
      start = ckpt->step;
      resumed_from_ = start;
      redo_round = trim_logs_to(start, callbacks);
      if (params_.score_validation) update_suggestion(callbacks);
      callbacks.emit_log(fmt::format("Resuming from step {} of {}", start, params_.total_steps));
    }
  }

  if (start == 0) {
    // A fresh run in a folder with logs of an earlier run (whose checkpoints were removed): those logs and
    // validation images describe another run, so they move to previous-run-N/ instead of mixing with this one.
    std::vector<fs::path> stale;
    for (const auto& p : {params_.output_dir / kStepMetricsFileName, eval_log, params_.output_dir / "validation"})
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
    c.meta["loss_scale"] = scaler.scale();
    c.meta["loss_scale_good_steps"] = scaler.good_steps();
    std::vector<int64_t> keep;
    if (suggested_) keep.push_back(*suggested_);
    auto path = save_checkpoint(ckpt_dir, c, params_.keep_last, keep);
    callbacks.emit_log("Checkpoint " + path.string());
  };

  if (redo_round) {
    callbacks.emit_log(fmt::format("The validation round of step {} was interrupted; making it again", start));
    validation_round(start, /*has_checkpoint=*/true, callbacks, *redo_round);
    redo_round->suggested_step = suggested_;
    if (params_.on_metrics) params_.on_metrics(*redo_round);
  }

  const auto device = model_->device();
  const int64_t total = params_.total_steps;
  const auto t0 = std::chrono::steady_clock::now();
  std::string metrics_lines;
  // TF32 and cuDNN autotuning for this run only: the process's settings come back when it ends (the GUI
  // generates in the same process afterwards).
  struct CudaSettingsScope {
    bool on = false, tf32 = false, benchmark = false;
    ~CudaSettingsScope() {
      if (!on) return;
      compat::set_cuda_tf32(tf32);
      compat::set_cudnn_benchmark(benchmark);
    }
  } cuda_settings;
  if (device.is_cuda()) {
    cuda_settings.on = true;
    cuda_settings.benchmark = at::globalContext().benchmarkCuDNN();
    cuda_settings.tf32 = compat::set_cuda_tf32(params_.allow_tf32);
    compat::set_cudnn_benchmark(params_.cudnn_benchmark);
  }
  // The step's loss and gradient norm stay on the device and are read back every `readback_every` steps
  // (and at checkpoints, validation rounds and the end) in one copy, so the host never waits for the GPU
  // inside the loop. On the CPU there is nothing to wait for: every step.
  const int64_t readback_every =
      std::max<int64_t>(1, params_.readback_every > 0 ? params_.readback_every : (device.is_cuda() ? 10 : 1));
  struct PendingStep {
    int64_t done;
    double lr;
    StepTensors values;
  };
  std::vector<PendingStep> pending;
  auto emit_step = [&](TrainMetrics m) {
    m.suggested_step = suggested_;
    if (params_.on_metrics) params_.on_metrics(m);
    if (m.step == total || m.step % 10 == 0 || !m.validation_images.empty())
      callbacks.emit_log(fmt::format("step {}/{} loss {:.4f} (smoothed {:.4f}) lr {:.3g} {:.2f} it/s ETA {:.0f} s", m.step,
                                     total, m.loss, m.smoothed_loss, m.lr, m.it_per_second, m.eta_seconds));
  };
  // Reads the pending steps back, logs them (metrics.jsonl lines, the loss average) and emits all but the
  // newest when `hold_last`, whose metrics it returns (validation results may still be added to them).
  auto flush = [&](double it_per_second, double eta_seconds, bool hold_last) {
    const auto values = read_steps([&] {
      std::vector<StepTensors> v;
      for (const auto& p : pending) v.push_back(p.values);
      return v;
    }());
    TrainMetrics last;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      const auto& r = values[i];
      smoothed.add(r.loss);
      TrainMetrics m;
      m.step = pending[i].done;
      m.total = total;
      m.loss = r.loss;
      m.smoothed_loss = smoothed.value();
      m.lr = pending[i].lr;
      m.grad_norm = r.grad_norm;
      m.it_per_second = it_per_second;
      m.eta_seconds = eta_seconds;
      metrics_lines += step_metrics_line({m.step, r.loss, m.smoothed_loss, m.lr, r.grad_norm, r.skipped});
      if (r.skipped) callbacks.emit_log(fmt::format("Step {}: gradients were not finite; the update was skipped", m.step));
      if (hold_last && i + 1 == pending.size()) last = m;
      else emit_step(m);
    }
    pending.clear();
    return last;
  };
  // Photo latents without a random crop scale: the posterior per (photo, crop, flip), bounded.
  const auto& crop_options = data_->options().crop;
  const bool cache_photos =
      params_.cache_photo_latents && model_->has_latent_moments() && crop_options.min_scale == crop_options.max_scale;
  std::map<std::tuple<std::size_t, int, int, bool, int, int>, LatentMoments> photo_latents;
  const std::size_t max_cached_photos = 8 * data_->instance_count();
  photos_encoded_ = 0;
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
      if (cache_photos) {
        // Each image is encoded alone, hit or miss, so a resumed run (empty cache) gives the same bits.
        const auto& c = ex.instance.image;
        const auto key = std::make_tuple(ex.instance.index, c.crop_top, c.crop_left, c.flipped, c.original_height, c.original_width);
        LatentMoments moments;
        if (auto it = photo_latents.find(key); it != photo_latents.end()) {
          moments = it->second;
        } else {
          moments = model_->encode_moments(compat::to_device_async(c.pixels.unsqueeze(0), device));
          ++photos_encoded_;
          if (photo_latents.size() < max_cached_photos) photo_latents.emplace(key, moments);
        }
        if (ex.reg && !reg_cached) {
          auto r = model_->encode_moments(compat::to_device_async(ex.reg->image.pixels.unsqueeze(0), device));
          moments = LatentMoments{torch::cat({moments.mean, r.mean}, 0), torch::cat({moments.logvar, r.logvar}, 0)};
        }
        in.latents = model_->sample_latents(moments);
      } else {
        in.latents = model_->encode_images(compat::to_device_async(torch::stack(pixels), device));
        ++photos_encoded_;
      }
      if (reg_cached) in.latents = torch::cat({in.latents, compat::to_device_async(ex.reg->cached_latents.unsqueeze(0), device).to(in.latents)}, 0);
    }
    in.cond = model_->encode_prompts(prompts, model_->uses_time_ids() ? compat::to_device_async(torch::stack(time_ids), device)
                                                                      : torch::Tensor());
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
    pending.push_back({step + 1, so.lr, train_step_async(denoiser, in, schedule, so, optimizer, &scaler)});

    const int64_t done = step + 1;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double it_per_second = elapsed > 0 ? (done - start) / elapsed : 0;
    const double eta_seconds = it_per_second > 0 ? (total - done) / it_per_second : -1;
    const bool checkpoint_now = done == total || (params_.checkpoint_every > 0 && done % params_.checkpoint_every == 0);
    const bool validate_now = is_validation_step(done);
    TrainMetrics m;
    if (checkpoint_now || validate_now || static_cast<int64_t>(pending.size()) >= readback_every)
      m = flush(it_per_second, eta_seconds, /*hold_last=*/true);  // the current step's figures, emitted below
    if (checkpoint_now) {
      // metrics.jsonl grows with the checkpoints, so that it never holds steps a resumed run will redo.
      append_step_metrics(params_.output_dir, metrics_lines);
      metrics_lines.clear();
      save(done);
    }
    if (validate_now) validation_round(done, checkpoint_now, callbacks, m);
    callbacks.emit_progress(JobProgress{done, total, eta_seconds});
    if (m.step == done) emit_step(m);
  }
  model_->set_training(false);
  if (params_.export_at_end) export_result(trainable, smoothed.value(), callbacks);
}

// Exports the suggested checkpoint (or the last step), into export/step-XXXXXXXX with the step, settings and
// metrics in the files. The model's weights are those of the last step again afterwards.
void TrainJob::export_result(std::vector<NamedParameter>& trainable, double smoothed_loss, const JobCallbacks& callbacks) {
  const int64_t last = params_.total_steps;
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  StepExport se;
  se.step = last;
  se.choice = suggested_ && *suggested_ == last ? "suggested" : "last";
  se.suggested_step = suggested_;
  se.smoothed_loss = smoothed_loss;
  std::vector<torch::Tensor> last_weights;
  if (params_.export_choice == ExportChoice::Suggested && suggested_ && *suggested_ != last) {
    const auto file = checkpoint_path(ckpt_dir, *suggested_);
    auto ckpt = value_or_throw(load_checkpoint(file));
    for (const auto& p : trainable) last_weights.push_back(p.tensor.detach().clone());
    load_checkpoint_weights(trainable, ckpt, file);
    se.step = *suggested_;
    se.choice = "suggested";
    const auto loss = ckpt.meta.value("smoothed_loss", nlohmann::json());
    se.smoothed_loss = loss.is_number() ? std::optional<double>(loss.get<double>()) : std::nullopt;
  }
  se.metrics = metrics_of_step(ckpt_dir / eval::kMetricsLogName, se.step);
  auto restore = [&] {
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < last_weights.size(); ++i) trainable[i].tensor.copy_(last_weights[i]);
  };
  try {
    auto metadata = params_.export_metadata ? params_.export_metadata() : training::ExportMetadata{};
    add_step_metadata(metadata, se);
    exported_ = model_->export_to(export_dir_for_step(params_.output_dir, se.step), metadata);
  } catch (...) {
    restore();
    throw;
  }
  restore();
  exported_step_ = se.step;
  callbacks.emit_log(fmt::format("Exported the {} checkpoint, step {} of {}{}", se.choice, se.step, last,
                                 se.choice == "last" && suggested_
                                     ? fmt::format(" (the sweep suggests step {})", *suggested_)
                                     : std::string()));
  for (const auto& e : exported_) callbacks.emit_log("Exported " + e.format + ": " + e.path.string());
}

bool TrainJob::is_validation_step(int64_t step) const {
  return params_.eval_every > 0 && step % params_.eval_every == 0 && !params_.validation_prompts.empty();
}

void TrainJob::update_suggestion(const JobCallbacks& callbacks) {
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  auto records = eval::read_metrics_log(ckpt_dir / eval::kMetricsLogName);
  if (!records) {
    callbacks.emit_log("Cannot read the metric log: " + records.error().message());
    return;
  }
  auto best = eval::suggest_existing_checkpoint(*records, ckpt_dir, params_.best_rule);
  suggested_ = best ? std::optional<int64_t>(best->step) : std::nullopt;
}

void TrainJob::validation_round(int64_t step, bool has_checkpoint, const JobCallbacks& callbacks, TrainMetrics& m) {
  m.validation_images = validate(step, callbacks);
  if (!params_.score_validation || m.validation_images.empty()) return;
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  std::vector<eval::PromptedImage> scored;
  for (std::size_t i = 0; i < m.validation_images.size(); ++i)
    scored.push_back({m.validation_images[i], params_.validation_prompts[i]});
  // A scoring failure (an unreadable image, a damaged log) costs this round's metrics, not the run.
  try {
    auto metrics = params_.score_validation(step, scored);
    metrics.step = step;
    if (has_checkpoint) metrics.checkpoint = checkpoint_path(ckpt_dir, step).filename().string();
    eval::append_metrics_log(ckpt_dir / eval::kMetricsLogName, metrics);
    update_suggestion(callbacks);
    callbacks.emit_log(fmt::format("Metrics of step {}: DINO {:.4f} CLIP-I {:.4f} CLIP-T {:.4f}{}", step, metrics.dino,
                                   metrics.clip_i, metrics.clip_t,
                                   suggested_ ? fmt::format(" (suggested checkpoint: step {})", *suggested_) : ""));
    m.eval = metrics;
  } catch (const JobCancelled&) {
    throw;
  } catch (const std::exception& e) {
    callbacks.emit_log(fmt::format("The metrics of step {} could not be computed: {}", step, e.what()));
  }
}

std::optional<TrainMetrics> TrainJob::trim_logs_to(int64_t step, const JobCallbacks& callbacks) {
  // Lines past the checkpoint belong to steps this run redoes (a checkpoint write that was killed or failed,
  // or a checkpoint that cannot be read): cut them, so that each step is logged once.
  const fs::path ckpt_dir = params_.output_dir / "checkpoints";
  const auto steps = value_or_throw(trim_step_log(params_.output_dir / "metrics.jsonl", step));
  const auto rounds = value_or_throw(trim_step_log(ckpt_dir / eval::kMetricsLogName, step));
  if (steps.removed_lines + rounds.removed_lines > 0)
    callbacks.emit_log(fmt::format("Removed {} log lines of steps after {}, which this run does again",
                                   steps.removed_lines + rounds.removed_lines, step));
  if (!is_validation_step(step) ||
      validation_round_finished(validation_round_dir(params_.output_dir, step),
                                params_.score_validation ? ckpt_dir / eval::kMetricsLogName : fs::path(), step))
    return std::nullopt;
  // The round is redone; it reports the step's logged loss, as the uninterrupted run did.
  TrainMetrics m;
  m.step = step;
  m.total = params_.total_steps;
  const auto& r = steps.last_record;
  auto number = [&r](const char* key) {
    return r.is_object() && r.contains(key) && r.at(key).is_number() ? r.at(key).get<double>()
                                                                     : std::numeric_limits<double>::quiet_NaN();
  };
  if (r.is_object() && r.value("step", int64_t{-1}) == step) {
    m.loss = number("loss");
    m.smoothed_loss = number("smoothed_loss");
    m.lr = number("lr");
    m.grad_norm = number("grad_norm");
  }
  return m;
}

}  // namespace olis::jobs
