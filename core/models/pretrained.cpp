#include "core/models/pretrained.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/io/ldm_names.h"

namespace olis::models {

UNetConfig unet_config_for(const io::ModelSource& source, const io::TensorMap& tensors) {
  const auto label = (source.info().path / "unet" / "config.json").string();
  if (auto j = source.component_config("unet")) return UNetConfig::from_json(*j, label);
  UNetConfig::DetectHints hints;
  if (source.family() == io::ModelFamily::SDXL && source.has_component("text_encoder_2")) {
    auto te2 = source.component_weights("text_encoder_2");
    if (te2 && te2->count("text_projection.weight")) hints.text_embeds_dim = te2->at("text_projection.weight").size(0);
  }
  return UNetConfig::detect(tensors, hints);
}

VaeConfig vae_config_for(const io::ModelSource& source, const io::TensorMap& tensors) {
  if (auto j = source.component_config("vae")) return VaeConfig::from_json(*j, (source.info().path / "vae" / "config.json").string());
  VaeConfig::DetectHints hints;
  hints.scaling_factor = source.family() == io::ModelFamily::SDXL ? 0.13025 : 0.18215;
  return VaeConfig::detect(tensors, hints);
}

UNet2DConditionModel load_unet(const io::ModelSource& source, const Placement& placement) {
  auto tensors = value_or_throw(source.component_weights("unet"));
  auto config = unet_config_for(source, tensors);
  const auto label = source.info().layout == io::ModelLayout::SingleFile
                         ? source.info().path.string() + " (UNet)"
                         : (source.info().path / "unet").string();
  return load_unet(config, tensors, label, placement);
}

AutoencoderKL load_vae(const io::ModelSource& source, const Placement& placement) {
  auto tensors = value_or_throw(source.component_weights("vae"));
  auto config = vae_config_for(source, tensors);
  const auto label = source.info().layout == io::ModelLayout::SingleFile
                         ? source.info().path.string() + " (VAE)"
                         : (source.info().path / "vae").string();
  return load_vae(config, tensors, label, placement);
}

LoraTargetTree lora_target(UNet2DConditionModel& unet) {
  std::vector<std::string> keys;
  for (const auto& p : unet->named_parameters(true)) keys.push_back(p.key());
  auto layout = std::make_shared<io::LdmUnetLayout>(io::detect_diffusers_unet_layout(keys));
  LoraTargetTree tree;
  tree.component = "unet";
  tree.kohya_prefixes = {"lora_unet"};
  tree.root = unet.get();
  tree.aliases = [layout](const std::string& path) {
    std::vector<std::string> out;
    if (auto ldm = io::diffusers_unet_to_ldm(path, *layout)) out.push_back(*ldm);
    return out;
  };
  return tree;
}

}  // namespace olis::models
