#include "core/jobs/project_training.h"

#include <fmt/format.h>

#include "core/eval/evaluator.h"
#include "core/jobs/project_captions.h"
#include "core/models/placement.h"
#include "core/prompts/caption.h"
#include "core/prompts/dreambench.h"
#include "core/prompts/manifest.h"
#include "core/prompts/pools.h"
#include "core/prompts/prompt_set.h"
#include "core/training/checkpoint.h"
#include "core/training/reg_prompts.h"

namespace olis::jobs {

namespace fs = std::filesystem;

prompts::Subject ProjectTraining::subject() const { return project_subject(project); }

int ProjectTraining::resolution_px(const training::SdTrainableModel& model) const {
  return settings.resolution_px > 0 ? settings.resolution_px : model.default_resolution();
}

RegSetKey ProjectTraining::regset_key(const std::string& model_hash, const std::string& pool_version) const {
  return RegSetKey{model_hash,
                   project.subject.class_noun,
                   project.subject.specific_class,
                   subject_kind_name(project.subject.kind),
                   pool_version,
                   settings.regularization.count,
                   settings.regularization.seed};
}

Expected<ProjectTraining> open_project_training(const fs::path& project) {
  fs::path dir = fs::is_directory(project) ? project : project.parent_path();
  ProjectTraining p;
  p.dir = fs::absolute(dir);
  auto proj = load_project(fs::is_directory(project) ? project / kProjectFileName : project);
  if (!proj) return tl::unexpected(proj.error());
  p.project = std::move(*proj);
  auto settings = load_train_settings(p.dir / kTrainSettingsFileName);
  if (!settings) return tl::unexpected(settings.error());
  p.settings = std::move(*settings);
  return p;
}

std::shared_ptr<training::SdTrainableModel> load_project_model(const ProjectTraining& p, bool for_training) {
  const auto& s = p.settings;
  training::SdTrainOptions o;
  o.mode = for_training ? s.mode : training::TrainMode::Full;
  o.lora_rank = s.lora_rank;
  o.lora_alpha = s.lora_alpha;
  o.train_text_encoder = for_training && s.train_text_encoder;
  o.identifier = p.project.subject.identifier;
  o.vocab_dir = s.vocab_dir;
  std::string device = s.device;
  if (device == "auto") device = torch::cuda::is_available() ? "cuda" : "cpu";
  const char* dtype = s.precision == TrainPrecision::BFloat16 ? "bf16" : s.precision == TrainPrecision::Float16 ? "fp16" : "fp32";
  o.placement = value_or_throw(models::parse_placement(device, dtype));
  o.sample_steps = for_training ? s.eval_steps : (s.regularization.steps > 0 ? s.regularization.steps : 50);
  o.guidance = s.regularization.guidance;
  o.seed = s.seed;
  return training::SdTrainableModel::load(s.base_model, o);
}

namespace {

prompts::PoolSet pools() { return value_or_throw(prompts::load_pool_set({})); }

std::vector<std::string> captions_of(const ProjectTraining& p) {
  std::vector<std::string> out;
  for (const auto& ph : p.project.photos) out.push_back(ph.caption);
  return out;
}

}  // namespace

std::unique_ptr<RegSetJob> make_regset_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model) {
  const auto& r = p.settings.regularization;
  const auto pool_set = pools();
  const fs::path manifest = r.manifest;
  if (!fs::exists(manifest)) {
    prompts::PromptSetParams params;
    params.subject = p.subject();
    params.captions = captions_of(p);
    params.count = static_cast<int>(r.count);
    params.seed = r.seed;
    auto items = prompts::sample_prompt_set(pool_set, params);
    if (auto ok = prompts::write_manifest(manifest, items); !ok) throw ok.error();
  }
  RegSetParams rp;
  rp.source_manifest = manifest;
  if (!r.cache_root.empty()) rp.cache_root = r.cache_root;
  rp.key = p.regset_key(value_or_throw(model_fingerprint(p.settings.base_model)), pool_set.version);
  rp.batch_size = r.batch;
  rp.width_px = rp.height_px = p.resolution_px(*model);
  rp.negative_prompt = r.negative_prompt;
  auto generator = [model](const std::vector<RegImageRequest>& batch, CancelToken& cancel) {
    std::vector<training::RgbImage> out;
    for (const auto& req : batch) {
      cancel.throw_if_cancelled();
      auto images = model->sample({req.prompt}, {req.seed}, req.width_px, req.height_px);
      out.push_back(std::move(images.front()));
    }
    return out;
  };
  RegLatentEncoder encoder;
  if (r.cache_latents)
    encoder = [model](const training::RgbImage& image, const std::string& prompt) {
      auto px = io::image_to_tensor(image).unsqueeze(0);  // [1, 3, H, W] in [-1, 1]
      auto z = model->encode_images(px);
      torch::NoGradGuard no_grad;
      auto c = model->encode_prompts({prompt}, torch::Tensor());
      io::TensorMap m{{"latents", z[0].contiguous()}, {"encoder_hidden_states", c.encoder_hidden_states[0].detach().contiguous()}};
      if (c.text_embeds.defined()) m["text_embeds"] = c.text_embeds[0].detach().contiguous();
      return m;
    };
  return std::make_unique<RegSetJob>(rp, generator, encoder);
}

