#pragma once
// Starting over without losing anything: the current run of an output folder (checkpoints, logs, validation
// images, exports) moves to <output>/previous-run-N/, so that the next training starts clean and the old
// results stay where a user can find them (the Generate tab still offers their exports).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/util/error.h"

namespace olis::jobs {

// Moves checkpoints/, metrics.jsonl, validation/ and export/ of `output_dir` into a new previous-run-N/
// folder (N one past the highest existing). Returns that folder; empty when there was nothing to move.
// Errors name the file that could not be moved (what was moved before stays moved, in the new folder).
Expected<std::filesystem::path> set_run_aside(const std::filesystem::path& output_dir);

// The previous-run-N/ folders of an output folder, oldest first.
std::vector<std::filesystem::path> previous_runs(const std::filesystem::path& output_dir);

// What a project's training produced, as the Generate tab offers it.
enum class RunResultKind {
  Lora,        // an exported LoRA (lora_kohya.safetensors): applied to the base model
  FullModel,   // an exported full fine-tune (model.safetensors): used instead of the base model
  Checkpoint,  // a kept checkpoint not exported yet: export_checkpoint() makes it usable
};
struct RunResult {
  RunResultKind kind = RunResultKind::Lora;
  std::filesystem::path path;   // the file to use; for a checkpoint, the checkpoint file
  std::optional<int64_t> step;  // the training step, when known (export/step-N, checkpoints)
  int previous_run = 0;         // 0: the current run; N: previous-run-N
};
// The current run's exports (export/ and its subfolders such as export/step-N), its kept checkpoints that have
// no export yet, then the exports of the previous runs, newest run first.
std::vector<RunResult> list_run_results(const std::filesystem::path& output_dir);

}  // namespace olis::jobs
