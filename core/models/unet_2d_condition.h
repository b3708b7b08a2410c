#pragma once
// diffusers UNet2DConditionModel for SD 1.x, SD 2.x and SDXL (unet_2d_condition.py): sinusoidal time
// embedding (+ SDXL text_time conditioning), conv_in, down blocks, mid block, up blocks with skip
// connections, GroupNorm -> SiLU -> conv_out. Parameter names are diffusers' checkpoint keys.
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/io/safetensors.h"
#include "core/models/embeddings.h"
#include "core/models/placement.h"
#include "core/models/unet_2d_blocks.h"
#include "core/models/unet_config.h"

namespace olis::models {

// SDXL added conditioning (addition_embed_type "text_time").
struct UNetAddedCond {
  torch::Tensor text_embeds;  // [N, P] pooled text embedding of text_encoder_2
  torch::Tensor time_ids;     // [N, 6]: original (h, w), crop (top, left), target (h, w)
};

class UNet2DConditionModelImpl : public torch::nn::Module {
 public:
  UNet2DConditionModelImpl(const UNetConfig& config, const torch::TensorOptions& options = {});

  // sample: [N, C_in, H, W]; timestep: [] or [N] (integer or float); encoder_hidden_states: [N, L, D]
  // -> [N, C_out, H, W]. If `debug` is given, sub-module outputs are stored there under diffusers' names
  // (time_proj, time_embedding, conv_in, down_blocks.i, mid_block, up_blocks.i, add_time_proj, add_embedding).
  torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                        const torch::Tensor& encoder_hidden_states, const UNetAddedCond& added = {},
                        io::TensorMap* debug = nullptr);

  const UNetConfig& config() const { return config_; }
  torch::Device device() const { return conv_in->weight.device(); }
  torch::ScalarType dtype() const { return conv_in->weight.scalar_type(); }

  TimestepEmbedding time_embedding{nullptr}, add_embedding{nullptr};
  Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList down_blocks{nullptr}, up_blocks{nullptr};
  std::vector<UNetDownBlock> down_list;
  std::vector<UNetUpBlock> up_list;
  UNetMidBlock2DCrossAttn mid_block{nullptr};
  GroupNorm conv_norm_out{nullptr};

 private:
  UNetConfig config_;
};
TORCH_MODULE(UNet2DConditionModel);

// Loads a diffusers UNet component folder (config.json + diffusion_pytorch_model[.fp16].safetensors or a
// sharded *.safetensors.index.json). Throws olis::Error naming the folder or file on any problem.
UNet2DConditionModel load_unet(const std::filesystem::path& component_dir, const Placement& placement = {});
// Builds from a config and diffusers-named tensors (e.g. converted from a single file); `source` names them.
UNet2DConditionModel load_unet(const UNetConfig& config, const io::TensorMap& tensors, const std::string& source,
                               const Placement& placement = {});

}  // namespace olis::models
