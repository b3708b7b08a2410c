#include "core/io/single_file.h"

#include <fmt/format.h>

#include "core/io/ldm_names.h"

namespace olis::io {
namespace {

constexpr std::string_view kUnetPrefix = "model.diffusion_model.";
constexpr std::string_view kVaePrefix = "first_stage_model.";
constexpr std::string_view kSd1TextPrefix = "cond_stage_model.transformer.";
constexpr std::string_view kSd2TextPrefix = "cond_stage_model.model.";
constexpr std::string_view kSdxlText1Prefix = "conditioner.embedders.0.transformer.";
constexpr std::string_view kSdxlText2Prefix = "conditioner.embedders.1.model.";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// OpenCLIP text tower names -> HF CLIPTextModel names (besides the fused attention, handled apart).
struct Rename {
  std::string_view from;
  std::string_view to;
};
constexpr Rename kOpenClipTop[] = {
    {"token_embedding.weight", "text_model.embeddings.token_embedding.weight"},
    {"positional_embedding", "text_model.embeddings.position_embedding.weight"},
    {"ln_final.weight", "text_model.final_layer_norm.weight"},
    {"ln_final.bias", "text_model.final_layer_norm.bias"},
};
constexpr Rename kOpenClipBlock[] = {
    {"ln_1.", "layer_norm1."},          {"ln_2.", "layer_norm2."},     {"attn.out_proj.", "self_attn.out_proj."},
    {"mlp.c_fc.", "mlp.fc1."},          {"mlp.c_proj.", "mlp.fc2."},
};

int max_resblock(const TensorMap& ldm, std::string_view prefix) {
  int m = -1;
  const std::string p = std::string(prefix) + "transformer.resblocks.";
  for (const auto& kv : ldm) {
    if (!starts_with(kv.first, p)) continue;
    m = std::max(m, std::atoi(kv.first.c_str() + p.size()));
  }
  return m;
}

// Converts one OpenCLIP tower. drop_last_block: SD 2 conditions on the penultimate block, and diffusers'
// SD 2 text encoder has one block fewer than the file.
void convert_open_clip(const TensorMap& ldm, std::string_view prefix, bool drop_last_block, bool keep_projection,
                       TensorMap& out, std::vector<std::string>& ignored, const std::string& label) {
  const int last = max_resblock(ldm, prefix);
  const std::string block_prefix = std::string(prefix) + "transformer.resblocks.";
  for (const auto& [key, t] : ldm) {
    if (!starts_with(key, prefix)) continue;
    std::string_view k = std::string_view(key).substr(prefix.size());
    bool done = false;
    for (const auto& r : kOpenClipTop)
      if (k == r.from) {
        out[std::string(r.to)] = t;
        done = true;
      }
    if (done) continue;
    if (k == "text_projection") {
      if (keep_projection) out["text_projection.weight"] = t.t();  // OpenCLIP computes x @ P; HF Linear is P^T
      else ignored.push_back(key);
      continue;
    }
    if (k == "logit_scale") {
      ignored.push_back(key);
      continue;
    }
    if (starts_with(key, block_prefix)) {
      const int n = std::atoi(key.c_str() + block_prefix.size());
      auto inner = std::string_view(key).substr(block_prefix.size());
      inner.remove_prefix(inner.find('.') + 1);
      if (drop_last_block && n == last) {
        ignored.push_back(key);
        continue;
      }
      const std::string layer = "text_model.encoder.layers." + std::to_string(n) + ".";
      if (inner == "attn.in_proj_weight" || inner == "attn.in_proj_bias") {
        // cat([q, k, v], 0): split by the width, in_proj_weight.shape[1] (not by text_projection's size).
        const bool is_weight = inner == "attn.in_proj_weight";
        if (t.size(0) % 3 != 0)
          throw Error(fmt::format("{}: {} has {} rows, not a multiple of 3 (fused q, k, v)", label, key, t.size(0)));
        auto parts = t.chunk(3, 0);
        const char* names[3] = {"q_proj", "k_proj", "v_proj"};
        for (int i = 0; i < 3; ++i)
          out[layer + "self_attn." + names[i] + (is_weight ? ".weight" : ".bias")] = parts[static_cast<size_t>(i)];
        continue;
      }
      bool renamed = false;
      for (const auto& r : kOpenClipBlock)
        if (starts_with(inner, r.from)) {
          out[layer + std::string(r.to) + std::string(inner.substr(r.from.size()))] = t;
          renamed = true;
          break;
        }
      if (!renamed) ignored.push_back(key);
      continue;
    }
    ignored.push_back(key);
  }
}

// HF CLIPTextModel stored under a prefix; very old files lack the "text_model." level.
void convert_hf_clip(const TensorMap& ldm, std::string_view prefix, TensorMap& out, std::vector<std::string>& ignored) {
  for (const auto& [key, t] : ldm) {
    if (!starts_with(key, prefix)) continue;
    std::string k = key.substr(prefix.size());
    if (k.find("position_ids") != std::string::npos) {
      ignored.push_back(key);  // a buffer, not a weight
      continue;
    }
    if (!starts_with(k, "text_model.") && !starts_with(k, "text_projection")) k = "text_model." + k;
    out[k] = t;
  }
}

}  // namespace

ModelFamily detect_single_file_family(const std::vector<TensorInfo>& tensors) {
  bool has_conditioner = false, has_label_emb = false, has_open_clip = false, has_hf_clip = false;
  bool linear_proj = false, conv_proj = false;
  int64_t context_dim = 0;
  for (const auto& t : tensors) {
    const auto& n = t.name;
    if (starts_with(n, "conditioner.embedders.")) has_conditioner = true;
    if (starts_with(n, "model.diffusion_model.label_emb.")) has_label_emb = true;
    if (starts_with(n, kSd2TextPrefix)) has_open_clip = true;
    if (starts_with(n, kSd1TextPrefix)) has_hf_clip = true;
    if (starts_with(n, kUnetPrefix) && n.size() > 15 && n.compare(n.size() - 15, 15, ".proj_in.weight") == 0) {
      if (t.shape.size() == 2) linear_proj = true;
      if (t.shape.size() == 4) conv_proj = true;
    }
    if (starts_with(n, kUnetPrefix) && n.find("attn2.to_k.weight") != std::string::npos && t.shape.size() == 2)
      context_dim = t.shape[1];
  }
  if (has_conditioner || has_label_emb || context_dim == 2048) return ModelFamily::SDXL;
  if (has_open_clip || context_dim == 1024) return ModelFamily::SD2;
  if (has_hf_clip || conv_proj || context_dim == 768) return ModelFamily::SD1;
  if (linear_proj) return ModelFamily::SD2;
  return ModelFamily::Unknown;
}

ConvertedCheckpoint convert_single_file(const TensorMap& ldm, ModelFamily family, const std::string& label) {
  ConvertedCheckpoint out;
  out.family = family;
  std::vector<std::string> unet_keys, vae_keys;
  for (const auto& kv : ldm) {
    if (starts_with(kv.first, kUnetPrefix)) unet_keys.push_back(kv.first);
    if (starts_with(kv.first, kVaePrefix)) vae_keys.push_back(kv.first);
  }
  const auto unet_layout = detect_ldm_unet_layout(unet_keys);
  const int vae_up = detect_ldm_vae_up_blocks(vae_keys);

  for (const auto& [key, t] : ldm) {
    if (starts_with(key, kUnetPrefix)) {
      auto name = ldm_unet_to_diffusers(key, unet_layout);
      if (!name) {
        out.ignored_keys.push_back(key);
        continue;
      }
      out.components["unet"][*name] = t;
    } else if (starts_with(key, kVaePrefix)) {
      auto name = ldm_vae_to_diffusers(key, vae_up);
      if (!name) {
        out.ignored_keys.push_back(key);
        continue;
      }
      // LDM's mid-block attention uses 1x1 convs; diffusers uses Linear layers.
      const bool attn_proj = name->find("mid_block.attentions.0.to_") != std::string::npos && t.dim() == 4;
      out.components["vae"][*name] = attn_proj ? t.flatten(1) : t;
    }
  }
  if (family == ModelFamily::SDXL) {
    convert_hf_clip(ldm, kSdxlText1Prefix, out.components["text_encoder"], out.ignored_keys);
    convert_open_clip(ldm, kSdxlText2Prefix, /*drop_last_block=*/false, /*keep_projection=*/true,
                      out.components["text_encoder_2"], out.ignored_keys, label);
  } else if (family == ModelFamily::SD2) {
    convert_open_clip(ldm, kSd2TextPrefix, /*drop_last_block=*/true, /*keep_projection=*/false,
                      out.components["text_encoder"], out.ignored_keys, label);
  } else {
    convert_hf_clip(ldm, kSd1TextPrefix, out.components["text_encoder"], out.ignored_keys);
  }
  // Everything else (EMA copies, scheduler buffers, other embedders) is reported, not used.
  const std::string_view known[] = {kUnetPrefix, kVaePrefix, kSd1TextPrefix, kSd2TextPrefix, kSdxlText1Prefix,
                                    kSdxlText2Prefix};
  for (const auto& kv : ldm) {
    bool ok = false;
    for (auto p : known) ok = ok || starts_with(kv.first, p);
    const bool text_of_other_family =
        (family == ModelFamily::SDXL && (starts_with(kv.first, kSd1TextPrefix) || starts_with(kv.first, kSd2TextPrefix))) ||
        (family == ModelFamily::SD2 && (starts_with(kv.first, kSd1TextPrefix) || starts_with(kv.first, "conditioner."))) ||
        (family != ModelFamily::SDXL && family != ModelFamily::SD2 &&
         (starts_with(kv.first, kSd2TextPrefix) || starts_with(kv.first, "conditioner.")));
    if (!ok || text_of_other_family) out.ignored_keys.push_back(kv.first);
  }
  for (auto it = out.components.begin(); it != out.components.end();)
    it = it->second.empty() ? out.components.erase(it) : std::next(it);
  std::sort(out.ignored_keys.begin(), out.ignored_keys.end());
  out.ignored_keys.erase(std::unique(out.ignored_keys.begin(), out.ignored_keys.end()), out.ignored_keys.end());
  return out;
}

}  // namespace olis::io
