// olis-cli train PROJECT [--resume | --new-run] [--eval-every K] [--steps N] [--set KEY=VALUE] [--dry-run]
// [--export-last]: DreamBooth training of a project, headless (the same job the GUI runs). Progress goes to
// stderr; the exported files are printed. --dry-run prints every effective setting and where it came from,
// and checks the inputs, without loading the model.
#include <iostream>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "core/jobs/project_training.h"
#include "core/jobs/train_inputs.h"
#include "core/jobs/train_settings_keys.h"
#include "core/jobs/run_history.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::jobs;

struct TrainArgs {
  std::string project;
  bool resume = false;
  bool dry_run = false;
  bool allow_caption_errors = false;
  std::string eval_every, steps;
  std::vector<std::string> sets;
  bool export_last = false;
  bool new_run = false;
};

// A command-line value for a settings key, checked like the file's (the same sentence on a bad value).
void add_flag(SettingFlags& flags, const std::string& key, const std::string& text, const std::string& flag) {
  const SettingKey* k = find_train_setting(key);
  if (!k) {
    const auto near = nearest_train_setting(key);
    throw olis::Error(fmt::format("{}: there is no training setting '{}'{}", flag, key,
                                  near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near)));
  }
  auto value = parse_setting_text(*k, text);
  if (!value)
    throw olis::Error(fmt::format("{} is {}, but it must be {}.", flag, text.empty() ? "empty" : "'" + text + "'", describe_allowed(*k)));
  if (auto problem = check_setting_value(*k, *value, flag)) throw olis::Error(*problem);
  flags[key] = {*value, flag};
}

SettingFlags flags_of(const TrainArgs& a) {
  SettingFlags flags;
  if (!a.steps.empty()) add_flag(flags, "steps", a.steps, "--steps");
  if (!a.eval_every.empty()) add_flag(flags, "eval_every", a.eval_every, "--eval-every");
  if (a.allow_caption_errors) flags["allow_caption_errors"] = {true, "--allow-caption-errors"};
  for (const auto& s : a.sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw olis::Error(fmt::format("--set {}: write KEY=VALUE, e.g. --set lr=1e-5 or --set regularization.count=200", s));
    add_flag(flags, s.substr(0, eq), s.substr(eq + 1), "--set " + s.substr(0, eq));
  }
  return flags;
}

int dry_run(const ProjectTraining& p) {
  const auto& s = p.settings;
  const auto& m = s.model;
  const auto subject = p.subject();
  std::cout << fmt::format("project     {}\n", p.dir.string());
  std::cout << fmt::format("subject     {} {} ({})\n", subject.identifier, subject.prompt_class(), subject_kind_name(p.project.subject.kind));
  std::cout << fmt::format("base model  {}: {}, {}, {} px (from {}); no weights loaded\n\n", s.base_model.string(),
                           olis::io::family_name(m.family), m.v_prediction ? "v-prediction" : "epsilon", m.resolution_px, m.source);
  std::size_t key_w = 0, value_w = 0;
  std::vector<std::pair<const SettingKey*, std::string>> rows;
  for (const auto& k : train_setting_keys()) {
    std::string v = format_setting_value(k.get(s));
    if (v.empty()) v = "-";
    key_w = std::max(key_w, k.name.size());
    value_w = std::max(value_w, std::min<std::size_t>(v.size(), 48));
    rows.emplace_back(&k, std::move(v));
  }
  std::cout << fmt::format("{:<{}}  {:<{}}  {:<7}  {}\n", "setting", key_w, "value", value_w, "source", "why");
  for (const auto& [k, v] : rows) {
    const auto it = s.origins.find(k->name);
    const SettingOrigin o = it == s.origins.end() ? SettingOrigin{} : it->second;
    std::string why = o.detail;
    if (o.source == SettingSource::Default && why.empty() && k->default_doc != v) why = k->default_doc;
    std::cout << fmt::format("{:<{}}  {:<{}}  {:<7}  {}\n", k->name, key_w, v, value_w, to_string(o.source), why);
  }
  auto images = validation_images(p);
  if (images) {
    std::cout << fmt::format("\nvalidation images per round: {} (DDIM {} steps, every {} steps)\n", images->size(), s.eval_steps,
                             s.eval_every > 0 ? std::to_string(s.eval_every) : std::string("-, eval_every is 0"));
    for (const auto& v : *images) std::cout << fmt::format("  seed {:<6} {}\n", v.seed, v.prompt);
  }
  auto report = check_training_inputs(p);
  if (!images) report.errors.push_back(images.error().what());
  std::cout << "\n";
  for (const auto& w : report.warnings) std::cout << "warning: " << w << "\n";
  for (const auto& e : report.errors) std::cout << "error: " << e << "\n";
  if (!report.ok()) {
    std::cout << fmt::format("{} error(s): training would not start.\n", report.errors.size());
    return 1;
  }
  std::cout << fmt::format("ready: {} steps of {} training at {} px.\n", s.steps, olis::training::to_string(s.mode), s.resolution_px);
  return 0;
}

