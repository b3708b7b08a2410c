// olis-cli regset PROJECT: generates (or resumes, or reuses from the shared cache) the project's
// regularization set as its settings and captions define it, and keeps the project's manifest equal to it.
#include <iostream>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "core/jobs/project_training.h"

namespace {

olis::cli::Registrar reg{"regset", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("regset", "Generate the regularization set of a project (resumable, cached per class and model)");
  auto project = std::make_shared<std::string>();
  cmd->add_option("project", *project, "Project folder (project.olis.yaml + training.olis.yaml)")->required();
  cmd->callback([&ctx, project] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      using namespace olis::jobs;
      auto p = olis::value_or_throw(open_project_training(*project));
      auto job = make_regset_job(p);
      JobCallbacks cb;
      cb.log = [](const std::string& line) { std::cerr << line << "\n"; };
      CancelToken cancel;
      auto result = run_job_safely(*job, cb, cancel);
      if (result.outcome != JobOutcome::Succeeded) {
        std::cerr << "regset failed: " << result.message << "\n";
        return 1;
      }
      const auto& s = job->status();
      if (s.total > 0)
        std::cerr << fmt::format("{} images ({} made now) in {}\n", s.total, s.generated, s.dir.string());
      if (!s.manifest.empty() && s.total > 0) std::cout << s.manifest.string() << "\n";
      return 0;
    });
  });
}};

}  // namespace
