#pragma once
// Names of the original CompVis/LDM (and SGM, for SDXL) UNet and VAE modules, and their diffusers
// equivalents. All renaming of single-file keys happens through these functions and the tables in
// ldm_names.cpp; model code only ever sees diffusers names.
#include <optional>
#include <string>
#include <vector>

namespace olis::io {

struct LdmUnetLayout {
  int layers_per_block = 2;                 // resnets per down block (up blocks have one more)
  std::vector<bool> up_block_has_attention;  // per diffusers up block; decides the upsampler's sub-index
};

// Layout from the keys of a single-file UNet (with or without the "model.diffusion_model." prefix).
LdmUnetLayout detect_ldm_unet_layout(const std::vector<std::string>& ldm_keys);
// Layout from the keys of a diffusers UNet state dict.
LdmUnetLayout detect_diffusers_unet_layout(const std::vector<std::string>& diffusers_keys);

// "input_blocks.1.1.proj_in.weight" -> "down_blocks.0.attentions.0.proj_in.weight" (no prefix on either side).
// Works for full keys and for module paths. nullopt when the name is not part of an LDM UNet.
std::optional<std::string> ldm_unet_to_diffusers(const std::string& ldm_name, const LdmUnetLayout& layout);
// The inverse: "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q" -> "input_blocks.4.1.transformer_blocks.0.attn1.to_q".
std::optional<std::string> diffusers_unet_to_ldm(const std::string& diffusers_name, const LdmUnetLayout& layout);

// VAE: "decoder.up.0.block.1.conv1.weight" -> "decoder.up_blocks.3.resnets.1.conv1.weight" given the number of
// decoder up blocks. Mid-block attention keys are renamed here; their reshape is the caller's business.
std::optional<std::string> ldm_vae_to_diffusers(const std::string& ldm_name, int num_up_blocks);
int detect_ldm_vae_up_blocks(const std::vector<std::string>& ldm_keys);

}  // namespace olis::io
