#include "core/eval/dino_key_names.h"

#include <array>
#include <regex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "core/util/error.h"

namespace olis::eval {
namespace {

struct Rename {
  const char* hf;    // HF ViTModel name (after "encoder.layer.N." for per-block entries)
  const char* dino;  // DINO name (after "blocks.N.")
};

constexpr std::array<Rename, 4> kTopLevel{{
    {"embeddings.cls_token", "cls_token"},
    {"embeddings.position_embeddings", "pos_embed"},
    {"embeddings.patch_embeddings.projection.", "patch_embed.proj."},
    {"layernorm.", "norm."},
}};

constexpr std::array<Rename, 5> kPerBlock{{
    {"layernorm_before.", "norm1."},
    {"attention.output.dense.", "attn.proj."},
    {"layernorm_after.", "norm2."},
    {"intermediate.dense.", "mlp.fc1."},
    {"output.dense.", "mlp.fc2."},
}};

// HF splits DINO's qkv Linear into three; DINO's row order is q, k, v.
constexpr std::array<const char*, 3> kQkvParts{"query", "key", "value"};

std::string strip_wrappers(std::string key) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const char* prefix : {"module.", "backbone.", "teacher.", "vit."}) {
      if (key.rfind(prefix, 0) == 0) {
        key = key.substr(std::string(prefix).size());
        changed = true;
      }
    }
  }
  return key;
}

bool dropped(const std::string& key) {
  return key.rfind("pooler.", 0) == 0 || key.rfind("head.", 0) == 0 || key.rfind("classifier.", 0) == 0 ||
         key.rfind("fc_norm.", 0) == 0;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

io::TensorMap to_dino_names(const io::TensorMap& weights, const std::string& label, DinoNaming* detected) {
  io::TensorMap stripped;
  for (const auto& [k, v] : weights) {
    auto key = strip_wrappers(k);
    if (!dropped(key)) stripped[key] = v;
  }
  const bool is_dino = stripped.count("pos_embed") && stripped.count("cls_token");
  const bool is_hf = stripped.count("embeddings.position_embeddings") && stripped.count("embeddings.cls_token");
  if (!is_dino && !is_hf)
    throw Error(fmt::format("{}: neither DINO names (pos_embed, cls_token, blocks.N.*) nor HF ViTModel names "
                            "(embeddings.position_embeddings, encoder.layer.N.*) found; is this a DINO ViT?", label));
  if (detected) *detected = is_dino ? DinoNaming::kDino : DinoNaming::kHfVit;
  if (is_dino) return stripped;

  static const std::regex block_re(R"(^encoder\.layer\.(\d+)\.(.*)$)");
  io::TensorMap out;
  std::map<std::string, std::array<torch::Tensor, 3>> qkv;  // "blocks.N.attn.qkv.weight" -> q, k, v
  for (const auto& [key, value] : stripped) {
    std::smatch m;
    bool done = false;
    if (std::regex_match(key, m, block_re)) {
      const std::string block = "blocks." + m[1].str() + ".";
      const std::string rest = m[2].str();
      for (const auto& r : kPerBlock) {
        if (starts_with(rest, r.hf)) {
          out[block + r.dino + rest.substr(std::string(r.hf).size())] = value;
          done = true;
          break;
        }
      }
      for (size_t part = 0; part < kQkvParts.size() && !done; ++part) {
        const std::string prefix = fmt::format("attention.attention.{}.", kQkvParts[part]);
        if (starts_with(rest, prefix.c_str())) {
          qkv[block + "attn.qkv." + rest.substr(prefix.size())][part] = value;
          done = true;
        }
      }
    } else {
      for (const auto& r : kTopLevel) {
        if (starts_with(key, r.hf)) {
          out[r.dino + key.substr(std::string(r.hf).size())] = value;
          done = true;
          break;
        }
      }
    }
    if (!done) spdlog::warn("{}: HF ViT weight '{}' has no DINO counterpart; ignored", label, key);
  }
  for (auto& [name, parts] : qkv) {
    for (size_t i = 0; i < parts.size(); ++i)
      if (!parts[i].defined())
        throw Error(fmt::format("{}: '{}' needs attention.attention.{} but it is missing", label, name, kQkvParts[i]));
    out[name] = torch::cat({parts[0], parts[1], parts[2]}, 0);
  }
  return out;
}

}  // namespace olis::eval
