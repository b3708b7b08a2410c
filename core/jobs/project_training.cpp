#include "core/jobs/project_training.h"

#include <fmt/format.h>

#include "core/eval/evaluator.h"
#include "core/jobs/project_captions.h"
#include "core/models/placement.h"
#include "core/jobs/regset_generator.h"
#include "core/jobs/regset_plan.h"
#include "core/prompts/caption.h"
#include "core/prompts/dreambench.h"
#include "core/prompts/manifest.h"
#include "core/prompts/pools.h"
#include "core/prompts/prompt_set.h"
#include "core/sampling/pipeline_loader.h"
#include "core/prompts/validation_prompts.h"
#include "core/jobs/train_inputs.h"
#include "core/util/atomic_file.h"
#include "core/training/checkpoint.h"
#include "core/training/reg_prompts.h"

namespace olis::jobs {

namespace fs = std::filesystem;

prompts::Subject ProjectTraining::subject() const { return project_subject(project); }

int ProjectTraining::resolution_px(const training::SdTrainableModel&) const {
  // Resolved from the model's configs (or its family) before loading: see train_settings_probe.h.
  return settings.resolution_px;
}

Expected<ProjectTraining> open_project_training(const fs::path& project, const SettingFlags& flags) {
  fs::path dir = fs::is_directory(project) ? project : project.parent_path();
  ProjectTraining p;
  p.dir = fs::absolute(dir);
  const fs::path project_file = fs::is_directory(project) ? project / kProjectFileName : project;
  auto proj = load_project(project_file);
  if (!proj) return tl::unexpected(proj.error());
  p.project = std::move(*proj);
  if (auto ok = check_project_subject(p.project, project_file.string()); !ok) return tl::unexpected(ok.error());
  auto settings = load_train_settings(p.dir / kTrainSettingsFileName, flags);
  if (!settings) return tl::unexpected(settings.error());
  p.settings = std::move(*settings);
  return p;
}

std::string training_device_name(const TrainSettings& s) {
  if (s.device == "auto") return torch::cuda::is_available() ? "cuda" : "cpu";
  return s.device;
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
  const std::string device = training_device_name(s);
  const char* dtype = s.precision == TrainPrecision::BFloat16 ? "bf16" : s.precision == TrainPrecision::Float16 ? "fp16" : "fp32";
  o.placement = value_or_throw(models::parse_placement(device, dtype));
  o.sample_steps = for_training ? s.eval_steps : (s.regularization.steps > 0 ? s.regularization.steps : 50);
  o.guidance = s.regularization.guidance;
  o.seed = s.seed;
  return training::SdTrainableModel::load(s.base_model, o);
}

namespace {

// The models of a regset run, loaded on first use: the pipeline for the images, then (for the latent
// cache, after every image exists) the training model, with the pipeline released first.
struct RegsetModels {
  RegSetKey key;
  std::shared_ptr<sampling::TextToImagePipeline> pipeline;
  RegImageGenerator generate;
  std::shared_ptr<training::SdTrainableModel> trainer;
};

models::Placement generation_placement(const TrainSettings& s) {
  return value_or_throw(models::parse_placement(training_device_name(s), to_string(s.precision)));
}

}  // namespace

std::unique_ptr<RegSetJob> make_regset_job(const ProjectTraining& p) {
  auto plan = plan_project_regset(p);
  auto models = std::make_shared<RegsetModels>();
  models->key = plan.key;
  const fs::path model_path = regset_model_path(p);
  const auto settings = p.settings;
  RegImageGenerator generator = [models, model_path, settings](const std::vector<RegImageRequest>& batch, CancelToken& cancel) {
    if (!models->generate) {
      sampling::PipelineLoadOptions o;
      o.placement = generation_placement(settings);
      o.vocab_dir = settings.vocab_dir;
      models->pipeline = sampling::TextToImagePipeline::load(model_path, o);
      models->generate = pipeline_generator(models->pipeline, models->key);
    }
    return models->generate(batch, cancel);
  };
  RegLatentEncoder encoder;
  if (p.settings.regularization.cache_latents) {
    const ProjectTraining project = p;
    encoder = [models, project](const training::RgbImage& image, const std::string& prompt) {
      if (!models->trainer) {
        models->generate = {};
        models->pipeline.reset();
        models->trainer = load_project_model(project, /*for_training=*/false);
        const int res = project.resolution_px(*models->trainer);
        if (models->key.width_px != res || models->key.height_px != res)
          throw Error(fmt::format("regularization.cache_latents needs the images at the training resolution ({0}x{0}), "
                                  "but they are {1}x{2}; set regularization.size to {0} or turn cache_latents off",
                                  res, models->key.width_px, models->key.height_px));
      }
      auto px = io::image_to_tensor(image).unsqueeze(0);  // [1, 3, H, W] in [-1, 1]
      auto z = models->trainer->encode_images(px);
      return io::TensorMap{{"latents", z[0].contiguous()}};
    };
  }
  return std::make_unique<RegSetJob>(std::move(plan), p.settings.regularization.batch, generator, encoder);
}

RegSetReadiness regset_readiness(const RegSetPlan& plan) {
  RegSetReadiness st;
  st.dir = plan.dir;
  if (plan.items.empty()) {
    st.state = RegSetState::NotUsed;
    return st;
  }
  std::error_code ec;
  for (const auto& item : plan.items)
    if (!fs::exists(item.image_path, ec)) ++st.missing;
  st.state = st.missing == 0                                         ? RegSetState::Complete
             : st.missing < static_cast<int64_t>(plan.items.size()) ? RegSetState::Unfinished
                                                                      : RegSetState::Missing;
  return st;
}

fs::path regularization_set_dir(const ProjectTraining& p) { return plan_project_regset(p).dir; }

Expected<RegSetReadiness> regularization_set_status(const ProjectTraining& p) {
  try {
    return regset_readiness(plan_project_regset(p));
  } catch (const Error& e) {
    return tl::unexpected(e);
  }
}

std::unique_ptr<TrainJob> make_train_job(const ProjectTraining& p, std::shared_ptr<training::SdTrainableModel> model,
                                         const TrainOverrides& ov) {
  const auto& s = p.settings;
  const auto subject = p.subject();
  // The regularization set the project's settings and captions define now (none for prior: none).
  auto reg_set = project_regularization_set(p);
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
  if (!s.random_crop) {
    d.crop.min_scale = d.crop.max_scale = 1.0;
    d.crop.random_position = false;
  }
  d.identifier = subject.identifier;
  d.reg_dropout_p = s.dropout_p;
  d.seed = s.seed;
  auto data = std::make_shared<training::TrainingData>(photos, std::move(reg_set.examples), d, std::move(reg_set.renderer));

  TrainJobParams t;
  t.output_dir = s.output_dir;
  t.total_steps = ov.steps.value_or(s.steps);
  t.checkpoint_every = s.checkpoint_every;
  t.keep_last = s.keep_last;
  t.eval_every = ov.eval_every.value_or(s.eval_every);
  for (const auto& v : value_or_throw(validation_images(p))) {
    t.validation_prompts.push_back(v.prompt);
    t.validation_seeds.push_back(v.seed);
  }
  t.validation_parameters = {{"sampler", "ddim"},
                             {"steps", s.eval_steps},
                             {"guidance", s.regularization.guidance},
                             {"negative_prompt", ""},
                             {"precision", to_string(s.precision)}};
  t.adamw = training::AdamWParams{s.lr, s.beta1, s.beta2, s.eps, s.weight_decay};
  t.schedule = training::LrSchedule{s.schedule, s.lr, s.warmup_steps, t.total_steps};
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
  t.export_choice = ov.export_choice;
  t.export_metadata = [project = p.project, dir = p.dir, s, total = t.total_steps, res = p.resolution_px(*model)] {
    return run_export_metadata(project, dir, s, total, res);
  };
  if (!ov.resume && !training::list_checkpoints(t.output_dir / "checkpoints").empty())
    throw Error("checkpoints exist in " + (t.output_dir / "checkpoints").string() +
                "; pass --resume to continue that run, or --new-run to keep it aside in previous-run-N/ and start again");
  return std::make_unique<TrainJob>(t, model, data);
}

Expected<std::vector<ValidationImageSpec>> validation_images(const ProjectTraining& p) {
  const auto& v = p.settings.validation;
  const auto subject = p.subject();
  std::vector<prompts::ValidationPrompt> list;
  if (!v.prompt_file.empty()) {
    auto text = read_text_file(v.prompt_file, 1u << 20);
    if (!text) return fail(fmt::format("validation_prompt_file {}: {}", v.prompt_file.string(), text.error().what()));
    list = prompts::validation_prompts_from_text(*text, subject);
    if (list.empty()) return fail(fmt::format("validation_prompt_file {} holds no prompt (one per line, with <new> for the subject)",
                                              v.prompt_file.string()));
    auto origin = p.settings.origins.find("validation_prompts");
    if (origin != p.settings.origins.end() && origin->second.source != SettingSource::Default &&
        list.size() > static_cast<std::size_t>(v.prompts))
      list.resize(static_cast<std::size_t>(v.prompts));
  } else {
    list = prompts::validation_prompts(subject, v.prompts, v.rephrased);
  }
  std::vector<ValidationImageSpec> out;
  uint64_t index = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0 && !list[i].rephrased) ++index;  // a rephrased variant keeps its prompt's seeds
    for (int j = 0; j < v.seeds_per_prompt; ++j)
      out.push_back({list[i].prompt, 1000 + index * static_cast<uint64_t>(v.seeds_per_prompt) + static_cast<uint64_t>(j)});
  }
  return out;
}

}  // namespace olis::jobs

