#pragma once
// Subcommand registry of olis-cli. A cmd_*.cpp file registers its subcommand with
//   static olis::cli::Registrar reg{"doctor", [](CLI::App& root, olis::cli::Context& ctx) { ... }};
// and sets ctx.exit_code from its callback. main() builds the App from the registry in name order.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace olis::cli {

struct Context {
  int exit_code = 0;
};

using Setup = std::function<void(CLI::App& root, Context& ctx)>;

struct Command {
  std::string name;
  Setup setup;
};

std::vector<Command>& registry();

struct Registrar {
  Registrar(std::string name, Setup setup) { registry().push_back({std::move(name), std::move(setup)}); }
};

// Runs body, turning an olis::Error or std::exception into a message on stderr and exit code 1.
int run_guarded(const std::function<int()>& body);

}  // namespace olis::cli
