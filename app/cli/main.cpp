#include <algorithm>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/cli/command.h"
#include "core/system/threads.h"
#include "core/util/error.h"
#include "olis/version.h"

namespace olis::cli {

std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}

int run_guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const olis::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace olis::cli

int main(int argc, char** argv) {
  CLI::App app{"olis-cli: personalize Stable Diffusion models from a few photos (Olis " OLIS_VERSION_STRING ")"};
  app.set_version_flag("--version", std::string("olis-cli ") + OLIS_VERSION_STRING);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log more detail");
  int threads = 0;
  app.add_option("--threads", threads, "CPU threads per operation (default: every core this process may use)")
      ->check(CLI::Range(0, 4096));
  olis::cli::Context ctx;
  auto& commands = olis::cli::registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const auto& c : commands) c.setup(app, ctx);
  app.parse_complete_callback([&] {
    spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
    olis::system::set_compute_threads(threads);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ctx.exit_code;
}
