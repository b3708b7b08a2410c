// olis-cli train PROJECT [--resume | --new-run] [--eval-every K] [--steps N]: DreamBooth training of a project,
// headless (the same job the GUI runs). Progress goes to stderr; the exported files are printed.
#include <iostream>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "core/jobs/project_training.h"
#include "core/jobs/run_history.h"

namespace {

struct TrainArgs {
  std::string project;
  bool resume = false;
  bool new_run = false;
  int64_t eval_every = -1;
  int64_t steps = -1;
};

olis::cli::Registrar reg{"train", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("train", "Fine-tune the base model on a project's photos (DreamBooth with prior preservation)");
  auto a = std::make_shared<TrainArgs>();
  cmd->add_option("project", a->project, "Project folder (project.olis.yaml + training.olis.yaml)")->required();
  auto* resume = cmd->add_flag("--resume", a->resume, "Continue from the newest checkpoint in the output folder");
  cmd->add_flag("--new-run", a->new_run,
                "Keep the current run (checkpoints, logs, validation images, exports) in previous-run-N/ and start again")
      ->excludes(resume);
  cmd->add_option("--eval-every", a->eval_every, "Validation images every K steps (0: none), scored with the metric models of training.olis.yaml into checkpoints/eval_metrics.jsonl")->check(CLI::NonNegativeNumber);
  cmd->add_option("--steps", a->steps, "Number of training steps (default: the settings')")->check(CLI::PositiveNumber);
  cmd->callback([&ctx, a] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      using namespace olis::jobs;
      auto p = olis::value_or_throw(open_project_training(a->project));
      if (a->new_run) {
        const auto aside = olis::value_or_throw(set_run_aside(p.settings.output_dir));
        if (!aside.empty()) std::cerr << "The previous run is kept in " << aside.string() << "\n";
      }
      TrainOverrides ov;
      ov.resume = a->resume;
      if (a->eval_every >= 0) ov.eval_every = a->eval_every;
      if (a->steps > 0) ov.steps = a->steps;
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
      if (auto best = job->suggested_step())
        std::cerr << "Suggested checkpoint (metric sweep): step " << *best << "; export it with 'olis-cli export "
                  << a->project << " --step " << *best << "'\n";
      return 0;
    });
  });
}};

}  // namespace
