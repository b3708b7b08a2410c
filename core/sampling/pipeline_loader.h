#pragma once
// A ready-to-sample text-to-image pipeline from a model as users have it: a diffusers folder or a single
// .safetensors checkpoint (SD 1.x, SD 2.x, SDXL), with optional LoRAs. Owns the UNet, VAE, text encoders
// and tokenizers; generate() runs sampling::generate on them. No global state: two pipelines (even of
// the same model) can run side by side.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/io/model_family.h"
#include "core/models/placement.h"
#include "core/sampling/text_to_image.h"

namespace olis::sampling {

struct LoraSpec {
  std::filesystem::path path;
  double scale = 1.0;
};
// "file.safetensors:0.8" -> {file.safetensors, 0.8}; "file.safetensors" -> scale 1. Throws on a bad scale.
LoraSpec parse_lora_spec(const std::string& text);

enum class VaeDecodeMode { Full, Tiled };

struct PipelineLoadOptions {
  models::Placement placement;       // device and dtype of the UNet and VAE
  std::vector<LoraSpec> loras;       // merged into the weights at load
  std::filesystem::path vocab_dir;   // optional: CLIP vocab.json/merges.txt instead of the model's own or the bundled one
  // A diffusers folder whose text_encoder*/config.json describe a single-file checkpoint's text encoders,
  // for checkpoints whose shapes do not tell the head count.
  std::filesystem::path config_dir;
  VaeDecodeMode vae_decode = VaeDecodeMode::Full;
  bool long_prompts = false;         // A1111-style 75-token chunks instead of truncation
  int clip_skip = 0;
};

class TextToImagePipeline {
 public:
  // Throws olis::Error naming the file/folder and the problem (missing component, architecture that does not
  // match the config, LoRA for another model, unsupported dtype on the device, ...).
  static std::shared_ptr<TextToImagePipeline> load(const std::filesystem::path& model,
                                                   const PipelineLoadOptions& options = {});
  ~TextToImagePipeline();

  GenerateResult generate(const GenerateParams& params, const GenerateCallbacks& callbacks = {},
                          const CancelFlag& cancel = nullptr) const;

  const PipelineComponents& components() const { return components_; }
  io::ModelFamily family() const { return family_; }
  // The model's default sampling settings: SD 1.x/2.x 512x512, SDXL 1024x1024.
  int default_size_px() const;

  struct Models;  // the loaded modules (defined in the .cpp)

 private:
  TextToImagePipeline() = default;
  std::unique_ptr<Models> models_;
  PipelineComponents components_;
  io::ModelFamily family_ = io::ModelFamily::Unknown;
};

// The scheduler config of a model without one (single files): the family's diffusers default.
SchedulerConfig default_scheduler_config(io::ModelFamily family, bool v_prediction);

}  // namespace olis::sampling
