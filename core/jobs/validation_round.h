#pragma once
// The files of one validation round of a training run (written by TrainJob), <output>/validation/step-XXXXXXXX/:
//   NN.png           the images
//   prompts.tsv      one line per image: NN.png <tab> seed <tab> prompt
//   parameters.json  how they were sampled: {"sampler", "steps", "guidance", "width", "height",
//                    "negative_prompt", "precision"}; written last, so it marks a finished round (runs made
//                    before Olis wrote it have none, and their images are not reused by compare grids)
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace olis::jobs {

inline constexpr const char* kValidationPromptsFile = "prompts.tsv";
inline constexpr const char* kValidationParametersFile = "parameters.json";

struct ValidationImage {
  std::filesystem::path path;
  uint64_t seed = 0;
  std::string prompt;
};

struct ValidationRound {
  int64_t step = 0;
  std::filesystem::path dir;
  std::vector<ValidationImage> images;
  nlohmann::json parameters;  // null when the round has no parameters.json
};

std::filesystem::path validation_round_dir(const std::filesystem::path& output_dir, int64_t step);
// Steps of the rounds under <output_dir>/validation, ascending.
std::vector<int64_t> list_validation_steps(const std::filesystem::path& output_dir);
// Reads prompts.tsv and parameters.json of a round folder (step from the folder name). Errors name the file.
Expected<ValidationRound> read_validation_round(const std::filesystem::path& dir);

}  // namespace olis::jobs
