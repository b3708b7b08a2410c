#include "core/jobs/train_resume.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Settings in the order and words a message names them.
struct FingerprintKey {
  const char* key;
  const char* words;
};
constexpr FingerprintKey kKeys[] = {{"seed", "seed"},
                                    {"instance_count", "number of photos"},
                                    {"reg_count", "number of regularization images"},
                                    {"lr", "learning rate"},
                                    {"schedule", "learning-rate schedule"},
                                    {"warmup_steps", "number of warmup steps"}};

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
  return v.dump();
}

training::LrSchedule schedule_of(const json& fp, const json& fallback) {
  auto get = [&](const char* key) -> const json& { return fp.contains(key) ? fp.at(key) : fallback.at(key); };
  training::LrSchedule s;
  s.kind = training::parse_lr_schedule(get("schedule").get<std::string>()).value_or(training::LrScheduleKind::Constant);
  s.base_lr = get("lr").get<double>();
  s.warmup_steps = get("warmup_steps").get<int64_t>();
  s.total_steps = get("total_steps").get<int64_t>();
  return s;
}

}  // namespace

json run_fingerprint(int64_t total_steps, uint64_t seed, std::size_t instance_count, std::size_t reg_count,
                     const training::LrSchedule& schedule) {
  return json{{"total_steps", total_steps},    {"seed", std::to_string(seed)},
              {"instance_count", instance_count}, {"reg_count", reg_count},
              {"lr", schedule.base_lr},           {"schedule", training::to_string(schedule.kind)},
              {"warmup_steps", schedule.warmup_steps}};
}

std::optional<std::string> resume_refusal(const json& saved, const json& current, int64_t checkpoint_step) {
  if (!saved.is_object()) return std::string("the checkpoint records no settings, so Olis cannot tell whether it belongs to this run");
  std::vector<std::string> differences;
  for (const auto& k : kKeys)
    if (saved.contains(k.key) && current.contains(k.key) && saved.at(k.key) != current.at(k.key))
      differences.push_back(fmt::format("{} {} (this run: {})", k.words, value_text(saved.at(k.key)),
                                        value_text(current.at(k.key))));
  if (!differences.empty()) {
    std::string list;
    for (const auto& d : differences) list += (list.empty() ? "" : ", ") + d;
    return fmt::format("it was made with other settings: {}. Train into another output folder (output_dir), or move "
                       "the checkpoints folder away to start over",
                       list);
  }
  const int64_t saved_total = saved.value("total_steps", int64_t{0});
  const int64_t total = current.at("total_steps").get<int64_t>();
  if (saved_total == total) return std::nullopt;
  if (checkpoint_step > total)
    return fmt::format("it is at step {}, past the {} steps this run asks for. Export that checkpoint instead, or ask "
                       "for at least {} steps",
                       checkpoint_step, total, checkpoint_step);
  // The steps done must have had the learning rates a run of `total` steps gives them; then the resumed run
  // equals that run (the data order and the noise are functions of the step, not of the total).
  const auto before = schedule_of(saved, current);
  const auto after = schedule_of(current, current);
  for (int64_t s = 0; s < checkpoint_step; ++s) {
    if (before.lr_at(s) == after.lr_at(s)) continue;
    return fmt::format(
        "the run was made for {} steps with a {} learning-rate schedule, which depends on the number of steps: step "
        "{} was trained with a learning rate of {:.4g}, where a run of {} steps uses {:.4g}. Continuing it cannot give "
        "what a {}-step run gives. Start a new run with {} steps (in another output folder, or after moving the "
        "checkpoints folder away), or use lr_schedule: constant, whose runs can be extended",
        saved_total, training::to_string(before.kind), s + 1, before.lr_at(s), total, after.lr_at(s), total, total);
  }
  return std::nullopt;
}

training::DataOrder resumed_data_order(const training::DataOrder& saved, training::DataOrder fresh, int64_t steps_done) {
  if (saved.instance.size() == fresh.instance.size()) return saved;
  auto same_prefix = [steps_done](const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    if (b.empty() && a.empty()) return true;
    const auto n = static_cast<std::size_t>(steps_done);
    return a.size() >= n && b.size() >= n && std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin());
  };
  if (!same_prefix(saved.instance, fresh.instance) || !same_prefix(saved.reg, fresh.reg))
    throw Error(fmt::format("the checkpoint's data order differs from the one this Olis makes for the first {} steps "
                            "(it was made by another version); it cannot be continued with another number of steps",
                            steps_done));
  return fresh;
}

Expected<StepLogTrim> trim_step_log(const fs::path& file, int64_t last_step) {
  StepLogTrim out;
  std::error_code ec;
  if (!fs::exists(file, ec)) return out;
  auto text = read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  std::map<int64_t, std::string> kept;  // step -> its newest line
  std::size_t lines = 0;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++lines;
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("step") || !j.at("step").is_number_integer()) continue;
    const auto step = j.at("step").get<int64_t>();
    if (step <= last_step) kept[step] = line;
  }
  std::string trimmed;
  for (const auto& [step, l] : kept) trimmed += l + "\n";
  out.removed_lines = lines - kept.size();
  if (!kept.empty()) out.last_record = json::parse(kept.rbegin()->second);
  if (trimmed != *text) {
    try {
      write_file_atomic(file, trimmed);
    } catch (const Error& e) {
      return fail(e.what());
    }
  }
  return out;
}

bool validation_round_finished(const fs::path& round_dir, const fs::path& eval_log, int64_t step) {
  std::error_code ec;
  if (!fs::exists(round_dir / "prompts.tsv", ec)) return false;
  if (eval_log.empty()) return true;
  auto text = read_text_file(eval_log);
  if (!text) return false;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("step") && j.at("step").is_number_integer() && j.at("step").get<int64_t>() == step)
      return true;
  }
  return false;
}

}  // namespace olis::jobs
