#pragma once
// Small random image models for unit tests that need no fixtures.
#include "core/models/autoencoder_kl.h"
#include "core/models/state_dict.h"
#include "core/models/unet_2d_condition.h"

namespace olis::test {

inline models::UNetConfig tiny_unet_config(bool sdxl = false) {
  models::UNetConfig c;
  c.block_out_channels = {8, 16};
  c.down_block_types = {"CrossAttnDownBlock2D", "DownBlock2D"};
  c.up_block_types = {"UpBlock2D", "CrossAttnUpBlock2D"};
  c.layers_per_block = {1, 1};
  c.transformer_layers_per_block = {1, 1};
  c.reverse_transformer_layers_per_block = {1, 1};
  c.only_cross_attention = {false, false};
  c.num_attention_heads = {2, 2};
  c.cross_attention_dim = {12, 12};
  c.norm_num_groups = 4;
  if (sdxl) {
    c.use_linear_projection = true;
    c.addition_embed_type = "text_time";
    c.addition_time_embed_dim = 4;
    c.projection_class_embeddings_input_dim = 6 * 4 + 10;
  }
  return c;
}

inline models::UNet2DConditionModel tiny_unet(uint64_t seed = 1, bool sdxl = false) {
  models::UNet2DConditionModel unet(tiny_unet_config(sdxl));
  models::init_random(*unet, seed, 0.2);
  unet->eval();
  return unet;
}

inline models::VaeConfig tiny_vae_config() {
  models::VaeConfig c;
  c.block_out_channels = {8, 8, 16, 16};
  c.layers_per_block = 1;
  c.norm_num_groups = 4;
  return c;
}

inline models::AutoencoderKL tiny_vae(uint64_t seed = 2) {
  models::AutoencoderKL vae(tiny_vae_config());
  models::init_random(*vae, seed, 0.2);
  vae->eval();
  return vae;
}

}  // namespace olis::test
