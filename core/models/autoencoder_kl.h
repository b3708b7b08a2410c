#pragma once
// diffusers AutoencoderKL: encoder -> quant_conv -> diagonal Gaussian over latents; post_quant_conv -> decoder.
// scaling_factor is NOT applied here (the pipeline multiplies encoded latents by it and divides before decode).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <c10/util/Optional.h>  // c10::optional: declared on every libtorch, not only through torch.h
#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/models/placement.h"
#include "core/models/vae.h"
#include "core/util/error.h"

namespace olis::models {

struct VaeConfig {
  int64_t in_channels = 3;
  int64_t out_channels = 3;
  std::vector<int64_t> block_out_channels{128, 256, 512, 512};
  int64_t layers_per_block = 2;
  int64_t latent_channels = 4;
  int64_t norm_num_groups = 32;
  int64_t sample_size = 512;
  double scaling_factor = 0.18215;  // SD 1.x/2.x; SDXL 0.13025
  std::optional<double> shift_factor;
  bool force_upcast = true;         // fp16 overflows (SDXL VAE): run fp16 requests in float32
  bool mid_block_add_attention = true;
  bool use_quant_conv = true;
  bool use_post_quant_conv = true;

  int64_t downscale_factor() const { return int64_t{1} << (block_out_channels.size() - 1); }

  static VaeConfig from_json(const nlohmann::json& j, const std::string& source);
  static Expected<VaeConfig> load(const std::filesystem::path& config_json);

  struct DetectHints {
    double scaling_factor = 0;  // 0: SD's 0.18215 (SDXL files need 0.13025: not visible in shapes)
    bool force_upcast = true;
    int64_t norm_num_groups = 0;  // 0: guess_norm_groups (32 for real models)
  };
  // From diffusers-named tensor shapes (encoder.*, decoder.*, quant_conv.*, post_quant_conv.*).
  static VaeConfig detect(const io::TensorMap& tensors, const DetectHints& hints);
  static VaeConfig detect(const io::TensorMap& tensors) { return detect(tensors, DetectHints{}); }
  nlohmann::json to_json() const;
};

// The posterior q(z | x) = N(mean, exp(logvar)); logvar clamped to [-30, 20] as diffusers does.
struct LatentDistribution {
  torch::Tensor mean;    // [N, latent, h, w]
  torch::Tensor logvar;  // [N, latent, h, w]
  torch::Tensor std() const { return torch::exp(0.5 * logvar); }
  torch::Tensor mode() const { return mean; }
  // mean + std * noise, noise ~ N(0, 1) drawn on the CPU from `generator` (as diffusers' randn_tensor does),
  // so a seeded CPU generator reproduces diffusers' latent_dist.sample(generator).
  torch::Tensor sample(c10::optional<at::Generator> generator = c10::nullopt) const;
  torch::Tensor sample_with_noise(const torch::Tensor& noise) const { return mean + std() * noise.to(mean); }
  torch::Tensor moments() const { return torch::cat({mean, logvar}, 1); }  // [N, 2*latent, h, w]
};

struct TiledDecodeOptions {
  int64_t tile_latent = 64;     // tile edge in latent pixels (64 = 512 image pixels for SD)
  int64_t overlap_latent = 16;  // overlap between neighbouring tiles, blended with linear ramps
};

class AutoencoderKLImpl : public torch::nn::Module {
 public:
  AutoencoderKLImpl(const VaeConfig& config, const torch::TensorOptions& options = {});

  // image: [N, 3, H, W] in [-1, 1] -> distribution over [N, latent, H/f, W/f]
  LatentDistribution encode(const torch::Tensor& image);
  // z: [N, latent, h, w] (unscaled) -> [N, 3, h*f, w*f] in about [-1, 1], in `output_dtype()`
  torch::Tensor decode(const torch::Tensor& z);
  // Same, decoding overlapping tiles one at a time so activation memory is bounded by the tile size.
  // Tiles see only their own area (GroupNorm statistics are per tile), so results differ slightly from
  // decode(); with tile_latent >= the latent size it is exactly decode().
  torch::Tensor decode_tiled(const torch::Tensor& z, const TiledDecodeOptions& options = {});

  const VaeConfig& config() const { return config_; }
  double scaling_factor() const { return config_.scaling_factor; }
  torch::ScalarType compute_dtype() const { return encoder->conv_in->weight.scalar_type(); }
  torch::Device device() const { return encoder->conv_in->weight.device(); }
  // The dtype callers asked for at load time (compute may be float32 through force_upcast).
  torch::ScalarType output_dtype() const { return output_dtype_; }
  void set_output_dtype(torch::ScalarType t) { output_dtype_ = t; }

  Encoder encoder{nullptr};
  Decoder decoder{nullptr};
  Conv2d quant_conv{nullptr}, post_quant_conv{nullptr};

 private:
  VaeConfig config_;
  torch::ScalarType output_dtype_;
};
TORCH_MODULE(AutoencoderKL);

// Loads a diffusers VAE folder (config.json + diffusion_pytorch_model.safetensors). fp16 with force_upcast
// computes in float32 (the SDXL VAE overflows to NaN in fp16) and returns fp16.
AutoencoderKL load_vae(const std::filesystem::path& component_dir, const Placement& placement = {});
AutoencoderKL load_vae(const VaeConfig& config, const io::TensorMap& tensors, const std::string& source,
                       const Placement& placement = {});

}  // namespace olis::models