namespace olis::jobs {

ValidationScorer make_validation_scorer(const ProjectTraining& p) {
  const auto& m = p.settings.metrics;
  if (!m.any()) return {};
  // On the training device; the photos' embeddings are computed in the first round and reused after.
  const auto device = value_or_throw(models::parse_device(training_device_name(p.settings)));
  auto evaluator = std::make_shared<eval::Evaluator>(eval::Evaluator::load({m.clip, m.clip_text, m.tokenizer, m.dino}, device));
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

CheckpointExport export_checkpoint(const ProjectTraining& p, training::SdTrainableModel& model,
                                   std::optional<int64_t> step, fs::path out_dir, ExportChoice choice) {
  const fs::path ckpt_dir = p.settings.output_dir / "checkpoints";
  const fs::path eval_log = ckpt_dir / eval::kMetricsLogName;
  const auto all = training::list_checkpoints(ckpt_dir);
  std::optional<int64_t> suggested;
  if (auto records = eval::read_metrics_log(eval_log)) {
    if (auto best = eval::suggest_existing_checkpoint(*records, ckpt_dir, {p.settings.metrics.clip_t_margin}))
      suggested = best->step;
  } else if (!step && choice == ExportChoice::Suggested) {
    throw Error(fmt::format("cannot tell which checkpoint the sweep suggests: {}; name one with --step",
                            records.error().message()));
  }
  CheckpointExport result;
  fs::path file;
  if (step) {
    file = training::checkpoint_path(ckpt_dir, *step);
    if (!fs::exists(file)) {
      std::string have;
      for (const auto& c : all) have += (have.empty() ? "" : ", ") + std::to_string(c.step);
      throw Error(fmt::format("{}: there is no checkpoint of step {} (available: {})", ckpt_dir.string(), *step,
                              have.empty() ? "none" : have));
    }
    result.choice = suggested == step ? "suggested" : "chosen";
  } else if (choice == ExportChoice::Suggested && suggested) {
    file = training::checkpoint_path(ckpt_dir, *suggested);
    result.choice = "suggested";
  } else {
    if (all.empty()) throw Error(ckpt_dir.string() + ": there is no checkpoint to export; train first");
    file = all.back().path;
    result.choice = suggested && suggested == all.back().step ? "suggested" : "last";
  }
  auto ckpt = value_or_throw(training::load_checkpoint(file));
  auto trainable = model.trainable_parameters();
  load_checkpoint_weights(trainable, ckpt, file);
  model.set_training(false);
  result.step = ckpt.step;
  if (out_dir.empty()) out_dir = export_dir_for_step(p.settings.output_dir, ckpt.step);
  // The run's step count as the checkpoint recorded it (a --steps override), else the settings'.
  const auto fingerprint = ckpt.meta.value("fingerprint", nlohmann::json::object());
  const int64_t total = fingerprint.value("total_steps", p.settings.steps);
  auto metadata = run_export_metadata(p.project, p.dir, p.settings, total, p.resolution_px(model));
  StepExport se;
  se.step = ckpt.step;
  se.choice = result.choice;
  se.suggested_step = suggested;
  se.metrics = metrics_of_step(eval_log, ckpt.step);
  if (ckpt.meta.contains("smoothed_loss") && ckpt.meta["smoothed_loss"].is_number())
    se.smoothed_loss = ckpt.meta["smoothed_loss"].get<double>();
  add_step_metadata(metadata, se);
  result.files = model.export_to(out_dir, metadata);
  return result;
}

ProjectJob::ProjectJob(fs::path project_dir, ProjectJobOptions options)
    : dir_(std::move(project_dir)), options_(std::move(options)) {
  // The output folder for the UI's "open folder"; the settings may not be readable yet (reported by run()).
  output_dir_ = train_output_dir(dir_);
}

std::string ProjectJob::name() const {
  switch (options_.task) {
    case ProjectTask::RegularizationSet: return "Generate the regularization set";
    case ProjectTask::Export:
      if (options_.export_step) return fmt::format("Export checkpoint {}", *options_.export_step);
      return options_.export_choice == ExportChoice::Last ? "Export the newest checkpoint" : "Export the suggested checkpoint";
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
  if (options_.task == ProjectTask::Training) require_training_inputs(p, [&](const std::string& line) { callbacks.emit_log(line); });
  if (options_.task == ProjectTask::RegularizationSet) {  // loads its model only when an image is missing
    auto job = make_regset_job(p);
    job->run(callbacks, cancel);
    return;
  }
  callbacks.emit_log("Loading " + p.settings.base_model.string());
  auto model = load_project_model(p, /*for_training=*/true);
  cancel.throw_if_cancelled();
  switch (options_.task) {
    case ProjectTask::RegularizationSet: break;
    case ProjectTask::Training: {
      auto job = make_train_job(p, model, options_.train);
      job->run(callbacks, cancel);
      exported_ = job->exported();
      exported_step_ = job->exported_step();
      suggested_ = job->suggested_step();
      return;
    }
    case ProjectTask::Export: {
      auto result = export_checkpoint(p, *model, options_.export_step, options_.export_dir, options_.export_choice);
      exported_ = result.files;
      exported_step_ = result.step;
      callbacks.emit_log(fmt::format("Exported the {} checkpoint, step {}", result.choice, result.step));
      for (const auto& e : exported_) callbacks.emit_log("Exported " + e.format + ": " + e.path.string());
      return;
    }
  }
}

}  // namespace olis::jobs