std::unique_ptr<TrainJob> make_train_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model,
                                         const TrainOverrides& ov) {
  const auto& s = p.settings;
  const auto subject = p.subject();
  // The regularization set this project's settings name.
  RegSetParams rp;
  if (!s.regularization.cache_root.empty()) rp.cache_root = s.regularization.cache_root;
  else rp.cache_root = default_regset_cache_root();
  const auto key = p.regset_key(value_or_throw(model_fingerprint(s.base_model)), pools().version);
  const fs::path manifest = regset_dir(rp.cache_root, key) / "manifest.jsonl";
  std::vector<training::RegExample> regs;
  training::RegPromptRenderer renderer;
  if (s.regularization.count > 0) {
    if (!fs::exists(manifest))
      throw Error("the regularization set of this project does not exist yet (" + manifest.string() +
                  "); run 'olis-cli regset " + p.dir.string() + "' first");
    auto set = value_or_throw(training::load_regularization_set(manifest, s.dropout_p));
    if (set.missing_images > 0)
      throw Error(fmt::format("the regularization set is unfinished ({} of {} images missing); run 'olis-cli regset {}' to finish it",
                              set.missing_images, set.missing_images + set.examples.size(), p.dir.string()));
    regs = std::move(set.examples);
    renderer = std::move(set.renderer);
  }
  std::vector<training::InstanceExample> photos;
  for (const auto& ph : p.project.photos) {
    fs::path f(ph.file);
    if (f.is_relative()) f = p.dir / f;
    photos.push_back({f, ph.caption.empty() ? prompts::default_caption(subject) : ph.caption});
  }
  if (photos.empty()) throw Error(p.dir.string() + ": the project has no photos");
  training::TrainDataOptions d;
  d.crop.width_px = d.crop.height_px = p.resolution_px(*model);
  d.crop.horizontal_flip = s.horizontal_flip;
  d.identifier = subject.identifier;
  d.reg_dropout_p = s.dropout_p;
  d.seed = s.seed;
  auto data = std::make_shared<training::TrainingData>(photos, regs, d, renderer);

  TrainJobParams t;
  t.output_dir = s.output_dir;
  t.total_steps = ov.steps.value_or(s.effective_steps());
  t.checkpoint_every = s.checkpoint_every;
  t.keep_last = s.keep_last;
  t.eval_every = ov.eval_every.value_or(s.eval_every);
  auto prompts_all = prompts::dreambench_prompts(subject);
  for (std::size_t i = 0; i < prompts_all.size() && i < static_cast<std::size_t>(s.validation_prompts); ++i) {
    t.validation_prompts.push_back(prompts_all[i]);
    t.validation_seeds.push_back(1000 + i);
  }
  t.validation_parameters = {{"sampler", "ddim"},
                             {"steps", s.eval_steps},
                             {"guidance", s.regularization.guidance},
                             {"negative_prompt", ""},
                             {"precision", to_string(s.precision)}};
  t.adamw = training::AdamWParams{s.effective_lr(), s.beta1, s.beta2, s.eps, s.weight_decay};
  t.schedule = training::LrSchedule{s.schedule, s.effective_lr(), s.warmup_steps, t.total_steps};
  t.loss.prior_loss_weight = s.prior_loss_weight;
  t.loss.min_snr_gamma = s.min_snr_gamma;
  t.loss.offset_noise = s.offset_noise;
  t.max_grad_norm = s.max_grad_norm;
  t.seed = s.seed;
  t.resume = ov.resume;
  t.gradient_checkpointing = s.gradient_checkpointing;
  t.on_metrics = ov.on_metrics;
  if (t.eval_every > 0) t.score_validation = make_validation_scorer(p);
  t.best_rule.clip_t_margin = s.metrics.clip_t_margin;
  if (!ov.resume && !training::list_checkpoints(t.output_dir / "checkpoints").empty())
    throw Error("checkpoints exist in " + (t.output_dir / "checkpoints").string() +
                "; pass --resume to continue that run, or choose another output_dir");
  return std::make_unique<TrainJob>(t, model, data);
}

}  // namespace olis::jobs