olis::cli::Registrar reg{"train", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("train", "Fine-tune the base model on a project's photos (DreamBooth with prior preservation)");
  auto a = std::make_shared<TrainArgs>();
  cmd->add_option("project", a->project, "Project folder (project.olis.yaml + training.olis.yaml)")->required();
  auto* resume = cmd->add_flag("--resume", a->resume, "Continue from the newest checkpoint in the output folder");
  cmd->add_flag("--new-run", a->new_run,
                "Keep the current run (checkpoints, logs, validation images, exports) in previous-run-N/ and start again")
      ->excludes(resume);
  cmd->add_option("--eval-every", a->eval_every,
                  "Validation images every K steps (0: none), scored with the metric models of training.olis.yaml into "
                  "checkpoints/eval_metrics.jsonl");
  cmd->add_option("--steps", a->steps, "Number of training steps (default: the settings', else 4000 full / 8000 LoRA)");
  cmd->add_option("--set", a->sets, "Override any setting of training.olis.yaml, KEY=VALUE (e.g. lr=1e-5, regularization.count=200)");
  cmd->add_flag("--allow-caption-errors", a->allow_caption_errors,
                "Train even when captions fail 'olis-cli captions check' (no <new>, no class, ...)");
  cmd->add_flag("--dry-run", a->dry_run,
                "Print every effective setting and where it came from (default, family, file, flag), check the inputs, "
                "and stop without loading the model");
  cmd->add_flag("--export-last", a->export_last, "Export the last step at the end instead of the checkpoint the metric sweep suggests");
  cmd->callback([&ctx, a] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      auto p = olis::value_or_throw(open_project_training(a->project, flags_of(*a)));
      if (a->dry_run) return dry_run(p);
      require_training_inputs(p, [](const std::string& line) { std::cerr << line << "\n"; });
      if (a->new_run) {
        const auto aside = olis::value_or_throw(set_run_aside(p.settings.output_dir));
        if (!aside.empty()) std::cerr << "The previous run is kept in " << aside.string() << "\n";
      }
      TrainOverrides ov;
      ov.resume = a->resume;
      ov.export_choice = a->export_last ? ExportChoice::Last : ExportChoice::Suggested;
      auto model = load_project_model(p, /*for_training=*/true);
      auto job = make_train_job(p, model, ov);
      JobCallbacks cb;
      cb.log = [](const std::string& line) { std::cerr << line << "\n"; };
      CancelToken cancel;
      auto result = run_job_safely(*job, cb, cancel);
      if (result.outcome != JobOutcome::Succeeded) {
        std::cerr << "training failed: " << result.message << "\n";
        return 1;
      }
      for (const auto& e : job->exported()) std::cout << e.format << "\t" << e.path.string() << "\n";
      if (auto best = job->suggested_step()) {
        std::cerr << "Suggested checkpoint (metric sweep): step " << *best;
        if (job->exported_step() != best) std::cerr << "; export it with 'olis-cli export " << a->project << "'";
        std::cerr << "\n";
      }
      return 0;
    });
  });
}};

}  // namespace
