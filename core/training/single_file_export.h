#pragma once
// diffusers components -> one CompVis/LDM single file (the layout A1111, ComfyUI and stable-diffusion.cpp
// load), the inverse of io::convert_single_file:
//   unet -> model.diffusion_model.<LDM/SGM name>        vae -> first_stage_model.<LDM name> (mid attention as 1x1 convs)
//   SD 1.x text_encoder -> cond_stage_model.transformer.<HF name>
//   SD 2.x text_encoder -> cond_stage_model.model.<OpenCLIP name> (q/k/v fused into in_proj)
//   SDXL text_encoder -> conditioner.embedders.0.transformer.<HF name>, text_encoder_2 -> conditioner.embedders.1.model.<OpenCLIP>
// `original` (optional): the base model's own single file; keys the diffusers components cannot express
// (SD 2's unused last text block, logit_scale, ...) are copied from it.
#include <map>
#include <string>

#include "core/io/model_family.h"
#include "core/io/safetensors.h"

namespace olis::training {

// Throws olis::Error naming a key that has no single-file name.
io::TensorMap diffusers_to_single_file(const std::map<std::string, io::TensorMap>& components, io::ModelFamily family,
                                       const io::TensorMap* original = nullptr);

}  // namespace olis::training