namespace olis::jobs {

ValidationScorer make_validation_scorer(const ProjectTraining& p) {
  const auto& m = p.settings.metrics;
  if (!m.any()) return {};
  auto evaluator = std::make_shared<eval::Evaluator>(eval::Evaluator::load({m.clip, m.clip_text, m.tokenizer, m.dino}));
  const auto subject = p.subject();
  eval::SubjectInput base;
  base.subject = p.dir.filename().string();
  for (const auto& ph : p.project.photos) {
    fs::path f(ph.file);
    base.real.push_back(f.is_relative() ? p.dir / f : f);
  }
  base.rules.identifier = subject.identifier;
  base.rules.class_name = subject.prompt_class();
  base.rules.object_name = subject.specific_class;
  return [evaluator, base](int64_t step, const std::vector<eval::PromptedImage>& images) {
    auto in = base;
    in.generated = images;
    return eval::evaluate_checkpoint(*evaluator, step, "", in);
  };
}

std::vector<training::ExportedFile> export_checkpoint(const ProjectTraining& p, training::TrainableModel& model,
                                                      std::optional<int64_t> step, fs::path out_dir) {
  const fs::path ckpt_dir = p.settings.output_dir / "checkpoints";
  fs::path file;
  if (step) {
    file = training::checkpoint_path(ckpt_dir, *step);
    if (!fs::exists(file)) {
      std::string have;
      for (const auto& c : training::list_checkpoints(ckpt_dir)) have += (have.empty() ? "" : ", ") + std::to_string(c.step);
      throw Error(fmt::format("{}: there is no checkpoint of step {} (available: {})", ckpt_dir.string(), *step,
                              have.empty() ? "none" : have));
    }
  } else {
    auto all = training::list_checkpoints(ckpt_dir);
    if (all.empty()) throw Error(ckpt_dir.string() + ": there is no checkpoint to export; train first");
    file = all.back().path;
  }
  auto ckpt = value_or_throw(training::load_checkpoint(file));
  auto trainable = model.trainable_parameters();
  load_checkpoint_weights(trainable, ckpt, file);
  model.set_training(false);
  if (out_dir.empty()) out_dir = p.settings.output_dir / "export" / fmt::format("step-{:08d}", ckpt.step);
  return model.export_to(out_dir);
}

ProjectJob::ProjectJob(fs::path project_dir, ProjectJobOptions options)
    : dir_(std::move(project_dir)), options_(std::move(options)) {
  // The output folder for the UI's "open folder"; the settings may not be readable yet (reported by run()).
  if (auto s = load_train_settings(dir_ / kTrainSettingsFileName)) output_dir_ = s->output_dir;
}

std::string ProjectJob::name() const {
  switch (options_.task) {
    case ProjectTask::RegularizationSet: return "Generate the regularization set";
    case ProjectTask::Export:
      return options_.export_step ? fmt::format("Export checkpoint {}", *options_.export_step) : "Export the newest checkpoint";
    case ProjectTask::Training: break;
  }
  return options_.train.resume ? "Resume training" : "Train";
}

JobKind ProjectJob::kind() const {
  switch (options_.task) {
    case ProjectTask::RegularizationSet: return JobKind::RegularizationSet;
    case ProjectTask::Export: return JobKind::Other;
    case ProjectTask::Training: break;
  }
  return JobKind::Training;
}

void ProjectJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  auto p = value_or_throw(open_project_training(dir_));
  output_dir_ = p.settings.output_dir;
  cancel.throw_if_cancelled();
  callbacks.emit_log("Loading " + p.settings.base_model.string());
  auto model = load_project_model(p, options_.task != ProjectTask::RegularizationSet);
  cancel.throw_if_cancelled();
  switch (options_.task) {
    case ProjectTask::RegularizationSet: {
      auto job = make_regset_job(p, model);
      job->run(callbacks, cancel);
      return;
    }
    case ProjectTask::Training: {
      auto job = make_train_job(p, model, options_.train);
      job->run(callbacks, cancel);
      exported_ = job->exported();
      suggested_ = job->suggested_step();
      return;
    }
    case ProjectTask::Export:
      exported_ = export_checkpoint(p, *model, options_.export_step, options_.export_dir);
      for (const auto& e : exported_) callbacks.emit_log("Exported " + e.format + ": " + e.path.string());
      return;
  }
}

}  // namespace olis::jobs
