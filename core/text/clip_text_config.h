#pragma once
// Configuration of a CLIP text transformer (HF CLIPTextConfig), read from config.json or detected from
// tensor shapes for single-file checkpoints (which record neither the head count nor the activation:
// heads are 64 wide in every released CLIP/OpenCLIP text tower, and the activation follows the layout).
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/util/error.h"

namespace olis::text {

enum class ClipActivation { QuickGelu, Gelu };  // openai CLIP x*sigmoid(1.702x) / exact erf GELU (OpenCLIP)

struct ClipTextConfig {
  int64_t vocab_size = 49408;
  int64_t hidden_size = 768;
  int64_t intermediate_size = 3072;
  int64_t num_layers = 12;
  int64_t num_heads = 12;
  int64_t max_positions = 77;
  int64_t projection_dim = 0;  // > 0: the model has text_projection [projection_dim, hidden_size]
  double layer_norm_eps = 1e-5;
  ClipActivation activation = ClipActivation::QuickGelu;
  // Pooled output position: first eos token; the legacy value 2 (real SD configs) means argmax(ids),
  // which is the same position for the CLIP vocabulary (eos 49407 is the largest id).
  int64_t eos_token_id = 49407;

  static ClipTextConfig clip_vit_l14();       // SD 1.x text_encoder, SDXL text_encoder
  static ClipTextConfig open_clip_vit_h14();  // SD 2.x text_encoder (23 of 24 blocks)
  static ClipTextConfig open_clip_vit_bigg14();  // SDXL text_encoder_2 (with projection)
  std::string summary() const;                // "768 wide, 12 layers, 12 heads, quick_gelu, ..."
};

// `label` names the file in error messages. with_projection: the checkpoint class has text_projection
// (CLIPTextModelWithProjection); when unknown, pass the presence of "text_projection.weight".
ClipTextConfig clip_text_config_from_json(const nlohmann::json& config, bool with_projection,
                                          const std::string& label);
Expected<ClipTextConfig> read_clip_text_config(const std::filesystem::path& config_json, bool with_projection);
// From diffusers/HF-named tensors (shapes only). Throws olis::Error naming `label` and the missing key.
ClipTextConfig detect_clip_text_config(const io::TensorMap& weights, ClipActivation activation,
                                       const std::string& label);

}  // namespace olis::text
