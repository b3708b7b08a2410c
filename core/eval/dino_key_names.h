#pragma once
// The one place where DINO ViT checkpoint names are converted. The model (dino_vit.h) is registered under
// the original DINO / timm names (`blocks.N.attn.qkv`, `pos_embed`, ...); HF `ViTModel` checkpoints
// (`facebook/dino-vits16` on the hub: `encoder.layer.N.attention.attention.query`, ...) are renamed at load
// time, their separate query/key/value rows fused into `qkv` in q, k, v order.
#include <string>

#include "core/io/safetensors.h"

namespace olis::eval {

enum class DinoNaming { kDino, kHfVit };

// Detects the naming of `weights` and returns them in DINO names. Wrapper prefixes (`vit.` of
// ViTForImageClassification, `backbone.`, `module.`, `teacher.`) are stripped; classifier heads and HF's
// pooler are dropped. Throws olis::Error naming `label` when the tensors are not a DINO ViT.
io::TensorMap to_dino_names(const io::TensorMap& weights, const std::string& label, DinoNaming* detected = nullptr);

}  // namespace olis::eval
