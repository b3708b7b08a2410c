#include "core/jobs/run_history.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/jobs/train_logs.h"
#include "core/training/checkpoint.h"

namespace olis::jobs {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "previous-run-";

// N of previous-run-N, or 0 for another name.
int run_number(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.rfind(kPrefix, 0) != 0) return 0;
  const std::string digits = name.substr(std::string(kPrefix).size());
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(digits);
}

}  // namespace

std::vector<fs::path> previous_runs(const fs::path& output_dir) {
  std::vector<std::pair<int, fs::path>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(output_dir, ec))
    if (int n = run_number(e.path()); n > 0 && e.is_directory(ec)) found.emplace_back(n, e.path());
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& [n, p] : found) out.push_back(std::move(p));
  return out;
}

Expected<fs::path> set_run_aside(const fs::path& output_dir) {
  std::vector<fs::path> parts;
  std::error_code ec;
  for (const char* name : {"checkpoints", kStepMetricsFileName, "validation", "export"})
    if (fs::exists(output_dir / name, ec)) parts.push_back(output_dir / name);
  if (parts.empty()) return fs::path();
  int next = 1;
  for (const auto& p : previous_runs(output_dir)) next = std::max(next, run_number(p) + 1);
  const fs::path aside = output_dir / fmt::format("{}{}", kPrefix, next);
  fs::create_directories(aside, ec);
  if (ec) return fail(fmt::format("{}: cannot create the folder ({})", aside.string(), ec.message()));
  for (const auto& p : parts) {
    fs::rename(p, aside / p.filename(), ec);
    if (ec) return fail(fmt::format("{}: cannot move it to {} ({})", p.string(), aside.string(), ec.message()));
  }
  return aside;
}

namespace {

std::optional<int64_t> step_in_name(const std::string& name) {
  const auto first = name.find_first_of("0123456789");
  if (first == std::string::npos) return std::nullopt;
  const auto last = name.find_first_not_of("0123456789", first);
  const std::string digits = name.substr(first, last == std::string::npos ? std::string::npos : last - first);
  if (digits.size() > 18) return std::nullopt;
  return std::stoll(digits);
}

// The usable files of one export folder: a kohya LoRA, or a full model as one file.
void add_exports(const fs::path& dir, std::optional<int64_t> step, int run, std::vector<RunResult>& out) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "lora_kohya.safetensors", ec))
    out.push_back({RunResultKind::Lora, dir / "lora_kohya.safetensors", step, run});
  else if (fs::is_regular_file(dir / "model.safetensors", ec))
    out.push_back({RunResultKind::FullModel, dir / "model.safetensors", step, run});
}

void add_run(const fs::path& run_dir, int run, std::vector<RunResult>& out) {
  const fs::path export_dir = run_dir / "export";
  add_exports(export_dir, std::nullopt, run, out);  // the end of training
  std::vector<std::pair<int64_t, fs::path>> steps;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(export_dir, ec))
    if (e.is_directory(ec) && e.path().filename() != "diffusers")
      steps.emplace_back(step_in_name(e.path().filename().string()).value_or(-1), e.path());
  std::sort(steps.begin(), steps.end());
  for (const auto& [step, dir] : steps) add_exports(dir, step >= 0 ? std::optional<int64_t>(step) : std::nullopt, run, out);
}

}  // namespace

std::vector<RunResult> list_run_results(const fs::path& output_dir) {
  std::vector<RunResult> out;
  add_run(output_dir, 0, out);
  for (const auto& c : training::list_checkpoints(output_dir / "checkpoints")) {
    const bool exported = std::any_of(out.begin(), out.end(), [&c](const RunResult& r) { return r.step == c.step; });
    if (!exported) out.push_back({RunResultKind::Checkpoint, c.path, c.step, 0});
  }
  auto previous = previous_runs(output_dir);
  for (auto it = previous.rbegin(); it != previous.rend(); ++it) add_run(*it, run_number(*it), out);
  return out;
}

}  // namespace olis::jobs
