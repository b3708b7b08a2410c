// olis-cli settings: the reference of training.olis.yaml (every key, what it accepts, its default), from
// the same table the reader checks against. The README's settings reference is this output.
#include <iostream>

#include "app/cli/command.h"
#include "core/jobs/train_settings_keys.h"

namespace {

olis::cli::Registrar reg{"settings", [](CLI::App& root, olis::cli::Context& ctx) {
  root.add_subcommand("settings", "Print every key of training.olis.yaml: what it accepts, its default, what it does")
      ->callback([&ctx] {
        ctx.exit_code = olis::cli::run_guarded([] {
          std::cout << olis::jobs::settings_reference_markdown();
          return 0;
        });
      });
}};

}  // namespace
