// olis-cli personalize PROJECT...: the one-click chain (suggested captions, regularization set, training
// with the sweep, export of the suggested checkpoint, sample grid) for each project, resumable. With
// --devices cuda:0,cuda:1 the projects are shared among the devices, one chain per device at a time.
#include <atomic>
#include <csignal>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/cli/command.h"
#include "core/jobs/personalize_job.h"

namespace {

namespace fs = std::filesystem;
using namespace olis::jobs;

struct PersonalizeArgs {
  std::vector<std::string> projects;
  std::vector<std::string> devices;
  bool no_captions = false;
};

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted.store(true); }

int run_personalize(const PersonalizeArgs& a) {
  std::deque<std::string> queue(a.projects.begin(), a.projects.end());
  std::vector<std::string> devices = a.devices;
  if (devices.empty()) devices.push_back("");  // the projects' own setting
  std::mutex mutex;  // guards queue, output and results
  std::vector<std::pair<std::string, std::string>> results;  // project, outcome
  bool all_ok = true;
  std::vector<std::shared_ptr<CancelToken>> tokens;
  for (std::size_t i = 0; i < devices.size(); ++i) tokens.push_back(std::make_shared<CancelToken>());
  g_interrupted.store(false);
  auto previous = std::signal(SIGINT, on_interrupt);
  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    while (!finished.load()) {
      if (g_interrupted.load())
        for (auto& t : tokens) t->request_cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  auto lane = [&](std::size_t index) {
    const std::string device = devices[index];
    for (;;) {
      std::string project;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (queue.empty() || tokens[index]->cancelled()) return;
        project = queue.front();
        queue.pop_front();
      }
      const std::string name = fs::absolute(project).lexically_normal().filename().string();
      const std::string tag = devices.size() > 1 ? fmt::format("[{} on {}] ", name, device) : fmt::format("[{}] ", name);
      PersonalizeOptions o;
      o.device = device;
      o.suggest_captions = !a.no_captions;
      o.on_stage = [&, tag](PersonalizeStage stage, const StageRecord& r) {
        std::lock_guard<std::mutex> lock(mutex);
        std::cerr << tag << to_string(stage) << ": " << to_string(r.state) << (r.message.empty() ? "" : " (" + r.message + ")") << "\n";
      };
      PersonalizeJob job(project, o);
      JobCallbacks cb;
      cb.log = [&, tag](const std::string& line) {
        std::lock_guard<std::mutex> lock(mutex);
        std::cerr << tag << line << "\n";
      };
      const auto result = run_job_safely(job, cb, *tokens[index]);
      std::lock_guard<std::mutex> lock(mutex);
      std::string outcome;
      switch (result.outcome) {
        case JobOutcome::Succeeded: {
          const auto& st = job.state();
          outcome = "done";
          if (st.exported_step) outcome += fmt::format(", exported step {}", *st.exported_step);
          for (const auto& e : st.exported) outcome += fmt::format("\n  {}: {}", e.format, e.path.string());
          if (!st.grid.empty()) outcome += "\n  grid: " + st.grid.string();
          break;
        }
        case JobOutcome::Cancelled:
          outcome = "stopped; run the same command again to continue";
          all_ok = false;
          break;
        case JobOutcome::Failed:
          outcome = "failed: " + result.message;
          all_ok = false;
          break;
      }
      results.emplace_back(project, outcome);
    }
  };
  std::vector<std::thread> lanes;
  for (std::size_t i = 0; i < devices.size(); ++i) lanes.emplace_back(lane, i);
  for (auto& t : lanes) t.join();
  finished.store(true);
  watcher.join();
  std::signal(SIGINT, previous);
  for (const auto& [project, outcome] : results) std::cout << project << ": " << outcome << "\n";
  for (const auto& p : queue) std::cout << p << ": not started\n";
  if (g_interrupted.load()) return 130;
  return all_ok && queue.empty() ? 0 : 1;
}

olis::cli::Registrar reg{"personalize", [](CLI::App& root, olis::cli::Context& ctx) {
  auto* cmd = root.add_subcommand(
      "personalize",
      "Personalize each project in one go: suggested captions, regularization set, training with the sweep, export "
      "of the suggested checkpoint, sample grid (resumable)");
  auto a = std::make_shared<PersonalizeArgs>();
  cmd->add_option("PROJECT", a->projects, "Project folders (project.olis.yaml + training.olis.yaml)")->required();
  cmd->add_option("--devices,--device", a->devices,
                  "Devices to run on, one chain per device at a time, e.g. cuda:0,cuda:1 (default: each project's setting)")
      ->delimiter(',');
  cmd->add_flag("--no-captions", a->no_captions, "Do not suggest captions for photos without one");
  cmd->callback([&ctx, a] { ctx.exit_code = olis::cli::run_guarded([&] { return run_personalize(*a); }); });
}};

}  // namespace
