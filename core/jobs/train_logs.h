#pragma once
// The logs a training run writes beside its checkpoints, with their readers (the Train tab, olis-cli and
// the tests read them back):
//   <output>/metrics.jsonl                       one JSON object per step: step, loss, smoothed_loss, lr,
//                                                grad_norm, skipped (a loss that was not finite is null)
//   <output>/validation/step-XXXXXXXX/NN.png     the validation images of a round
//   <output>/validation/step-XXXXXXXX/prompts.tsv  one line per image: file <tab> seed <tab> prompt
//   <output>/validation/step-XXXXXXXX/parameters.json  how they were sampled: {"sampler", "steps", "guidance",
//                                                "width", "height", "negative_prompt", "precision"}; written last,
//                                                so it marks a finished round (compare grids reuse only those)
// Writes are atomic (a crash leaves the old file or the new one).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis::jobs {

inline constexpr const char* kStepMetricsFileName = "metrics.jsonl";
inline constexpr const char* kValidationListingName = "prompts.tsv";
inline constexpr const char* kValidationParametersFile = "parameters.json";

struct StepMetrics {
  int64_t step = 0;            // steps done
  double loss = 0;             // NaN when the step's loss was not finite
  double smoothed_loss = 0;    // NaN when not recorded
  double lr = 0;
  double grad_norm = 0;
  bool skipped = false;        // the update was skipped (gradients not finite)
};

// One line of metrics.jsonl, with its newline.
std::string step_metrics_line(const StepMetrics& m);
// Appends lines made by step_metrics_line to <output_dir>/metrics.jsonl (the file is rewritten atomically).
void append_step_metrics(const std::filesystem::path& output_dir, const std::string& lines);
// Every step of <output_dir>/metrics.jsonl in file order. A missing file is an empty log; a line that is not
// a JSON object with a numeric "step" is an error naming the file and the line.
Expected<std::vector<StepMetrics>> read_step_metrics(const std::filesystem::path& output_dir);

struct ValidationImage {
  std::string file;  // e.g. "00.png", relative to the round's folder
  uint64_t seed = 0;
  std::string prompt;
};

struct ValidationRound {
  int64_t step = 0;
  std::filesystem::path dir;           // <output>/validation/step-XXXXXXXX
  std::vector<ValidationImage> images; // from prompts.tsv, in column order
  std::string problem;                 // why prompts.tsv could not be read; empty when it could
  nlohmann::json parameters;           // parameters.json (read_validation_round); null when there is none
};

// <output_dir>/validation/step-XXXXXXXX
std::filesystem::path validation_round_dir(const std::filesystem::path& output_dir, int64_t step);
// Writes <round_dir>/prompts.tsv atomically.
void write_validation_listing(const std::filesystem::path& round_dir, const std::vector<ValidationImage>& images);
// Reads <round_dir>/prompts.tsv. A missing file is an empty round; a malformed line is an error naming the file
// and the line.
Expected<std::vector<ValidationImage>> read_validation_listing(const std::filesystem::path& round_dir);
// Every validation round of a run, by step (folders not named step-N are ignored). A round whose listing
// cannot be read has no images and says why in `problem`.
std::vector<ValidationRound> list_validation_rounds(const std::filesystem::path& output_dir);
// Steps of the rounds under <output_dir>/validation, ascending.
std::vector<int64_t> list_validation_steps(const std::filesystem::path& output_dir);
// Writes <round_dir>/parameters.json atomically (last: it marks the round finished).
void write_validation_parameters(const std::filesystem::path& round_dir, const nlohmann::json& parameters);
// One round: prompts.tsv (which must exist) and parameters.json. Errors name the file.
Expected<ValidationRound> read_validation_round(const std::filesystem::path& round_dir);

}  // namespace olis::jobs
