#pragma once
// Single-file CompVis/LDM checkpoints (as A1111 and ComfyUI keep them) converted to diffusers components.
//   SD 1.x: model.diffusion_model.*, first_stage_model.*, cond_stage_model.transformer.* (HF CLIP names)
//   SD 2.x: cond_stage_model.model.* (OpenCLIP names; the last block, text_projection, logit_scale unused)
//   SDXL:   conditioner.embedders.0.transformer.* (HF names), conditioner.embedders.1.model.* (OpenCLIP bigG)
#include <map>
#include <string>
#include <vector>

#include "core/io/model_family.h"
#include "core/io/safetensors.h"

namespace olis::io {

struct ConvertedCheckpoint {
  ModelFamily family = ModelFamily::Unknown;
  std::map<std::string, TensorMap> components;  // "unet", "vae", "text_encoder", "text_encoder_2"
  std::vector<std::string> ignored_keys;        // in the file, not part of any diffusers component
};

// Family from key names and shapes only (no tensor data read).
ModelFamily detect_single_file_family(const std::vector<TensorInfo>& tensors);

// Converts every key. Tensors are views of the input where the operation allows it (renames, splits,
// transposes, reshapes). Throws olis::Error when a key cannot be placed in a component it belongs to.
ConvertedCheckpoint convert_single_file(const TensorMap& ldm, ModelFamily family, const std::string& label);

}  // namespace olis::io
