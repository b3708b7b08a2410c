// olis-cli doctor: prints the environment a bug report needs.
#include <iostream>

#include "app/cli/command.h"
#include "core/system/doctor.h"

namespace {

olis::cli::Registrar reg{"doctor", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand("doctor", "Print versions, devices, BLAS speed, threads and memory for bug reports");
  auto size = std::make_shared<int>(512);
  cmd->add_option("--matmul-size", *size, "Matrix size of the BLAS speed test")->check(CLI::Range(64, 4096));
  cmd->callback([&ctx, size] {
    ctx.exit_code = olis::cli::run_guarded([&] {
      olis::system::DoctorOptions opts;
      opts.matmul_size = *size;
      auto report = olis::system::collect_environment(opts);
      std::cout << olis::system::format_report(report);
      return 0;
    });
  });
}};

}  // namespace
