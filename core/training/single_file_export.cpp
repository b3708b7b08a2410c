#include "core/training/single_file_export.h"

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/io/ldm_names.h"
#include "core/util/error.h"

namespace olis::training {

namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// diffusers VAE name -> LDM name, by mapping every LDM name the layout can have.
std::map<std::string, std::string> vae_inverse(int up_blocks) {
  std::vector<std::string> ldm;
  const char* resnet_parts[] = {"norm1", "conv1", "norm2", "conv2", "nin_shortcut"};
  const char* attn_parts[] = {"norm", "q", "k", "v", "proj_out"};
  for (const char* side : {"encoder", "decoder"}) {
    for (const char* top : {"conv_in", "conv_out", "norm_out"}) ldm.push_back(fmt::format("{}.{}", side, top));
    for (const char* b : {"block_1", "block_2"})
      for (const char* p : resnet_parts) ldm.push_back(fmt::format("{}.mid.{}.{}", side, b, p));
    for (const char* p : attn_parts) ldm.push_back(fmt::format("{}.mid.attn_1.{}", side, p));
    const char* level = std::string(side) == "encoder" ? "down" : "up";
    for (int i = 0; i < 8; ++i) {
      for (int j = 0; j < 4; ++j)
        for (const char* p : resnet_parts) ldm.push_back(fmt::format("{}.{}.{}.block.{}.{}", side, level, i, j, p));
      ldm.push_back(fmt::format("{}.{}.{}.{}.conv", side, level, i, std::string(side) == "encoder" ? "downsample" : "upsample"));
    }
  }
  ldm.push_back("quant_conv");
  ldm.push_back("post_quant_conv");
  std::map<std::string, std::string> inv;
  for (const auto& base : ldm)
    for (const char* leaf : {".weight", ".bias"}) {
      const auto name = base + leaf;
      if (auto d = io::ldm_vae_to_diffusers(name, up_blocks)) inv[*d] = name;
    }
  return inv;
}

int vae_up_blocks(const io::TensorMap& vae) {
  int n = 0;
  for (const auto& kv : vae)
    if (starts_with(kv.first, "decoder.up_blocks.")) n = std::max(n, std::atoi(kv.first.c_str() + 18) + 1);
  return n;
}

void add_open_clip(const io::TensorMap& hf, const std::string& prefix, bool keep_projection, io::TensorMap& out) {
  const std::string lp = "text_model.encoder.layers.";
  std::map<int, std::map<std::string, torch::Tensor>> qkv;
  for (const auto& [k, t] : hf) {
    if (k == "text_model.embeddings.token_embedding.weight") out[prefix + "token_embedding.weight"] = t;
    else if (k == "text_model.embeddings.position_embedding.weight") out[prefix + "positional_embedding"] = t;
    else if (k == "text_model.final_layer_norm.weight") out[prefix + "ln_final.weight"] = t;
    else if (k == "text_model.final_layer_norm.bias") out[prefix + "ln_final.bias"] = t;
    else if (k == "text_projection.weight") {
      if (keep_projection) out[prefix + "text_projection"] = t.t().contiguous();
    } else if (k.find("position_ids") != std::string::npos) {
      continue;
    } else if (starts_with(k, lp)) {
      const int n = std::atoi(k.c_str() + lp.size());
      std::string rest = k.substr(k.find('.', lp.size()) + 1);
      const std::string block = fmt::format("{}transformer.resblocks.{}.", prefix, n);
      bool done = false;
      for (const char* p : {"q", "k", "v"})
        for (const char* leaf : {"weight", "bias"})
          if (rest == fmt::format("self_attn.{}_proj.{}", p, leaf)) {
            qkv[n][fmt::format("{}.{}", p, leaf)] = t;
            done = true;
          }
      if (done) continue;
      const std::pair<const char*, const char*> renames[] = {{"layer_norm1.", "ln_1."}, {"layer_norm2.", "ln_2."},
                                                             {"self_attn.out_proj.", "attn.out_proj."},
                                                             {"mlp.fc1.", "mlp.c_fc."}, {"mlp.fc2.", "mlp.c_proj."}};
      bool renamed = false;
      for (const auto& [from, to] : renames)
        if (starts_with(rest, from)) {
          out[block + to + rest.substr(std::strlen(from))] = t;
          renamed = true;
        }
      if (!renamed) throw Error("single-file export: the text encoder key '" + k + "' has no OpenCLIP name");
    } else {
      throw Error("single-file export: the text encoder key '" + k + "' has no OpenCLIP name");
    }
  }
  for (auto& [n, parts] : qkv) {
    const std::string block = fmt::format("{}transformer.resblocks.{}.attn.", prefix, n);
    for (const char* leaf : {"weight", "bias"}) {
      auto q = parts.find(fmt::format("q.{}", leaf)), k = parts.find(fmt::format("k.{}", leaf)), v = parts.find(fmt::format("v.{}", leaf));
      if (q == parts.end() || k == parts.end() || v == parts.end())
        throw Error(fmt::format("single-file export: text block {} lacks one of q/k/v {}", n, leaf));
      out[block + "in_proj_" + leaf] = torch::cat({q->second, k->second, v->second}, 0);
    }
  }
}

}  // namespace

