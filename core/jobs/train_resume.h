#pragma once
// What a resumed training run must check, trim and redo, so that it ends as an uninterrupted run would:
// - the checkpoint's settings (its fingerprint) must be this run's; a different number of steps is fine when
//   the steps done had the learning rates the new number gives them (constant schedule: always), so a
//   finished run can be extended with `--steps N`; anything else is refused, in words;
// - the step logs (metrics.jsonl, checkpoints/eval_metrics.jsonl) are cut back to the checkpoint's step:
//   lines written after it belong to steps the run redoes (a checkpoint write that was killed, failed for a
//   full disk, or left an unreadable file), so each step ends up logged exactly once;
// - a validation round at the checkpoint's step that a kill interrupted is redone (same images, same scores).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/training/lr_schedule.h"
#include "core/training/train_data.h"
#include "core/util/error.h"

namespace olis::jobs {

// The settings a checkpoint records; a run resumes only from a checkpoint of compatible settings.
nlohmann::json run_fingerprint(int64_t total_steps, uint64_t seed, std::size_t instance_count, std::size_t reg_count,
                               const training::LrSchedule& schedule);

// Why a run with the settings `current` cannot resume from a checkpoint of step `checkpoint_step` made with
// `saved` (a sentence for people); nullopt when it can. Keys missing from `saved` (written by an older Olis)
// are not compared.
std::optional<std::string> resume_refusal(const nlohmann::json& saved, const nlohmann::json& current,
                                          int64_t checkpoint_step);

// The data order of a resumed run: the checkpoint's when the number of steps is unchanged, else `fresh` (made
// for the new number), whose first `steps_done` entries must equal the checkpoint's. Throws olis::Error if not.
training::DataOrder resumed_data_order(const training::DataOrder& saved, training::DataOrder fresh, int64_t steps_done);

struct StepLogTrim {
  std::size_t removed_lines = 0;
  nlohmann::json last_record;  // the kept record of the highest step; null when none is left
};

// Cuts a JSON Lines log of objects with a numeric "step" back to the steps <= last_step, each step once (the
// newest line of a step wins), in step order; lines that are not such objects are dropped too. The file is
// rewritten atomically, and only when something changes; a missing file is an empty log.
Expected<StepLogTrim> trim_step_log(const std::filesystem::path& file, int64_t last_step);

// Whether the validation round of `step` finished: its listing (prompts.tsv, written after the images)
// exists and, when the round is scored (`eval_log` not empty), the metric log holds the step.
bool validation_round_finished(const std::filesystem::path& round_dir, const std::filesystem::path& eval_log,
                               int64_t step);

}  // namespace olis::jobs
