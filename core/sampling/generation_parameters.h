#pragma once
// Generation settings in AUTOMATIC1111's "parameters" text format, which A1111, ComfyUI, Civitai and
// image viewers read from a PNG's text chunk:
//   <prompt>
//   Negative prompt: <negative>
//   Steps: 50, Sampler: DDIM, CFG scale: 7.5, Seed: 1, Size: 512x512, Model hash: 6ce0161689, Model: sd15
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/util/error.h"

namespace olis::sampling {

struct GenerationInfo {
  std::string prompt;
  std::string negative_prompt;
  int steps = 0;
  std::string sampler;  // A1111 name: "DDIM", "Euler", "DPM++ 2M", "DPM++ 2M Karras"
  double cfg_scale = 0;
  uint64_t seed = 0;
  int width = 0;
  int height = 0;
  std::string model_hash;  // empty: omitted
  std::string model_name;  // empty: omitted
  // Further "Key: value" pairs in order (e.g. {"Lora hashes", ...}, {"Batch size", "2"}); values are quoted
  // on output when they hold ',', ':' or a newline, as A1111 does.
  std::vector<std::pair<std::string, std::string>> extra;
};

std::string format_a1111_parameters(const GenerationInfo& info);
// Reads text written by format_a1111_parameters or by A1111 itself. Unknown keys land in `extra`.
Expected<GenerationInfo> parse_a1111_parameters(const std::string& text);

}  // namespace olis::sampling
