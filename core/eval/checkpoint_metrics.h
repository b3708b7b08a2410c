#pragma once
// The sweep during training: metrics of each checkpoint's validation images, kept as JSON Lines next
// to the checkpoints (`eval_metrics.jsonl`, one object per evaluated checkpoint), and the rule that
// suggests which checkpoint to keep.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/eval_report.h"
#include "core/eval/evaluator.h"
#include "core/util/error.h"

namespace olis::eval {

inline constexpr const char* kMetricsLogName = "eval_metrics.jsonl";

struct CheckpointMetrics {
  int64_t step = 0;        // training step of the checkpoint
  std::string checkpoint;  // its path or name, as the training job names it
  double dino = kNoScore;
  double clip_i = kNoScore;
  double clip_t = kNoScore;
  double clip_t_object = kNoScore;
  int64_t images = 0;      // validation images scored
};

nlohmann::json to_json(const CheckpointMetrics& m);
Expected<CheckpointMetrics> checkpoint_metrics_from_json(const nlohmann::json& j, const std::string& label);

// Appends one line to a JSON Lines file (the whole file is rewritten atomically, so a crash never leaves
// a torn line). A record with the same step replaces the old one (a resumed run re-evaluates a step).
void append_metrics_log(const std::filesystem::path& file, const CheckpointMetrics& m);
// All records, sorted by step. A missing file is an empty log; a bad line is an error naming the line.
Expected<std::vector<CheckpointMetrics>> read_metrics_log(const std::filesystem::path& file);

// Scores one checkpoint's validation images (generated with fixed seeds from the validation prompts)
// against the subject's photos.
CheckpointMetrics evaluate_checkpoint(Evaluator& evaluator, int64_t step, const std::string& checkpoint,
                                      const SubjectInput& validation, const EvalOptions& options = {});

// Best-checkpoint rule (documented in the README): among checkpoints with DINO and CLIP-T, take those whose
// CLIP-T is within `clip_t_margin` of the best CLIP-T, and among them the highest DINO; a tie goes to the
// earlier step (less training, less overfitting). Without any CLIP-T, the highest DINO; without any DINO,
// nothing is suggested.
struct BestCheckpointRule {
  double clip_t_margin = 0.01;  // absolute, in cosine units
};
std::optional<size_t> suggest_best_checkpoint(const std::vector<CheckpointMetrics>& records,
                                              const BestCheckpointRule& rule = {});
// The rule over the records whose checkpoint file still exists in `checkpoint_dir` (a validation step
// between checkpoints has none, and keep_last may have removed older ones). Returns that record.
std::optional<CheckpointMetrics> suggest_existing_checkpoint(const std::vector<CheckpointMetrics>& records,
                                                             const std::filesystem::path& checkpoint_dir,
                                                             const BestCheckpointRule& rule = {});

}  // namespace olis::eval