io::TensorMap diffusers_to_single_file(const std::map<std::string, io::TensorMap>& components, io::ModelFamily family,
                                       const io::TensorMap* original) {
  io::TensorMap out;
  if (auto it = components.find("unet"); it != components.end()) {
    std::vector<std::string> keys;
    for (const auto& kv : it->second) keys.push_back(kv.first);
    const auto layout = io::detect_diffusers_unet_layout(keys);
    for (const auto& [k, t] : it->second) {
      auto ldm = io::diffusers_unet_to_ldm(k, layout);
      if (!ldm) throw Error("single-file export: the UNet key '" + k + "' has no LDM name");
      out["model.diffusion_model." + *ldm] = t;
    }
  }
  if (auto it = components.find("vae"); it != components.end()) {
    const auto inv = vae_inverse(vae_up_blocks(it->second));
    for (const auto& [k, t] : it->second) {
      auto m = inv.find(k);
      if (m == inv.end()) throw Error("single-file export: the VAE key '" + k + "' has no LDM name");
      const bool attn_proj = k.find("mid_block.attentions.0.to_") != std::string::npos && t.dim() == 2;
      out["first_stage_model." + m->second] = attn_proj ? t.reshape({t.size(0), t.size(1), 1, 1}) : t;
    }
  }
  auto te = components.find("text_encoder");
  auto te2 = components.find("text_encoder_2");
  if (family == io::ModelFamily::SDXL) {
    if (te != components.end())
      for (const auto& [k, t] : te->second) out["conditioner.embedders.0.transformer." + k] = t;
    if (te2 != components.end()) add_open_clip(te2->second, "conditioner.embedders.1.model.", true, out);
  } else if (family == io::ModelFamily::SD2) {
    if (te != components.end()) {
      const std::string prefix = "cond_stage_model.model.";
      add_open_clip(te->second, prefix, false, out);
      // SD 2 keeps one more block than diffusers' text encoder (it conditions on the penultimate one):
      // take it from the original file, else repeat the last block (never used for conditioning).
      int last = -1;
      for (const auto& kv : out)
        if (starts_with(kv.first, prefix + "transformer.resblocks."))
          last = std::max(last, std::atoi(kv.first.c_str() + prefix.size() + 22));
      const std::string from = fmt::format("{}transformer.resblocks.{}.", prefix, last);
      const std::string to = fmt::format("{}transformer.resblocks.{}.", prefix, last + 1);
      bool copied = false;
      if (original)
        for (const auto& [k, t] : *original)
          if (starts_with(k, to) || k == prefix + "text_projection" || k == prefix + "logit_scale") {
            out[k] = t;
            copied = copied || starts_with(k, to);
          }
      if (!copied) {
        io::TensorMap extra;
        for (const auto& [k, t] : out)
          if (starts_with(k, from)) extra[to + k.substr(from.size())] = t;
        for (auto& kv : extra) out.insert(kv);
      }
    }
  } else if (te != components.end()) {
    for (const auto& [k, t] : te->second) out["cond_stage_model.transformer." + k] = t;
  }
  return out;
}

}  // namespace olis::training
