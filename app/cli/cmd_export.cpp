// olis-cli export PROJECT [--step N | --last] [--out DIR]: exports a checkpoint of a project's training run
// (by default the one the metric sweep suggests) in the formats and with the metadata the end of training
// writes, into <output_dir>/export/step-XXXXXXXX.
#include <iostream>

#include "app/cli/command.h"
#include "core/jobs/project_training.h"

namespace {

struct ExportArgs {
  std::string project;
  int64_t step = -1;
  bool last = false;
  std::string out;
};

olis::cli::Registrar reg{"export", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("export", "Export a checkpoint of a project's training run, the suggested one by default (LoRA: kohya with the identifier embedding + diffusers + embedding file; full: single file + diffusers folder)");
  auto a = std::make_shared<ExportArgs>();
  cmd->add_option("project", a->project, "Project folder (project.olis.yaml + training.olis.yaml)")->required();
  auto* step = cmd->add_option("--step", a->step, "Checkpoint step (default: the one the metric sweep suggests; the newest when there is no sweep)")
                   ->check(CLI::PositiveNumber);
  cmd->add_flag("--last", a->last, "Export the newest checkpoint instead of the suggested one")->excludes(step);
  cmd->add_option("--out", a->out, "Output folder (default: <output_dir>/export/step-XXXXXXXX)");
  cmd->callback([&ctx, a] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      using namespace olis::jobs;
      ProjectJobOptions o;
      o.task = ProjectTask::Export;
      if (a->step > 0) o.export_step = a->step;
      o.export_choice = a->last ? ExportChoice::Last : ExportChoice::Suggested;
      o.export_dir = a->out;
      ProjectJob job(a->project, o);
      JobCallbacks cb;
      cb.log = [](const std::string& line) { std::cerr << line << "\n"; };
      CancelToken cancel;
      auto result = run_job_safely(job, cb, cancel);
      if (result.outcome != JobOutcome::Succeeded) {
        std::cerr << "export failed: " << result.message << "\n";
        return 1;
      }
      for (const auto& e : job.exported()) std::cout << e.format << "\t" << e.path.string() << "\n";
      return 0;
    });
  });
}};

}  // namespace
