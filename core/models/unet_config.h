#pragma once
// Configuration of UNet2DConditionModel: read from diffusers' unet/config.json or detected from the tensor
// shapes of a checkpoint (single files carry no config).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/util/error.h"

namespace olis::models {

enum class UNetFamily { SD1, SD2, SDXL, Other };
std::string to_string(UNetFamily f);

// GroupNorm groups are not visible in shapes: 32 (every real SD model) when all channel counts are multiples
// of 32, else the largest divisor of their gcd that is at most half the first count (tiny test models).
int64_t guess_norm_groups(const std::vector<int64_t>& channels);

struct UNetConfig {
  int64_t in_channels = 4;
  int64_t out_channels = 4;
  int64_t sample_size = 64;
  bool center_input_sample = false;
  bool flip_sin_to_cos = true;
  double freq_shift = 0;
  std::vector<std::string> down_block_types;  // "CrossAttnDownBlock2D" | "DownBlock2D"
  std::vector<std::string> up_block_types;    // "CrossAttnUpBlock2D" | "UpBlock2D"
  std::string mid_block_type = "UNetMidBlock2DCrossAttn";  // or "" (no mid block)
  std::vector<int64_t> block_out_channels;
  std::vector<int64_t> layers_per_block;                     // per down block
  int64_t downsample_padding = 1;
  double mid_block_scale_factor = 1.0;
  int64_t norm_num_groups = 32;
  double norm_eps = 1e-5;
  std::vector<int64_t> cross_attention_dim;                  // per down block
  std::vector<int64_t> transformer_layers_per_block;         // per down block (mid uses the last)
  std::vector<int64_t> reverse_transformer_layers_per_block; // per up block
  std::vector<int64_t> num_attention_heads;                  // per down block (config's attention_head_dim quirk)
  bool use_linear_projection = false;
  bool upcast_attention = false;
  std::vector<bool> only_cross_attention;                    // per down block
  std::string addition_embed_type;                           // "" or "text_time" (SDXL)
  int64_t addition_time_embed_dim = 0;
  int64_t projection_class_embeddings_input_dim = 0;
  int64_t conv_in_kernel = 3;
  int64_t conv_out_kernel = 3;
  int64_t time_embedding_dim = 0;                            // 0: 4 * block_out_channels[0]
  double resnet_out_scale_factor = 1.0;

  int64_t time_embed_dim() const { return time_embedding_dim > 0 ? time_embedding_dim : 4 * block_out_channels.at(0); }
  size_t num_blocks() const { return block_out_channels.size(); }
  // 2^(number of upsamplers): latent sizes that are multiples of this need no size fix-up.
  int64_t overall_up_factor() const;
  UNetFamily family() const;
  int64_t added_text_embeds_dim() const {  // SDXL pooled text embedding width expected by add_embedding
    return projection_class_embeddings_input_dim - 6 * addition_time_embed_dim;
  }

  // Parses a diffusers config (UNet2DConditionModel). Unsupported features are an olis::Error naming `source`.
  static UNetConfig from_json(const nlohmann::json& j, const std::string& source);
  static Expected<UNetConfig> load(const std::filesystem::path& config_json);

  struct DetectHints {
    std::vector<int64_t> num_attention_heads;  // heads per block, when known (shapes do not tell them)
    int64_t head_channels = 0;                 // or: channels per head
    int64_t text_embeds_dim = 0;               // SDXL: pooled text width (text_encoder_2 projection_dim)
    int64_t num_time_ids = 6;
    int64_t norm_num_groups = 0;               // 0: guess_norm_groups
    bool upcast_attention = false;
  };
  // From diffusers-named tensor shapes only. Heads: hints, else SD 1.x convention (8 heads) when there are no
  // linear projections, else 64 channels per head (SD 2.x / SDXL), else 8 (tiny test models), else their gcd.
  static UNetConfig detect(const io::TensorMap& tensors, const DetectHints& hints);
  static UNetConfig detect(const io::TensorMap& tensors) { return detect(tensors, DetectHints{}); }

  // Throws olis::Error (naming `source`) if the config is inconsistent.
  void validate(const std::string& source) const;
  nlohmann::json to_json() const;
};

}  // namespace olis::models
