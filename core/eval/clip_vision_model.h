#pragma once
// CLIP vision tower + projection (HF `CLIPVisionModelWithProjection`), submodules under HF key names:
// `vision_model.embeddings.*`, `vision_model.pre_layrnorm` (sic), `vision_model.encoder.layers.N.*`,
// `vision_model.post_layernorm`, `visual_projection`. Used for CLIP-I and CLIP-T (image side).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::eval {

enum class VisionActivation { kQuickGelu, kGelu };

struct ClipVisionConfig {
  int64_t hidden_size = 768;
  int64_t intermediate_size = 3072;
  int64_t num_hidden_layers = 12;
  int64_t num_attention_heads = 12;
  int64_t image_size = 224;
  int64_t patch_size = 32;
  int64_t projection_dim = 512;
  double layer_norm_eps = 1e-5;
  VisionActivation hidden_act = VisionActivation::kQuickGelu;

  // Reads HF CLIPVisionConfig, or the `vision_config` (+ top-level `projection_dim`) of a full CLIPConfig.
  static ClipVisionConfig from_json(const nlohmann::json& j, const std::string& label);
  // Sizes from tensor shapes (heads and eps cannot be seen there: they stay as in `base`).
  static ClipVisionConfig detect(const io::TensorMap& weights, const ClipVisionConfig& base, const std::string& label);
};

struct ClipVisionOutput {
  torch::Tensor embeddings;                  // [B, N+1, D] before pre_layrnorm
  std::vector<torch::Tensor> hidden_states;  // num_layers + 1 of [B, N+1, D] (filled when asked)
  torch::Tensor last_hidden_state;           // [B, N+1, D]
  torch::Tensor pooler_output;               // [B, D] = post_layernorm(CLS)
  torch::Tensor image_embeds;                // [B, P], not normalised
};

class ClipEncoderLayerImpl : public torch::nn::Module {
 public:
  explicit ClipEncoderLayerImpl(const ClipVisionConfig& cfg);
  // x: [B, L, D] -> [B, L, D]
  torch::Tensor forward(const torch::Tensor& x);

 private:
  struct Attention : torch::nn::Module {
    explicit Attention(const ClipVisionConfig& cfg);
    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
    int64_t heads;
  };
  struct Mlp : torch::nn::Module {
    explicit Mlp(const ClipVisionConfig& cfg);
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  };
  std::shared_ptr<Attention> self_attn_;
  std::shared_ptr<Mlp> mlp_;
  torch::nn::LayerNorm layer_norm1_{nullptr}, layer_norm2_{nullptr};
  VisionActivation act_;
};
TORCH_MODULE(ClipEncoderLayer);

class ClipVisionModelImpl : public torch::nn::Module {
 public:
  explicit ClipVisionModelImpl(const ClipVisionConfig& cfg);
  // pixel_values: [B, 3, S, S] normalised, S = image_size -> embeddings of every stage
  ClipVisionOutput forward(const torch::Tensor& pixel_values, bool keep_hidden_states = false);
  // pixel_values: [B, 3, S, S] -> [B, P] projected image embeddings (not normalised)
  torch::Tensor embed(const torch::Tensor& pixel_values) { return forward(pixel_values).image_embeds; }
  const ClipVisionConfig& config() const { return cfg_; }

 private:
  struct Embeddings : torch::nn::Module {
    explicit Embeddings(const ClipVisionConfig& cfg);
    torch::Tensor class_embedding;
    torch::nn::Conv2d patch_embedding{nullptr};
    torch::nn::Embedding position_embedding{nullptr};
  };
  struct Encoder : torch::nn::Module {
    explicit Encoder(const ClipVisionConfig& cfg);
    torch::nn::ModuleList layers;
  };
  struct Tower : torch::nn::Module {
    explicit Tower(const ClipVisionConfig& cfg);
    std::shared_ptr<Embeddings> embeddings;
    torch::nn::LayerNorm pre_layrnorm{nullptr};
    std::shared_ptr<Encoder> encoder;
    torch::nn::LayerNorm post_layernorm{nullptr};
  };
  ClipVisionConfig cfg_;
  std::shared_ptr<Tower> vision_model_;
  torch::nn::Linear visual_projection_{nullptr};
};
TORCH_MODULE(ClipVisionModel);

// Loads from a CLIP folder (config.json + model.safetensors or a sharded index, which may also hold
// `text_model.*`) or from a single .safetensors file (sizes detected from shapes, a config.json beside
// it is used when present). Throws olis::Error naming the file.
ClipVisionModel load_clip_vision_model(const std::filesystem::path& folder_or_file);

}  // namespace olis::eval
