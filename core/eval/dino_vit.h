#pragma once
// DINO ViT backbone (facebookresearch/dino `VisionTransformer`, ViT-S/16 for DreamBench), registered under
// DINO's own names (`cls_token`, `pos_embed`, `patch_embed.proj`, `blocks.N.{norm1,attn.qkv,attn.proj,norm2,
// mlp.fc1,mlp.fc2}`, `norm`). HF ViTModel checkpoints are converted by dino_key_names.h.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/io/safetensors.h"

namespace olis::eval {

enum class PosEmbedInterpolation {
  kDinoScaleFactor,  // DINO: bicubic with scale_factor (h0 + 0.1) / s (the reference for the DINO score)
  kTargetSize,       // recent HF ViTModel(interpolate_pos_encoding=True): bicubic to size (h0, w0)
};

struct DinoVitConfig {
  int64_t embed_dim = 384;
  int64_t depth = 12;
  int64_t num_heads = 6;
  int64_t patch_size = 16;
  int64_t img_size = 224;
  int64_t mlp_hidden = 1536;
  bool qkv_bias = true;
  double norm_eps = 1e-6;  // DINO's value; HF hub configs say 1e-12 (read it from the config you load)

  // HF ViTConfig (hidden_size, num_attention_heads, layer_norm_eps, ...) or DINO constructor arguments
  // (embed_dim, num_heads, norm_eps, ...).
  static DinoVitConfig from_json(const nlohmann::json& j, const std::string& label);
  // Sizes from tensor shapes of DINO-named weights (heads and eps stay as in `base`).
  static DinoVitConfig detect(const io::TensorMap& dino_weights, const DinoVitConfig& base, const std::string& label);
};

struct DinoOutput {
  torch::Tensor pos_embed;                  // [1, h0*w0+1, D] as added to the tokens
  torch::Tensor last_hidden_state;          // [B, h0*w0+1, D] after the final norm
  torch::Tensor cls_embedding;              // [B, D] = last_hidden_state[:, 0] (DINO's model(x))
  std::vector<torch::Tensor> intermediate;  // depth x [B, N+1, D], each block output through `norm` (when asked)
};

class DinoBlockImpl : public torch::nn::Module {
 public:
  DinoBlockImpl(const DinoVitConfig& cfg);
  // x: [B, L, D] -> [B, L, D]
  torch::Tensor forward(const torch::Tensor& x);

 private:
  struct Attention : torch::nn::Module {
    explicit Attention(const DinoVitConfig& cfg);
    torch::nn::Linear qkv{nullptr}, proj{nullptr};
    int64_t heads;
  };
  struct Mlp : torch::nn::Module {
    explicit Mlp(const DinoVitConfig& cfg);
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  };
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
  std::shared_ptr<Attention> attn_;
  std::shared_ptr<Mlp> mlp_;
};
TORCH_MODULE(DinoBlock);

class DinoVitImpl : public torch::nn::Module {
 public:
  explicit DinoVitImpl(const DinoVitConfig& cfg);
  // pixel_values: [B, 3, H, W] normalised (H, W multiples of patch_size need not equal img_size)
  DinoOutput forward(const torch::Tensor& pixel_values, bool keep_intermediate = false);
  // pixel_values: [B, 3, H, W] -> [B, D] CLS embeddings (not normalised)
  torch::Tensor embed(const torch::Tensor& pixel_values) { return forward(pixel_values).cls_embedding; }
  // Position table for an h0 x w0 patch grid: [1, h0*w0+1, D]
  torch::Tensor interpolate_pos_encoding(int64_t h0, int64_t w0) const;
  const DinoVitConfig& config() const { return cfg_; }
  PosEmbedInterpolation interpolation = PosEmbedInterpolation::kDinoScaleFactor;

 private:
  struct PatchEmbed : torch::nn::Module {
    explicit PatchEmbed(const DinoVitConfig& cfg);
    torch::nn::Conv2d proj{nullptr};
  };
  DinoVitConfig cfg_;
  torch::Tensor cls_token_, pos_embed_;
  std::shared_ptr<PatchEmbed> patch_embed_;
  torch::nn::ModuleList blocks_;
  torch::nn::LayerNorm norm_{nullptr};
};
TORCH_MODULE(DinoVit);

// Loads a DINO ViT from a .safetensors file (DINO or HF ViTModel names) or a folder holding one. The
// config comes from config.json (HF ViTConfig) or dino_config.json next to the weights; without one, sizes
// are read from the shapes, heads = D/64 and eps = 1e-6 (DINO names) or 1e-12 (HF names, ViTConfig default).
DinoVit load_dino_vit(const std::filesystem::path& folder_or_file);

}  // namespace olis::eval
