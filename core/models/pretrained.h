#pragma once
// Loading the image models of a base model opened with io::ModelSource (diffusers folder or single file):
// the config comes from the component's config.json when there is one, else it is detected from the tensor
// shapes with the conventions of the detected family (SD 1.x: 8 heads; SD 2.x/SDXL: 64 channels per head;
// SDXL VAE scaling factor 0.13025).
#include <torch/torch.h>

#include "core/io/model_source.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/lora.h"
#include "core/models/unet_2d_condition.h"

namespace olis::models {

UNetConfig unet_config_for(const io::ModelSource& source, const io::TensorMap& unet_tensors);
VaeConfig vae_config_for(const io::ModelSource& source, const io::TensorMap& vae_tensors);

// Throws olis::Error naming the model path when the component is missing or does not match its config.
UNet2DConditionModel load_unet(const io::ModelSource& source, const Placement& placement = {});
AutoencoderKL load_vae(const io::ModelSource& source, const Placement& placement = {});

// The UNet as a LoRA target: kohya names in both the diffusers-path spelling (SD 1.x files) and the
// LDM/SGM-path spelling (SDXL files: lora_unet_input_blocks_4_1_...).
LoraTargetTree lora_target(UNet2DConditionModel& unet);

}  // namespace olis::models
